"""The life of an import job beyond its run: cancel, orphans after a worker died, overdue jobs, purge."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from fazhi.securitypolicy.policy import current

from .models import UPLOAD_FOLDER, ImportJob, JobStatus

log = logging.getLogger(__name__)
UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)
ORPHANED = "导入中断（后台服务重新启动），未导入任何记录，请重新上传文件"
OVERDUE = "导入超时，已停止，未导入任何记录；请分成多个较小的文件导入"
CANCELED = "已取消，未导入任何记录"


@dataclass(frozen=True)
class Watchdog:
    """Another app's background work watched by `fazhi worker` (imports sits below those apps).

    `on_start` marks work left running by a dead worker; `running_overdue` lists work running past
    its limit (the worker is restarted to stop it); `fail_overdue` marks unfinished work past its
    limit failed."""

    on_start: Callable[[], int]
    running_overdue: Callable[[], list]
    fail_overdue: Callable[[], int]


WATCHDOGS: list[Watchdog] = []


def register_watchdog(watchdog: Watchdog) -> None:
    if watchdog not in WATCHDOGS:
        WATCHDOGS.append(watchdog)


class FilePurged(Exception):
    """The job's uploaded file was emptied after FAZHI_IMPORT_KEEP_DAYS: it must be uploaded again."""


class JobCanceled(Exception):
    """Raised inside a running import when its owner asked to cancel it."""


def _cancel_key(job_id: int) -> str:
    return f"import-job-{job_id}-cancel"


def cancel_requested(job_id: int) -> bool:
    return bool(caches["progress"].get(_cancel_key(job_id)))


def cancel_forget(job_id: int) -> None:
    """A run starts with no request to cancel: only one made while it runs counts."""
    caches["progress"].delete(_cancel_key(job_id))


def _end(queryset, status: str, message: str) -> int:
    return queryset.update(
        status=status,
        finished_at=timezone.now(),
        result={"errors": [{"row": None, "column": "", "sheet": "", "message": message}], "summary": message},
    )


@transaction.atomic
def import_job_cancel(*, job: ImportJob, user) -> str:
    """Cancel the owner's job: a queued or stuck one at once, a running one at its next progress step."""
    if job.user_id != user.pk or job.finished:
        return job.status
    if job.status == JobStatus.QUEUED or job.stuck:
        _end(ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED), JobStatus.CANCELED, CANCELED)
        return JobStatus.CANCELED
    caches["progress"].set(_cancel_key(job.pk), True, timeout=settings.FAZHI_IMPORT_JOB_SECONDS)
    return JobStatus.RUNNING


def import_jobs_fail_orphans() -> int:
    """At worker start nothing is running: a job left "进行中" lost its worker, and so did its task row."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="RUNNING").update(status="FAILED", finished_at=timezone.now())
    count = _end(ImportJob.objects.filter(status=JobStatus.RUNNING), JobStatus.FAILED, ORPHANED)
    if count:
        log.warning("marked %s orphaned import jobs failed", count)
    return count


def import_jobs_overdue() -> list[int]:
    """Running jobs past FAZHI_IMPORT_JOB_SECONDS."""
    since = timezone.now() - timedelta(seconds=settings.FAZHI_IMPORT_JOB_SECONDS)
    return list(
        ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=since).values_list("pk", flat=True)
    )


def import_jobs_fail_overdue(ids: list[int]) -> int:
    return _end(ImportJob.objects.filter(pk__in=ids, status=JobStatus.RUNNING), JobStatus.FAILED, OVERDUE)


def import_jobs_purge(*, days: int | None = None) -> int:
    """Delete the uploaded files (full personal data) of jobs finished more than `days` days ago, and
    uploaded files older than that which no job names (`stray_uploads`)."""
    days = current().import_keep_days if days is None else days
    before = timezone.now() - timedelta(days=days)
    due = (
        ImportJob.objects.filter(finished_at__lt=before, purged_at__isnull=True)
        .exclude(status__in=UNFINISHED)
        .values_list("pk", "upload")
    )
    count = 0
    for pk, name in list(due):
        # The file goes first: should the row's update fail, the next purge finds the job again.
        if name:
            ImportJob.upload.field.storage.delete(name)
        count += ImportJob.objects.filter(pk=pk, purged_at__isnull=True).update(
            upload="", purged_at=timezone.now()
        )
    for name in stray_uploads(before):
        ImportJob.upload.field.storage.delete(name)
        log.info("deleted %s: an uploaded file no import job names", name)
    return count


def stray_uploads(before) -> list[str]:
    """Uploaded files that no job names, written before `before`: storage is not transactional, so a
    file saved by an upload whose transaction then rolled back stays behind. Younger ones are left
    alone: their job may not be committed yet."""
    storage = ImportJob.upload.field.storage
    if not storage.exists(UPLOAD_FOLDER):
        return []
    names, folders = [], [UPLOAD_FOLDER]
    while folders:
        current_folder = folders.pop()
        dirs, files = storage.listdir(current_folder)
        folders += [f"{current_folder}/{d}" for d in dirs]
        names += [f"{current_folder}/{f}" for f in files]
    named = set()
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        named.update(ImportJob.objects.filter(upload__in=chunk).values_list("upload", flat=True))
    return [n for n in names if n not in named and storage.get_modified_time(n) < before]
