"""Two factors: the administrators and district users enrol a TOTP app and get recovery codes at their
first sign-in; until verified they reach no page and no API through their session; others may skip it;
the security administrator resets a lost second factor."""

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import login
from fazhi.audit.models import AuditEvent
from tests import factories as f


def _sign_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": f.PASSWORD})
    assert response.status_code == 302
    return client


def _code(device):
    device.refresh_from_db()
    return TOTP(device.bin_key, device.step, device.t0, device.digits).token()


def test_it_holds_an_unverified_administrator_at_enrolment(cast, records):
    for username in ("sysadmin", "security", "auditor", "reviewer"):
        client = _sign_in(username)
        for url in (reverse("home"), reverse("account"), reverse("audit-log"), reverse("admin-users")):
            assert client.get(url)["Location"] == reverse("otp-setup"), (username, url)
        assert client.get("/api/v1/disputes/").status_code == 403


def test_it_lets_a_township_clerk_in_without_a_second_factor(cast):
    assert _sign_in("clerk").get(reverse("home")).status_code == 200


def test_it_enrols_with_a_totp_code_and_issues_recovery_codes(cast):
    client = _sign_in("auditor")
    page = client.get(reverse("otp-setup"))
    assert "otpauth://totp/" in page.content.decode() and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=cast.auditor, confirmed=False)
    wrong = client.post(reverse("otp-setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "验证码不正确" in wrong.content.decode()
    # django-otp slows guessing down: after a wrong code the next try waits a moment.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        done = client.post(reverse("otp-setup"), {"token": _code(device)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("audit-log")).status_code == 200
    # Next sign-in: the code is asked for, and a recovery code works exactly once.
    again = _sign_in("auditor")
    assert again.get(reverse("home"))["Location"] == reverse("otp-verify")
    assert again.post(reverse("otp-verify"), {"token": "zzzzzzzz"}).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert again.post(reverse("otp-verify"), {"token": codes[0]}).status_code == 302
    assert again.get(reverse("audit-log")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert AuditEvent.objects.filter(action="otp", user=cast.auditor, detail="启用双因素认证").exists()


def test_it_lets_only_the_security_admin_reset_a_second_factor(cast, client):
    TOTPDevice.objects.create(user=cast.reviewer, name="手机", confirmed=True)
    for actor in (cast.sysadmin, cast.auditor):
        login(client, actor)
        assert (
            client.post(reverse("admin-user-otp-reset", kwargs={"pk": cast.reviewer.pk})).status_code == 403
        )
    login(client, cast.security)
    client.post(reverse("admin-user-otp-reset", kwargs={"pk": cast.reviewer.pk}))
    assert not TOTPDevice.objects.filter(user=cast.reviewer, name="手机").exists()
    assert client.post(reverse("admin-user-otp-reset", kwargs={"pk": cast.security.pk})).status_code == 403


def test_it_excepts_api_tokens(cast):
    from tests.helpers import api_client

    assert api_client(cast.reviewer).get("/api/v1/disputes/").status_code == 200
