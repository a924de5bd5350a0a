"""Sign-in: lockout by account and address, password rules, idle timeout, CSRF."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.orgs.models import User
from tests.factories import PASSWORD

START = timezone.datetime(2025, 6, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(480))


def _login(username, password, n=0, ip="10.0.0.1"):
    """A fresh client each time, from a different browser (the lockout counts per address)."""
    client = Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=f"浏览器/{n}")
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


def _fail(times, username="clerk", every=timedelta(minutes=1), traveller=None):
    for n in range(times):
        response = _login(username, "wrong-Password1", n)
        assert not _signed_in(response)
        if traveller is not None:
            traveller.shift(every)


def test_it_signs_in_with_the_right_password(cast):
    assert _signed_in(_login("clerk", PASSWORD))
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, username="clerk").exists()


def test_it_locks_the_account_after_five_failures_in_fifteen_minutes(cast):
    with time_machine.travel(START, tick=False) as traveller:
        _fail(5, every=timedelta(minutes=3), traveller=traveller)  # 0, 3, 6, 9, 12 minutes
        locked = _login("clerk", PASSWORD, 9)
        assert not _signed_in(locked)
        assert "锁定" in locked.content.decode()
        traveller.shift(timedelta(minutes=29))
        assert not _signed_in(_login("clerk", PASSWORD, 10))
        traveller.shift(timedelta(minutes=2))
        assert _signed_in(_login("clerk", PASSWORD, 11))
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="clerk").count() >= 5


def test_it_locks_only_that_account(cast):
    with time_machine.travel(START, tick=False):
        _fail(5)
        assert not _signed_in(_login("clerk", PASSWORD))
        assert _signed_in(_login("leader", PASSWORD))


def test_it_does_not_lock_after_five_failures_spread_over_more_than_fifteen_minutes(cast):
    with time_machine.travel(START, tick=False) as traveller:
        _fail(5, every=timedelta(minutes=4), traveller=traveller)  # 0, 4, 8, 12, 16 minutes
        assert _signed_in(_login("clerk", PASSWORD, 7))


def test_it_counts_again_after_a_success(cast):
    with time_machine.travel(START, tick=False) as traveller:
        _fail(4, traveller=traveller)
        assert _signed_in(_login("clerk", PASSWORD))
        _fail(4, traveller=traveller)
        assert _signed_in(_login("clerk", PASSWORD))


@pytest.mark.django_db  # the length and reuse rules are security settings kept in the database
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!x", "密码长度太短：至少需要8个字符"),
        ("abcdefgh12", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"),
        ("ABCDEFGHij", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"),
        ("Xclerk2026!", "密码不能包含用户名"),
        ("xCLERK2026!", "密码不能包含用户名"),
    ],
)
def test_it_refuses_weak_passwords(password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="clerk"))
    assert any(message in m for m in exc.value.messages), exc.value.messages


@pytest.mark.django_db  # the length and reuse rules are security settings kept in the database
@pytest.mark.parametrize("password", ["Qingshan2026", "qingshan#2026", "QINGSHAN#2026", "Qs#abcdefg"])
def test_it_accepts_passwords_of_three_classes(password):
    validate_password(password, User(username="clerk"))


def test_it_refuses_a_weak_password_on_the_admin_page(cast, client):
    client.force_login(cast.sysadmin)
    response = client.post(
        reverse("admin-user-new"),
        {"username": "wang", "full_name": "王", "password": "wang12345", "is_active": "on"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类" in body
    assert "密码不能包含用户名" in body
    assert not User.objects.filter(username="wang").exists()


def test_it_ends_an_idle_session_after_thirty_minutes(cast):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(cast.clerk)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_keeps_a_session_alive_while_used(cast):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(cast.clerk)
        for _ in range(3):
            traveller.shift(timedelta(minutes=29))
            assert client.get(reverse("home")).status_code == 200


def test_it_enforces_csrf_on_posts(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.clerk)
    response = client.post(reverse("ledger-create", kwargs={"ledger": "disputes"}), {"summary": "x"})
    assert response.status_code == 403
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 403


def test_it_accepts_a_post_with_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.clerk)
    page = client.get(reverse("account"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("account"), {"new_token": "1", "name": "脚本", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 200
    assert cast.clerk.api_tokens.count() == 1


def test_it_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
