"""检查本稿 from the draft page, and approval that shows the check's findings and asks for confirmation."""

import re

import pytest
from django.test import TestCase

from conftest import login
from fazhi.reportcheck.models import CheckJob, CheckKind, CheckStatus
from fazhi.reports import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _typed_wrong(cast):
    """A draft whose 受理矛盾纠纷 is typed over with a number the records do not hold."""
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    slot = next(fid for fid, fig in v1.body["figures"].items() if fig["metric"] == "disputes.accepted")
    services.draft_save(
        report=report, user=cast.clerk, base_number=1, headings={}, texts={}, typed={slot: "99件次"}
    )
    return report


def test_the_draft_page_offers_the_check_of_this_version(cast, client, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    login(client, cast.clerk)
    page = client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    # A POST: it queues the check in the background worker (fazhi.reportcheck shows its progress).
    assert f'action="/report-check/draft/{report.pk}/"' in page and "检查本稿" in page
    assert '<input type="hidden" name="version" value="1">' in page


def test_approval_checks_in_the_worker_then_shows_the_findings_and_waits_for_confirmation(cast, client, data):
    report = _typed_wrong(cast)
    login(client, cast.leader)
    url = f"/reports/{cast.a.pk}/{YEAR}/approve/"
    form = {"version": 2, "dated_on": "2026-02-20", "signer": "李明", "confirm": "1"}
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        page = client.post(url, form).content.decode()
    # The request only queues the check: the page says it waits for the worker and polls.
    job = CheckJob.objects.get(kind=CheckKind.APPROVAL)
    assert job.status == CheckStatus.QUEUED and job.user == cast.leader
    assert "正在检查本稿（排队中）" in page and "检查在排队等待后台服务" in page
    assert 'hx-trigger="every 2s"' in page and "报告写99件次" not in page
    assert 'data-testid="approve-confirmed"' not in page
    poll = re.search(r'hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert client.get(poll, HTTP_HX_REQUEST="true").content.decode().count("排队等待") == 1
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's turn (the immediate backend runs the real task)
    job.refresh_from_db()
    assert job.status == CheckStatus.DONE and job.steps_done == job.steps > 0
    partial = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "报告写99件次" in partial and "确认审批" in partial
    # The confirmation carries what the leader entered on the draft page.
    assert '<input type="hidden" name="signer" value="李明">' in partial
    assert not services.latest_version(report).approved
    # Nobody else follows the leader's check.
    login(client, cast.clerk)
    assert client.get(poll).status_code == 404
    login(client, cast.leader)
    client.post(url, {**form, "confirmed": "1"})
    assert services.latest_version(report).approved


def test_a_failed_approval_check_still_lets_the_leader_confirm(cast, client, data):
    report = _typed_wrong(cast)
    login(client, cast.leader)
    with TestCase.captureOnCommitCallbacks(execute=False):
        page = client.post(f"/reports/{cast.a.pk}/{YEAR}/approve/", {"version": 2, "confirm": "1"})
    job = CheckJob.objects.get(kind=CheckKind.APPROVAL)
    CheckJob.objects.filter(pk=job.pk).update(status=CheckStatus.FAILED, error="检查时出错")
    poll = re.search(r'hx-get="([^"]+)"', page.content.decode()).group(1).replace("&amp;", "&")
    partial = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert "本稿的系统检查没有完成：检查时出错" in partial and "确认审批" in partial
    assert not services.latest_version(report).approved
