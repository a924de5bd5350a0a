"""Pasted text and the township's own draft are checked in the background worker like uploads: the
page shows progress and then the findings; the user can cancel a queued or running check; a check
unfinished long after it was queued is marked failed with a Chinese message."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from conftest import login
from fazhi.disputes.choices import DisputeStatus
from fazhi.imports.jobs import WATCHDOGS
from fazhi.reportcheck import drafts, jobs
from fazhi.reportcheck.models import CheckJob, CheckStatus, ReportFile
from fazhi.reportcheck.tests.reports import qingshan_2024
from tests import factories as f


def _paste(client, text):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post("/report-check/paste/", {"text": text})
    return response, callbacks


def test_pasted_text_waits_for_the_worker_then_the_page_shows_the_findings(cast, client):
    for i in range(5):
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(2024, 3, 1),
            status=DisputeStatus.RESOLVED if i < 3 else DisputeStatus.REGISTERED,
            closed_on=date(2024, 4, 1) if i < 3 else None,
        )
    login(client, cast.clerk)
    response, callbacks = _paste(client, qingshan_2024())
    job = CheckJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/report-check/job/{job.pk}/"
    assert (job.status, job.result, job.township) == (CheckStatus.QUEUED, {}, cast.a)
    page = client.get(response["Location"]).content.decode()
    assert "正在后台检查（排队中）" in page and 'hx-trigger="every 2s"' in page and "取消检查" in page
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's turn
    job.refresh_from_db()
    assert job.status == CheckStatus.DONE and job.text == "" and job.finished_at is not None
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "成功化解矛盾纠纷：报告写4件，台账为3，不相符" in partial
    # The index lists it for its owner to come back to.
    assert f'href="/report-check/job/{job.pk}/"' in client.get("/report-check/").content.decode()
    # Nobody else sees it, not even the township's leader.
    login(client, cast.leader)
    assert client.get(response["Location"]).status_code == 404
    assert f'href="/report-check/job/{job.pk}/"' not in client.get("/report-check/").content.decode()
    assert client.post(f"/report-check/job/{job.pk}/cancel/").status_code == 404


@pytest.mark.skipif(not drafts.available(), reason="fazhi.reports is not installed")
def test_the_draft_check_runs_in_the_worker(cast, client):
    from fazhi.reports.services import latest_version, report_start

    with time_machine.travel(datetime(2025, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        report = report_start(township=cast.a, year=2024, user=cast.clerk)
    version = latest_version(report)
    login(client, cast.clerk)
    start = client.get(f"/report-check/draft/{report.pk}/?version={version.number}").content.decode()
    assert "开始检查" in start and CheckJob.objects.count() == 0  # a GET changes nothing
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(f"/report-check/draft/{report.pk}/", {"version": version.number})
    job = CheckJob.objects.get()
    assert response["Location"] == f"/report-check/job/{job.pk}/"
    assert (job.kind, job.report_pk, job.version_number) == ("draft", report.pk, version.number)
    assert "正在后台检查" in client.get(response["Location"]).content.decode()
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == CheckStatus.DONE and job.result["year"] == 2024
    assert job.result["missing_parts"] == []
    page = client.get(response["Location"]).content.decode()
    assert "结构" in page and "正在后台检查" not in page
    assert client.post(f"/report-check/draft/{report.pk}/", {"version": "99"}).status_code == 404
    login(client, cast.clerk_b)
    assert client.post(f"/report-check/draft/{report.pk}/", {"version": version.number}).status_code == 404


def test_a_queued_check_can_be_canceled_and_then_never_runs(cast, client):
    login(client, cast.clerk)
    response, callbacks = _paste(client, qingshan_2024())
    job = CheckJob.objects.get()
    page = client.post(f"/report-check/job/{job.pk}/cancel/", follow=True).content.decode()
    assert "已取消检查" in page and "hx-trigger" not in page
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.result, job.text) == (CheckStatus.CANCELED, {}, "")
    page = client.post(f"/report-check/job/{job.pk}/cancel/", follow=True).content.decode()
    assert "检查已经结束，无需取消" in page


def test_a_running_check_canceled_keeps_no_result(cast, client):
    login(client, cast.clerk)
    _paste(client, qingshan_2024())
    job = CheckJob.objects.get()
    CheckJob.objects.filter(pk=job.pk).update(status=CheckStatus.RUNNING)
    assert jobs.job_cancel(job=job, user=cast.clerk) is True
    # The worker ends later: a job no longer running does not take its result.
    assert jobs.job_run(job.pk).status == CheckStatus.CANCELED
    job.refresh_from_db()
    assert job.result == {} and job.error == "已取消检查"


def test_an_uploaded_batch_can_be_canceled(cast, client):
    login(client, cast.reviewer)
    files = [SimpleUploadedFile(f"报告{i}.txt", qingshan_2024().encode()) for i in range(2)]
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post("/report-check/", {"files": files})
    batch = ReportFile.objects.first().batch
    assert "取消检查" in client.get(response["Location"]).content.decode()
    page = client.post(f"/report-check/batch/{batch}/cancel/", follow=True).content.decode()
    assert "已取消2份报告的检查" in page and "hx-trigger" not in page
    callbacks[0]()
    assert [(r.status, r.result) for r in ReportFile.objects.all()] == [(CheckStatus.CANCELED, {})] * 2
    page = client.get(f"/report-check/batch/{batch}/").content.decode()
    assert page.count("已取消检查") == 2


def test_only_the_uploader_cancels_an_upload(cast, client):
    login(client, cast.clerk)
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post("/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", qingshan_2024().encode())]})
    row = ReportFile.objects.get()
    login(client, cast.leader)  # sees the township's upload, but did not make it
    assert "取消检查" not in client.get(f"/report-check/batch/{row.batch}/").content.decode()
    page = client.post(f"/report-check/{row.pk}/cancel/", follow=True).content.decode()
    assert "没有可取消的检查" in page
    row.refresh_from_db()
    assert row.status == CheckStatus.QUEUED
    login(client, cast.clerk)
    assert "已取消检查" in client.post(f"/report-check/{row.pk}/cancel/", follow=True).content.decode()
    row.refresh_from_db()
    assert row.status == CheckStatus.CANCELED


def test_a_check_unfinished_past_the_limit_is_failed_in_chinese(cast, client, settings):
    settings.FAZHI_CHECK_JOB_SECONDS = 600
    login(client, cast.clerk)
    _paste(client, qingshan_2024())
    job = CheckJob.objects.get()
    CheckJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    page = client.get(f"/report-check/job/{job.pk}/").content.decode()
    assert "检查超时（超过10分钟未完成），已停止" in page and "hx-trigger" not in page
    job.refresh_from_db()
    assert (job.status, job.text) == (CheckStatus.FAILED, "")
    # An upload likewise, on its batch page and its own page.
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post("/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", qingshan_2024().encode())]})
    row = ReportFile.objects.get()
    ReportFile.objects.filter(pk=row.pk).update(queued_at=timezone.now() - timedelta(minutes=11))
    page = client.get(f"/report-check/batch/{row.batch}/").content.decode()
    assert "检查超时（超过10分钟未完成）" in page and "hx-trigger" not in page
    assert "检查超时" in client.get(f"/report-check/{row.pk}/").content.decode()


def test_the_worker_stops_overdue_checks_and_fails_orphans(cast, client, settings):
    settings.FAZHI_CHECK_JOB_SECONDS = 600
    assert any(w.running_overdue == jobs.overdue_running for w in WATCHDOGS)
    login(client, cast.clerk)
    _paste(client, qingshan_2024())
    _paste(client, qingshan_2024())
    old, fresh = CheckJob.objects.order_by("pk")
    CheckJob.objects.update(status=CheckStatus.RUNNING)
    CheckJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert jobs.overdue_running() == [f"job {old.pk}"]
    assert jobs.fail_overdue() == 1
    # At the worker's start a check still running lost its worker.
    assert jobs.fail_orphans() == 1
    fresh.refresh_from_db()
    assert (fresh.status, fresh.error) == (CheckStatus.FAILED, jobs.ORPHANED)
