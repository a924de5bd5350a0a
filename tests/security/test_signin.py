"""Medium 11: nobody elsewhere can lock an account out, and spraying from one address is slowed."""

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

START = timezone.datetime(2025, 6, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(480))


def _login(username, password, ip):
    return Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password})


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


def test_anonymous_failures_elsewhere_do_not_lock_the_sysadmin_or_the_auditor_out(cast):
    with time_machine.travel(START, tick=False):
        for name in ("sysadmin", "auditor"):
            for _ in range(6):
                assert not _signed_in(_login(name, "wrong-Password1", "203.0.113.9"))
            assert not _signed_in(_login(name, PASSWORD, "203.0.113.9"))  # locked from there
            assert _signed_in(_login(name, PASSWORD, "10.0.0.7"))  # not from the office


def test_spraying_a_few_passwords_over_many_accounts_locks_the_address(cast, settings):
    settings.FAZHI_LOCKOUT_IP_FAILURES = 20
    with time_machine.travel(START, tick=False):
        for name in ("clerk", "leader", "advisor", "cadre", "reviewer"):
            for _ in range(4):  # under the per-account limit of 5
                _login(name, "wrong-Password1", "203.0.113.10")
        assert not _signed_in(_login("clerk_b", PASSWORD, "203.0.113.10"))
        assert _signed_in(_login("clerk_b", PASSWORD, "10.0.0.8"))
