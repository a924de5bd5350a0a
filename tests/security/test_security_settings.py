"""安全设置: kept in the database with history, changed only by the 安全管理员, each change audited, and
read by the code that enforces them (lockout, sessions, passwords, tokens, import files, audit log)."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.audit.services import audit_purge, audit_record
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob, JobStatus
from fazhi.orgs.models import ApiToken
from fazhi.orgs.security_settings import security_policy_save
from fazhi.securitypolicy.models import SecurityPolicy
from fazhi.securitypolicy.policy import NAMES, current, defaults
from fazhi.web.middleware import SessionLifetimeMiddleware
from tests.factories import PASSWORD

URL = "/admin/security/"
START = timezone.datetime(2025, 6, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(480))


def _form(**changes) -> dict:
    values = {n: getattr(current(), n) for n in NAMES}
    values.update(changes)
    return values


def _save(cast, **changes):
    return security_policy_save(actor=cast.security, values=_form(**changes))


def test_until_saved_the_django_settings_apply(cast, client, settings):
    settings.FAZHI_TOKEN_DAYS = 45
    assert current() == defaults() and current().token_days == 45
    page = login(client, cast.security).get(URL).content.decode()
    assert 'name="token_days" value="45"' in page and "部署配置" in page


@pytest.mark.parametrize("who", ["sysadmin", "auditor", "clerk", "leader", "reviewer"])
def test_only_the_security_admin_reads_or_changes_them(cast, client, who):
    login(client, getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(lockout_failures=3)).status_code == 403
    assert not SecurityPolicy.objects.exists()
    with pytest.raises(Exception, match="只有安全管理员"):
        security_policy_save(actor=getattr(cast, who), values=_form(lockout_failures=3))


def test_a_change_is_saved_with_history_and_audited(cast, client):
    login(client, cast.security)
    response = client.post(URL, _form(lockout_failures=3, idle_minutes=15), follow=True)
    page = response.content.decode()
    assert "登录失败锁定次数：5 → 3" in page and "无操作自动退出（分钟）：30 → 15" in page
    assert current().lockout_failures == 3 and current().idle_minutes == 15
    event = AuditEvent.objects.filter(action=AuditAction.SETTINGS).get()
    assert event.user == cast.security and "登录失败锁定次数：5 → 3" in event.detail
    client.post(URL, _form(lockout_failures=4))
    history = list(SecurityPolicy.history.order_by("history_date", "history_id"))
    assert [h.lockout_failures for h in history] == [5, 3, 4]  # the deployment's value, then the changes
    assert all(h.history_user == cast.security for h in history)
    page = client.get(URL).content.decode()
    assert "登录失败锁定次数：3 → 4" in page and "登录失败锁定次数：5 → 3" in page  # the page's 修改记录
    assert "初始值（部署配置）" in page
    assert AuditEvent.objects.filter(action=AuditAction.SETTINGS).count() == 2


def test_saving_unchanged_values_writes_nothing(cast, client):
    login(client, cast.security)
    client.post(URL, _form())
    assert not SecurityPolicy.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SETTINGS).exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("audit_retention_days", 182, "不能少于183天"),
        ("lockout_failures", 1, "不能少于3次"),
        ("password_min_length", 6, "不能少于8个字符"),
        ("idle_minutes", "", "这个字段是必填项"),
    ],
)
def test_a_bad_value_is_refused_in_chinese_and_changes_nothing(cast, client, field, value, message):
    login(client, cast.security)
    response = client.post(URL, _form(**{field: value, "token_days": 30}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not SecurityPolicy.objects.exists() and current().token_days == defaults().token_days
    assert not AuditEvent.objects.filter(action=AuditAction.SETTINGS).exists()


def test_the_service_refuses_an_audit_retention_below_183_days(cast):
    with pytest.raises(ValidationError, match="183"):
        _save(cast, audit_retention_days=100)
    assert not SecurityPolicy.objects.exists()


def _sign_in(username, password, ip="10.0.0.9"):
    response = Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and response.url == reverse("home")


def test_the_lockout_follows_the_saved_failures_and_cool_off(cast):
    _save(cast, lockout_failures=3, lockout_minutes=10)
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            assert not _sign_in("clerk", "wrong-Password1")
        assert not _sign_in("clerk", PASSWORD)  # locked after 3, not 5
        locked = Client(REMOTE_ADDR="10.0.0.9").post(
            reverse("login"), {"username": "clerk", "password": PASSWORD}
        )
        assert "请10分钟后再试，或联系安全管理员解锁" in locked.content.decode()
    with time_machine.travel(START + timedelta(minutes=11), tick=False):
        assert _sign_in("clerk", PASSWORD)  # the 10-minute cool-off has passed


def test_the_idle_expiry_follows_the_saved_minutes(cast, client):
    _save(cast, idle_minutes=10)
    login(client, cast.clerk)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 600
    assert client.session.get_expire_at_browser_close()  # still a browser-session cookie


def test_the_absolute_lifetime_follows_the_saved_hours(cast, client):
    _save(cast, session_max_hours=2)
    login(client, cast.clerk)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SessionLifetimeMiddleware.KEY] = int(time.time()) - 2 * 3600 - 5
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_passwords_follow_the_saved_length_and_reuse_depth(cast):
    _save(cast, password_min_length=12)
    with pytest.raises(ValidationError, match="至少需要12个字符"):
        validate_password("Abcdef1!xyz", cast.clerk)  # 11 characters
    validate_password("Abcdef1!xyz9", cast.clerk)
    _save(cast, password_history=2)
    user = cast.clerk
    for pwd in ("Fazhi@First1", "Fazhi@Second2", "Fazhi@Third3"):
        user.set_password(pwd)
        user.save()
    validate_password("Fazhi@First1", user)  # three back: beyond the depth of 2
    with pytest.raises(ValidationError, match="最近2次"):
        validate_password("Fazhi@Second2", user)


def test_tokens_expire_after_the_saved_default(cast):
    _save(cast, token_days=30)
    token, _ = ApiToken.issue(cast.clerk, "测试")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_import_files_are_purged_after_the_saved_days(cast):
    _save(cast, import_keep_days=2)
    job = ImportJob.objects.create(
        ledger="disputes",
        township=cast.a,
        user=cast.clerk,
        filename="x.xlsx",
        content=b"PK",
        status=JobStatus.DONE,
        finished_at=timezone.now() - timedelta(days=3),
    )
    assert jobs.import_jobs_purge() == 1
    job.refresh_from_db()
    assert bytes(job.content) == b""


def test_the_audit_purge_follows_the_saved_retention(cast):
    from django.db import connection

    _save(cast, audit_retention_days=200)
    old = audit_record(user=cast.clerk, action=AuditAction.UPDATE, detail="旧")
    kept = audit_record(user=cast.clerk, action=AuditAction.UPDATE, detail="新")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # past the append-only trigger
        for pk, days in ((old.pk, 201), (kept.pk, 199)):
            cursor.execute(
                "UPDATE audit_auditevent SET at = %s WHERE id = %s",
                [timezone.now() - timedelta(days=days), pk],
            )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    audit_purge()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
