"""Passwords an administrator sets are changed at first sign-in; the last five never come back; API
tokens expire, carry a read-only or read-write scope, and end when the password changes."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from fazhi.orgs.models import ApiToken, TokenScope, User
from fazhi.orgs.services import password_change
from tests import factories as f


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_forces_a_change_of_a_password_set_by_the_sysadmin(cast, client):
    login(client, cast.sysadmin)
    response = client.post(
        reverse("admin-user-new"), {"username": "newbie", "is_active": "on", "password": "Anfang-2026x"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="newbie").must_change_password
    fresh = Client()
    assert _sign_in(fresh, "newbie", "Anfang-2026x").status_code == 302
    assert fresh.get(reverse("home"))["Location"] == reverse("password-change")
    assert fresh.get("/api/v1/disputes/").status_code == 403
    response = fresh.post(
        reverse("password-change"),
        {"old_password": "Anfang-2026x", "new_password1": "Eigenes-2026y", "new_password2": "Eigenes-2026y"},
    )
    assert response.status_code == 302
    assert fresh.get(reverse("home")).status_code == 200
    assert not User.objects.get(username="newbie").must_change_password


def test_it_forces_a_change_after_the_sysadmin_resets_a_password(cast, client):
    login(client, cast.sysadmin)
    client.post(
        reverse("admin-user-edit", kwargs={"pk": cast.clerk.pk}),
        {"username": "clerk", "is_active": "on", "password": "Zurueck-2026z"},
    )
    cast.clerk.refresh_from_db()
    assert cast.clerk.must_change_password


def test_it_refuses_the_current_and_the_last_five_passwords(cast, client):
    user = cast.clerk
    used = [f.PASSWORD] + [f"Altes-2026-{i}x" for i in range(5)]
    for pw in used[1:]:
        password_change(user=user, password=pw)
    login(client, user)
    for old in used[1:]:
        response = client.post(
            reverse("account"),
            {"change_password": "1", "old_password": used[-1], "new_password1": old, "new_password2": old},
        )
        assert "最近5次使用过的密码相同" in response.content.decode(), old
    # The sixth-last is free again.
    response = client.post(
        reverse("account"),
        {
            "change_password": "1",
            "old_password": used[-1],
            "new_password1": used[0],
            "new_password2": used[0],
        },
    )
    assert response.status_code == 302


def test_it_expires_tokens_after_ninety_days(cast):
    token, raw = ApiToken.issue(cast.clerk, "脚本")
    assert token.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/disputes/", **auth).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert Client().get("/api/v1/disputes/", **auth).status_code == 401


def test_it_enforces_a_read_only_scope(cast, records):
    _, raw = ApiToken.issue(cast.clerk, "只读", scope=TokenScope.READ)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"/api/v1/disputes/{records.a1.pk}/").status_code == 200
    response = client.post("/api/v1/disputes/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "只读" in response.json()["detail"]


def test_it_revokes_tokens_when_the_password_changes(cast, client):
    _, raw = ApiToken.issue(cast.clerk, "脚本")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/disputes/", **auth).status_code == 200
    login(client, cast.clerk)
    response = client.post(
        reverse("account"),
        {
            "change_password": "1",
            "old_password": f.PASSWORD,
            "new_password1": "Frisch-2026q",
            "new_password2": "Frisch-2026q",
        },
    )
    assert response.status_code == 302
    assert Client().get("/api/v1/disputes/", **auth).status_code == 401
