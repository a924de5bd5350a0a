"""Versions, approval (freezing values and record ids), submission, return, publication, and the bad
input each refuses without changing anything."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.services import record_void
from fazhi.reports import drafting, refreshing, services
from fazhi.reports.models import ReportVersion, SubmissionStatus
from tests import factories as f

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _fig(version, metric):
    return next((fid, fig) for fid, fig in version.body["figures"].items() if fig["metric"] == metric)


def _text(version) -> str:
    blocks = drafting.layout(version.body, "leaders_second")
    return "".join(drafting.plain(b["segments"]) for b in blocks if b["kind"] == "p")


def test_it_keeps_every_save_as_a_version_with_author(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    v2 = services.draft_save(
        report=report, user=cast.leader, base_number=1, headings={1: "主要工作及成效"}, texts={}, typed={}
    )
    assert (v1.number, v1.author, v2.number, v2.author) == (1, cast.clerk, 2, cast.leader)
    assert v2.body["sections"][1]["heading"] == "主要工作及成效"
    assert ReportVersion.objects.get(pk=v1.pk).body == v1.body  # the old version is unchanged


def test_it_refuses_bad_edits_and_changes_nothing(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    with pytest.raises(ValidationError, match="没有对应的数据"):
        services.draft_save(
            report=report, user=cast.clerk, base_number=1, headings={}, texts={(2, 0): "x{f999}"}, typed={}
        )
    with pytest.raises(ValidationError, match="标题不能为空"):
        services.draft_save(
            report=report, user=cast.clerk, base_number=1, headings={1: " "}, texts={}, typed={}
        )
    services.draft_save(report=report, user=cast.clerk, base_number=1, headings={}, texts={}, typed={})
    with pytest.raises(ValidationError, match="已被他人保存为第2版"):
        services.draft_save(report=report, user=cast.leader, base_number=1, headings={}, texts={}, typed={})
    with pytest.raises(ValidationError, match="报告年度"):
        services.report_start(township=cast.a, year=timezone.localdate().year + 1, user=cast.clerk)
    assert report.versions.count() == 2


def test_it_lets_only_the_leader_approve_and_submit(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    version = services.latest_version(report)
    with pytest.raises(PermissionDenied):
        services.version_approve(version=version, user=cast.clerk)
    with pytest.raises(PermissionDenied):
        services.report_start(township=cast.a, year=YEAR, user=cast.clerk_b)
    with pytest.raises(ValidationError, match="尚未审批"):
        services.report_submit(report=report, user=cast.leader)
    services.version_approve(version=version, user=cast.leader)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, user=cast.clerk)


def test_it_freezes_figures_and_records_at_approval(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    approved = services.version_approve(version=services.latest_version(report), user=cast.leader)
    fid, fig = _fig(approved, "publicity.books")
    frozen = approved.frozen[fid]
    assert frozen["value"] == 15 and frozen["text"] == "15册"
    ids = {a.pk for a in data.activities}
    assert set(frozen["records"]["publicity.books"]["ids"]) == ids
    rate_id, _ = _fig(approved, "disputes.resolution_rate")
    assert set(approved.frozen[rate_id]["records"]) == {"disputes.resolved", "disputes.accepted"}
    assert len(approved.frozen[rate_id]["records"]["disputes.accepted"]["ids"]) == 62
    text_before = _text(approved)

    record_void(
        spec=data.activities[0].ledger_spec, record=data.activities[0], user=cast.clerk, reason="错录"
    )

    again = ReportVersion.objects.get(pk=approved.pk)
    assert _text(again) == text_before and "其中法律书籍15册" in text_before
    assert (
        again.frozen[fid]["value"] == 15
        and set(again.frozen[fid]["records"]["publicity.books"]["ids"]) == ids
    )
    # The live draft shows the change: first as stale, then refreshed.
    assert any(c["metric"] == "publicity.books" for c in refreshing.stale_figures(again.body, cast.a))
    live, changes = services.draft_refresh(report=report, user=cast.clerk)
    assert "其中法律书籍5册" in _text(live) and live.number == 2 and not live.approved
    assert any(c["metric"] == "publicity.books" and c["after"] == "5册" for c in changes)


def test_it_refuses_to_approve_stale_figures(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    record_void(
        spec=data.activities[0].ledger_spec, record=data.activities[0], user=cast.clerk, reason="错录"
    )
    with pytest.raises(ValidationError, match="刷新数据"):
        services.version_approve(version=services.latest_version(report), user=cast.leader)
    assert services.latest_approved(report) is None


def test_it_submits_returns_and_judges_on_time_by_the_first_submission(cast, data, monkeypatch):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    tz = timezone.get_current_timezone()
    monkeypatch.setattr(timezone, "now", lambda: datetime(YEAR + 1, 2, 27, 10, tzinfo=tz))
    first = services.report_submit(report=report, user=cast.leader)
    with pytest.raises(ValidationError, match="已报送"):
        services.report_submit(report=report, user=cast.leader)
    with pytest.raises(ValidationError, match="退回意见"):
        services.submission_return(submission=first, user=cast.reviewer, comments=" ")
    with pytest.raises(PermissionDenied):
        services.submission_return(submission=first, user=cast.outsider_reviewer, comments="不行")
    services.submission_return(submission=first, user=cast.reviewer, comments="请补充执法工作情况")
    v2 = services.draft_save(
        report=report,
        user=cast.clerk,
        base_number=1,
        headings={},
        texts={},
        typed={},
        added={1: "补充执法情况。"},
    )
    services.version_approve(version=v2, user=cast.leader)
    monkeypatch.setattr(timezone, "now", lambda: datetime(YEAR + 1, 3, 5, 10, tzinfo=tz))
    second = services.report_submit(report=report, user=cast.leader)
    first.refresh_from_db()
    assert second.version == v2 and first.status == SubmissionStatus.RETURNED
    summary = services.submission_summary(report)
    assert summary["first_date"] == date(YEAR + 1, 2, 27) and summary["on_time"] is True
    assert summary["count"] == 2


def test_it_records_publication(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    with pytest.raises(ValidationError, match="审批后"):
        services.report_publish(
            report=report, user=cast.clerk, published_on=date(YEAR + 1, 3, 20), address="x"
        )
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    with pytest.raises(ValidationError, match="公开地址"):
        services.report_publish(
            report=report, user=cast.clerk, published_on=date(YEAR + 1, 3, 20), address=""
        )
    services.report_publish(
        report=report,
        user=cast.clerk,
        published_on=date(YEAR + 1, 3, 20),
        address="http://www.qingshan.gov.cn/1",
    )
    report.refresh_from_db()
    assert report.published_on_time is True and report.publication_due == date(YEAR + 1, 4, 1)


def _queries(township, year) -> int:
    with CaptureQueriesContext(connection) as ctx:
        drafting.build_body(township, year)
    return len(ctx.captured_queries)


def test_it_drafts_in_a_bounded_number_of_queries(cast, data):
    few = _queries(cast.a, YEAR)
    for i in range(40):
        f.DisputeFactory(township=cast.a, village=cast.a2, received_on=date(YEAR, 6, 1 + i % 28))
        f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(YEAR, 6, 1 + i % 28))
    many = _queries(cast.a, YEAR)
    assert many == few
    assert few <= 40, f"drafting took {few} queries"
