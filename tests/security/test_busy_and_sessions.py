"""Medium 5 and 12: a busy SQLite answers 503 in Chinese; polling keeps no session alive; sessions end."""

import sqlite3
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from fazhi.imports.models import ImportJob, JobStatus
from fazhi.web.middleware import SessionLifetimeMiddleware
from tests import factories as f
from tests.helpers import api_client


@pytest.fixture
def write_lock(transactional_db):
    """Another process's write transaction on the same SQLite file, and a short busy timeout for ours."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_write_while_the_database_is_locked_gets_503_in_chinese(write_lock):
    district = f.district()
    township = f.township(district, "青山镇", "青山")
    clerk = f.user_with_role("clerk", "township_clerk", township)
    api = api_client(clerk)
    write_lock.execute("BEGIN IMMEDIATE")
    response = api.post(
        "/api/v1/disputes/", {"township": township.pk, "summary": "x"}, content_type="application/json"
    )
    assert response.status_code == 503
    assert response.json() == {"detail": "系统繁忙，请稍后重试"}
    assert response["Retry-After"]


def test_polling_the_job_page_does_not_move_the_idle_expiry(cast, client):
    client.force_login(cast.clerk)
    job = ImportJob.objects.create(
        township=cast.a,
        ledger="disputes",
        user=cast.clerk,
        filename="x.xlsx",
        content=b"",
        status=JobStatus.QUEUED,
    )
    url = reverse("import-job", args=["disputes", job.pk])
    client.get(url)
    key = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).expire_date
    time.sleep(1.1)
    polled = client.get(url, HTTP_HX_REQUEST="true", HTTP_X_FAZHI_POLL="1")
    assert polled.status_code == 200 and "sessionid" not in polled.cookies
    assert Session.objects.get(session_key=key).expire_date == before
    assert "sessionid" in client.get(url).cookies  # what the user does still counts


def test_a_session_ends_after_the_absolute_lifetime_however_active(cast, client, settings):
    settings.FAZHI_SESSION_MAX_HOURS = 12
    client.force_login(cast.clerk)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SessionLifetimeMiddleware.KEY] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("home")).status_code == 302
