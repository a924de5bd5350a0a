"""High 1 and Low 14: jobs never stay "进行中" for ever, can be canceled, and their files are purged."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import login
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob, JobStatus
from fazhi.imports.services import import_job_again, import_job_run


def _job(cast, status=JobStatus.QUEUED, **kw):
    return ImportJob.objects.create(
        township=cast.a,
        ledger="disputes",
        user=cast.clerk,
        filename="x.xlsx",
        content=b"PK",
        status=status,
        **kw,
    )


def test_orphaned_jobs_are_marked_failed_at_worker_start(cast):
    job = _job(cast, JobStatus.RUNNING, started_at=timezone.now())
    queued = _job(cast)
    jobs.import_jobs_fail_orphans()
    job.refresh_from_db()
    queued.refresh_from_db()
    assert job.status == JobStatus.FAILED and "导入中断" in job.result["summary"]
    assert queued.status == JobStatus.QUEUED


def test_orphaned_task_rows_are_failed_too(cast):
    jobs.import_jobs_fail_orphans()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


def test_a_job_past_the_timeout_is_overdue_and_failed(cast, settings):
    settings.FAZHI_IMPORT_JOB_SECONDS = 60
    old = _job(cast, JobStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=61))
    fresh = _job(cast, JobStatus.RUNNING, started_at=timezone.now())
    assert jobs.import_jobs_overdue() == [old.pk]
    jobs.import_jobs_fail_overdue([old.pk])
    old.refresh_from_db()
    assert old.status == JobStatus.FAILED and "超时" in old.result["summary"]
    assert ImportJob.objects.get(pk=fresh.pk).status == JobStatus.RUNNING


def test_the_owner_cancels_a_queued_job_and_the_worker_skips_it(cast, client):
    job = _job(cast)
    r = login(client, cast.clerk).post(reverse("import-cancel", args=["disputes", job.pk]))
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELED
    assert import_job_run(job_id=job.pk).status == JobStatus.CANCELED


def test_nobody_else_cancels_a_job(cast, client):
    job = _job(cast)
    r = login(client, cast.leader).post(reverse("import-cancel", args=["disputes", job.pk]))
    assert r.status_code == 404
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED


def test_a_running_job_stops_at_its_next_step_when_canceled(cast):
    from fazhi.imports.tests.helpers import workbook

    head = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要"]
    content = workbook({"矛盾纠纷": [head, ["1", "青山", "2023.5.6", "群众申请", "村", "邻里", "排水沟"]]})
    job = _job(cast)
    job.content = content
    job.save(update_fields=["upload"])
    seen = []

    def cancel_on_first_step(stage, done, total):
        # The owner's cancel arrives while the import runs (a real second request would do the same).
        if not seen:
            seen.append(stage)
            caches["progress"].set(f"import-job-{job.pk}-cancel", True)

    with mock.patch.object(ImportJob, "set_progress", side_effect=cancel_on_first_step, autospec=False):
        assert import_job_run(job_id=job.pk).status == JobStatus.CANCELED


def test_the_job_page_stops_polling_when_the_job_is_stuck(cast, client, settings):
    settings.FAZHI_IMPORT_JOB_SECONDS = 60
    job = _job(cast, JobStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=120))
    page = login(client, cast.clerk).get(reverse("import-job", args=["disputes", job.pk])).content.decode()
    assert "hx-trigger" not in page and "停止刷新" in page
    job.started_at = timezone.now()
    job.save(update_fields=["started_at"])
    assert "hx-trigger" in client.get(reverse("import-job", args=["disputes", job.pk])).content.decode()


def test_uploaded_files_are_purged_after_the_kept_days(cast, settings):
    settings.FAZHI_IMPORT_KEEP_DAYS = 7
    old = _job(cast, JobStatus.DONE, finished_at=timezone.now() - timedelta(days=8))
    recent = _job(cast, JobStatus.DONE, finished_at=timezone.now() - timedelta(days=1))
    assert jobs.import_jobs_purge() == 1
    old.refresh_from_db()
    assert bytes(old.content) == b"" and old.purged_at
    assert bytes(ImportJob.objects.get(pk=recent.pk).content) == b"PK"
    with pytest.raises(jobs.FilePurged):
        import_job_again(job=old, user=cast.clerk, dry_run=True)
