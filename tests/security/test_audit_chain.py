"""The audit log lasts: append-only on PostgreSQL, a hash chain `audit verify` checks on both databases,
retention of at least 183 days, the auditor's filters and .xlsx export, and the real client address."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import login
from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.audit.services import audit_purge, audit_record, audit_verify
from tests import factories as f


def _three(cast):
    return [audit_record(user=cast.clerk, action=AuditAction.UPDATE, detail=f"第{i}条") for i in range(3)]


def test_it_links_each_row_to_the_one_before(cast):
    rows = _three(cast)
    assert rows[1].prev_hash == rows[0].row_hash and rows[2].prev_hash == rows[1].row_hash
    count, broken = audit_verify()
    assert broken is None and count >= 3
    call_command("audit", "verify", stdout=io.StringIO())


def _tamper(sql, params):
    # Bypass the trigger the way a database superuser could: the hash chain must still tell.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_it_reports_the_first_edited_row(cast):
    rows = _three(cast)
    _tamper("UPDATE audit_auditevent SET detail = %s WHERE id = %s", ["改过", rows[1].pk])
    assert audit_verify()[1][0] == rows[1].pk
    with pytest.raises(CommandError, match=f"记录 {rows[1].pk}"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_it_reports_a_deleted_row(cast):
    rows = _three(cast)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].pk])
    assert audit_verify()[1] == (rows[2].pk, "与上一条记录的链接不符（记录被删除或插入）")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_it_refuses_update_and_delete_on_postgresql(cast):
    row = _three(cast)[0]
    for statement in (
        "UPDATE audit_auditevent SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="只能追加"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.pk])
    row.refresh_from_db()
    assert row.detail == "第0条"


def test_it_never_purges_rows_younger_than_183_days(cast):
    old = audit_record(user=cast.clerk, action=AuditAction.UPDATE, detail="旧")
    young = audit_record(user=cast.clerk, action=AuditAction.UPDATE, detail="新")
    _tamper(
        "UPDATE audit_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=400), old.pk]
    )
    _tamper(
        "UPDATE audit_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=182), young.pk]
    )
    with override_settings(FAZHI_AUDIT_RETENTION_DAYS=10):
        audit_purge(before=timezone.now())
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_it_refuses_a_retention_below_183_days():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"],
        env={"FAZHI_AUDIT_RETENTION_DAYS": "90", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0 and "183" in result.stderr


def test_it_filters_by_person_action_object_and_date_and_exports(cast, client):
    audit_record(user=cast.clerk, action=AuditAction.REVEAL, detail="查看")
    audit_record(user=cast.leader, action=AuditAction.REVEAL, detail="查看")
    old = audit_record(user=cast.clerk, action=AuditAction.REVEAL, detail="以前")
    _tamper(
        "UPDATE audit_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=30), old.pk]
    )
    login(client, cast.auditor)
    today = timezone.localdate().isoformat()
    query = {"username": "clerk", "action": "reveal", "date_from": today, "date_to": today}
    page = client.get(reverse("audit-log"), query)
    assert page.context["page"].paginator.count == 1
    response = client.get(reverse("audit-export"), query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "clerk" and rows[1][3] == "查看完整个人信息"
    logged = AuditEvent.objects.filter(action="export", user=cast.auditor).latest("pk")
    assert "1条" in logged.detail and "username=clerk" in logged.detail
    target = client.get(reverse("audit-log"), {"target": "auditevent"})
    assert target.status_code == 200
    for other in (cast.sysadmin, cast.security, cast.clerk):
        login(client, other)
        assert client.get(reverse("audit-export")).status_code == 403


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_it_logs_the_client_address_from_a_trusted_proxy_only(cast):
    behind = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    behind.post(reverse("login"), {"username": "clerk", "password": f.PASSWORD})
    assert AuditEvent.objects.filter(action="login").latest("pk").ip_address == "203.0.113.7"
    spoofed = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    spoofed.post(reverse("login"), {"username": "clerk", "password": "falsch"})
    assert AuditEvent.objects.filter(action="login_failed").latest("pk").ip_address == "198.51.100.9"


def test_it_logs_denied_accesses_with_the_address(cast, records, client):
    login(client, cast.clerk_b)
    url = reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.a1.pk})
    assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 404
    login(client, cast.clerk)
    assert client.get(reverse("audit-log"), REMOTE_ADDR="192.0.2.45").status_code == 403
    denied = AuditEvent.objects.filter(action="denied").order_by("pk")
    assert [(e.username, e.ip_address, e.detail.split()[0]) for e in denied] == [
        ("clerk_b", "192.0.2.44", "404"),
        ("clerk", "192.0.2.45", "403"),
    ]
