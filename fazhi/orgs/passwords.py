"""Password rules: at least 8 characters of 3 of 4 character classes, never containing the username."""

import re

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError


class MinimumLengthValidator(DjangoMinimumLength):
    """Django's length rule with a Chinese message (Django 5.2's zh_Hans catalog lacks its new msgid)."""

    def get_error_message(self):
        return f"密码长度太短：至少需要{self.min_length}个字符"

    def get_help_text(self):
        return f"密码至少需要{self.min_length}个字符。"


class CharacterClassValidator:
    """Requires three of: lower-case letters, upper-case letters, digits, other characters."""

    def validate(self, password, user=None):
        classes = [
            re.search(r"[a-z]", password),
            re.search(r"[A-Z]", password),
            re.search(r"[0-9]", password),
            re.search(r"[^a-zA-Z0-9]", password),
        ]
        if sum(1 for c in classes if c) < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类", code="password_classes"
            )

    def get_help_text(self):
        return "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"


class NoUsernameValidator:
    """Refuses a password that contains the username (case-insensitive)."""

    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名", code="password_contains_username")

    def get_help_text(self):
        return "密码不能包含用户名。"
