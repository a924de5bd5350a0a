"""Password rules: at least 8 characters of 3 of 4 classes, never the username, none of the last five."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.core.exceptions import ValidationError

from fazhi.securitypolicy.policy import current


class MinimumLengthValidator(DjangoMinimumLength):
    """Django's length rule with a Chinese message (Django 5.2's zh_Hans catalog lacks its new msgid);
    the length is the security settings' unless given."""

    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    @property
    def min_length(self) -> int:
        return self._min_length or current().password_min_length

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


class PasswordHistoryValidator:
    """Refuses the current password and the last `count` ones; remembers each new one when it is saved."""

    def __init__(self, count: int | None = None):
        self._count = count

    @property
    def count(self) -> int:
        """The reuse depth: the security settings' unless given."""
        return self._count or current().password_history

    def _recent(self, user) -> list[str]:
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: self.count])
        return hashes

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        # Compare with the stored hashes only: user.check_password() would rehash and save.
        stored = get_user_model().objects.get(pk=user.pk)  # request.user may be a lazy proxy
        if any(check_password(password, encoded) for encoded in self._recent(stored)):
            raise ValidationError(
                f"新密码不能与当前密码或最近{self.count}次使用过的密码相同", code="password_reused"
            )

    def password_changed(self, password, user=None):
        # Django calls this after a new password is saved, whichever way it was set.
        if user is not None and user.pk:
            user.password_history.create(password=user.password)
            keep = list(user.password_history.values_list("pk", flat=True)[: self.count])
            user.password_history.exclude(pk__in=keep).delete()

    def get_help_text(self):
        return f"新密码不能与最近{self.count}次使用过的密码相同。"
