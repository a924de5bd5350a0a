"""A SQLite lock met outside the view — by a middleware, at the session save after the view, or while
signing in — ends as 503 "系统繁忙，请稍后重试" (JSON for the API), never as a 500."""

import sqlite3

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from fazhi.disputes.models import Dispute
from fazhi.web.middleware import BUSY, SessionLifetimeMiddleware
from tests import factories as f
from tests.helpers import api_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lock():
    """Another connection that takes SQLite's write lock on demand; ours waits only 200 ms for it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    held = []

    def take():
        other.execute("BEGIN IMMEDIATE")
        held.append(True)

    yield take
    if held:
        other.execute("ROLLBACK")
    other.close()


@pytest.fixture
def people():
    district = f.district()
    township = f.township(district, "青山镇", "青山")
    return f.user_with_role("clerk", "township_clerk", township), township


def _busy_page(response):
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"]
    assert BUSY in response.content.decode()


def test_signing_in_while_the_database_is_locked_is_503_not_500(people, lock):
    client = Client(raise_request_exception=False)
    lock()
    response = client.post(reverse("login"), {"username": "clerk", "password": f.PASSWORD})
    _busy_page(response)
    assert not Session.objects.exists()  # not signed in: the user simply tries again


def test_a_session_that_must_be_saved_after_the_view_is_503(people, lock):
    clerk, _ = people
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    # The first page after sign-in stamps the session (absolute lifetime): the save after the view
    # must happen, and meets the lock.
    session = client.session
    session.pop(SessionLifetimeMiddleware.KEY, None)
    session.save()
    lock()
    _busy_page(client.get(reverse("home")))


def test_an_idle_expiry_refresh_waits_for_the_next_request_when_busy(people, lock):
    clerk, _ = people
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    assert client.get(reverse("home")).status_code == 200
    lock()
    # Nothing changed in the session: the page is shown, its expiry moves at the next request.
    assert client.get(reverse("home")).status_code == 200


def test_saving_a_record_while_locked_is_503_and_writes_nothing(people, lock):
    clerk, township = people
    village = f.village(township, "青山村")
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    client.get(reverse("home"))
    data = {
        "township": township.pk,
        "village": village.pk,
        "received_on": "2025-06-03",
        "source": "application",
        "level": "village",
        "dispute_type": f.dispute_type(township).pk,
        "summary": "相邻关系纠纷",
        "disputeparty-TOTAL_FORMS": "1",
        "disputeparty-INITIAL_FORMS": "0",
        "disputeparty-MIN_NUM_FORMS": "1",
        "disputeparty-MAX_NUM_FORMS": "1000",
        "disputeparty-0-role": "applicant",
        "disputeparty-0-name": "张三丰",
    }
    lock()
    _busy_page(client.post(reverse("ledger-create", kwargs={"ledger": "disputes"}), data))
    assert not Dispute.objects.exists()


def test_the_api_answers_json_503_when_a_middleware_meets_the_lock(people, lock):
    clerk, township = people
    api = api_client(clerk)
    api.raise_request_exception = False
    lock()
    response = api.post(
        "/api/v1/disputes/", {"township": township.pk, "summary": "x"}, content_type="application/json"
    )
    assert response.status_code == 503
    assert response.json() == {"detail": BUSY}
