"""The report status board: every township of the district in each state, at-risk ones first; the
check runs on submission; the district accepts (archiving the report with its check) or returns."""

from datetime import date, datetime

import pytest
from django.test import TestCase
from django.utils import timezone

from conftest import login
from fazhi.district import status
from fazhi.orgs.models import User
from fazhi.orgs.roles import Role
from fazhi.reportcheck.models import CheckJob, CheckKind, CheckStatus, ReportFile
from fazhi.reports import services
from fazhi.reports.models import Submission, SubmissionStatus
from fazhi.reports.submission_check import finding_count
from tests import factories as f

YEAR = 2025
TODAY = date(2026, 2, 10)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _submitted(township, leader, *, on=date(2026, 2, 20)):
    report = services.report_start(township=township, year=YEAR, user=leader)
    services.version_approve(version=services.latest_version(report), user=leader)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the check runs in the worker
        submission = services.report_submit(report=report, user=leader)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=_aware(on))
    submission.refresh_from_db()
    return report, submission


@pytest.fixture
def board_data(cast):
    """Townships in each state; 青山镇 and 清河镇 of the cast have not started."""
    made, leaders = {}, {}
    for i, state in enumerate(status.STATES[1:], start=1):
        made[state] = f.township(cast.district, f"状态{i}镇", f"状态{i}")
        leaders[state] = f.user_with_role(f"leader{i}", Role.TOWNSHIP_LEADER, made[state])
    reviewer = User.objects.get(pk=cast.reviewer.pk)  # its scope, read afresh, covers the new townships
    for state, township in made.items():
        leader = leaders[state]
        if state == status.DRAFTING:
            services.report_start(township=township, year=YEAR, user=leader)
        elif state == status.APPROVED:
            report = services.report_start(township=township, year=YEAR, user=leader)
            services.version_approve(version=services.latest_version(report), user=leader)
        elif state == status.ON_TIME:
            _submitted(township, leader)
        elif state == status.LATE:
            _submitted(township, leader, on=date(2026, 3, 5))
        elif state == status.RETURNED:
            _, sub = _submitted(township, leader)
            services.submission_return(submission=sub, user=reviewer, comments="数据需核实")
        elif state == status.ACCEPTED:
            _, sub = _submitted(township, leader)
            services.submission_accept(submission=sub, user=reviewer)
        elif state == status.PUBLISHED:
            report, sub = _submitted(township, leader)
            services.submission_accept(submission=sub, user=reviewer)
            services.report_publish(
                report=report, user=leader, published_on=TODAY, address="https://example.gov.cn/1"
            )
    return made


def test_it_shows_every_township_in_its_state(cast, board_data):
    rows = {r.township.name: r for r in status.board(cast.district, YEAR, today=TODAY)}
    assert rows["青山镇"].state == rows["清河镇"].state == status.NOT_STARTED
    for state, township in board_data.items():
        assert rows[township.name].state == state
    assert rows["状态3镇"].first_submitted == date(2026, 2, 20)
    assert rows["状态4镇"].first_submitted == date(2026, 3, 5)
    assert rows["青山镇"].days_left == 19
    assert len(rows) == 2 + len(board_data)


def test_it_lists_townships_at_risk_first(cast, board_data):
    rows = status.board(cast.district, YEAR, today=TODAY)
    risky = [r.township.name for r in rows if r.at_risk]
    assert set(risky) == {"青山镇", "清河镇", "状态1镇", "状态2镇", "状态4镇", "状态5镇"}
    assert [r.township.name for r in rows[: len(risky)]] == risky
    far = status.board(cast.district, YEAR, today=date(2025, 12, 1))
    assert not any(r.at_risk for r in far if r.state == status.NOT_STARTED)  # 90 days left


def test_the_check_runs_on_submission_and_acceptance_archives_it(cast, board_data):
    sub = Submission.objects.get(report__township=board_data[status.ON_TIME])
    assert sub.check_result is not None and "missing_parts" in sub.check_result
    accepted = Submission.objects.get(report__township=board_data[status.ACCEPTED])
    assert accepted.accepted_by == cast.reviewer and accepted.accepted_at is not None
    archived = ReportFile.objects.filed().get(township=board_data[status.ACCEPTED], year=YEAR)
    assert archived.result == accepted.check_result and archived.filed_by == cast.reviewer
    assert "法治政府建设" in archived.text


def test_submission_is_saved_at_once_and_its_check_attaches_when_the_worker_ends(client, cast):
    township = f.township(cast.district, "报送检查镇", "报送检查")
    leader = f.user_with_role("leader_check", Role.TOWNSHIP_LEADER, township)
    report = services.report_start(township=township, year=YEAR, user=leader)
    services.version_approve(version=services.latest_version(report), user=leader)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        sub = services.report_submit(report=report, user=leader)
    # Saved at once, checked later: nothing is lost while the worker is down.
    sub.refresh_from_db()
    job = CheckJob.objects.get(pk=sub.check_job)
    assert sub.check_result is None and job.status == CheckStatus.QUEUED
    assert (job.kind, job.submission_pk, job.report_pk) == (CheckKind.SUBMISSION, sub.pk, report.pk)
    row = next(r for r in status.board(cast.district, YEAR, today=TODAY) if r.township == township)
    assert row.findings is None and row.check_state == "检查中"
    login(client, cast.reviewer)
    html = client.get(f"/district/reports/?year={YEAR}").content.decode()
    assert 'data-testid="check-state">检查中<' in html
    callbacks[0]()  # the worker's turn
    sub.refresh_from_db()
    job.refresh_from_db()
    assert job.status == CheckStatus.DONE and sub.check_result == job.result
    row = next(r for r in status.board(cast.district, YEAR, today=TODAY) if r.township == township)
    assert row.check_state == "" and row.findings == finding_count(sub.check_result) is not None
    # Accepted before a check ends, the archive is checked in the worker too.
    Submission.objects.filter(pk=sub.pk).update(check_result=None)
    sub.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        services.submission_accept(submission=sub, user=User.objects.get(pk=cast.reviewer.pk))
    archived = ReportFile.objects.filed().get(township=township, year=YEAR)
    assert archived.status == CheckStatus.QUEUED and archived.result == {}
    for callback in callbacks:
        callback()
    archived.refresh_from_db()
    assert archived.status == CheckStatus.DONE and "missing_parts" in archived.result


def test_the_page_shows_states_and_the_reviewer_accepts_or_returns(client, cast, board_data):
    login(client, cast.reviewer)
    page = client.get(f"/district/reports/?year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    for state in status.STATES:
        assert state in html
    assert "需关注" in html
    pending = Submission.objects.get(report__township=board_data[status.ON_TIME])
    refused = client.post(f"/district/reports/{pending.pk}/review/", {"action": "return", "comments": " "})
    assert refused.status_code == 302
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.SUBMITTED  # a return needs comments
    client.post(f"/district/reports/{pending.pk}/review/", {"action": "accept"})
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.ACCEPTED
    assert ReportFile.objects.filed().filter(township=board_data[status.ON_TIME]).exists()


def test_only_the_districts_reviewer_sees_the_board(client, cast, board_data):
    pending = Submission.objects.get(report__township=board_data[status.LATE])
    for user in (cast.leader, cast.clerk, cast.sysadmin):
        login(client, user)
        assert client.get("/district/reports/").status_code == 404
    login(client, cast.outsider_reviewer)
    page = client.get(f"/district/reports/?year={YEAR}")
    assert page.status_code == 200 and "状态1镇" not in page.content.decode()
    assert client.post(f"/district/reports/{pending.pk}/review/", {"action": "accept"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.SUBMITTED
