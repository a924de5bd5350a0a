"""The background checks' lives: pasted text and drafts queued as CheckJobs; cancel by the user who
asked; a check still unfinished FAZHI_CHECK_JOB_SECONDS after it was queued (a worker that died, a
stalled one) is marked failed with a Chinese message, and `fazhi worker` restarts a worker stuck
in one. A canceled check's result is dropped when it ends: it saves only while it is still running."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import UNFINISHED, CheckJob, CheckKind, CheckStatus, ReportFile

log = logging.getLogger(__name__)
CANCELED = "已取消检查"
ORPHANED = "检查中断（后台服务重新启动），请重新检查"


def overdue_message() -> str:
    minutes = max(1, settings.FAZHI_CHECK_JOB_SECONDS // 60)
    return f"检查超时（超过{minutes}分钟未完成），已停止；请重新检查，仍不成功请联系系统管理员"


def _progress_key(pk: int) -> str:
    return f"reportcheck-job-{pk}"


def job_progress(job: CheckJob) -> tuple[int, int]:
    """(steps done, steps) of a running job, as the worker last noted it."""
    return caches["progress"].get(_progress_key(job.pk)) or (0, 0)


def job_create(*, user, kind: str, title: str, township=None, text: str = "", report=None, version=None):
    """Queue a check of pasted text or of a draft version for `user`; returns the job."""
    job = CheckJob.objects.create(
        kind=kind,
        user=user,
        township=township,
        title=title[:200],
        text=text,
        report_pk=report.pk if report is not None else None,
        version_number=version.number if version is not None else None,
    )
    from .tasks import run_check_job

    transaction.on_commit(lambda: run_check_job.enqueue(job.pk))
    return job


def job_run(pk: int) -> CheckJob:
    """Run a queued job (in the worker); a job canceled or expired meanwhile is left as it is."""
    from .analysis import analyse
    from .loader import ReportLoadError, report_from_string

    if not CheckJob.objects.filter(pk=pk, status=CheckStatus.QUEUED).update(status=CheckStatus.RUNNING):
        return CheckJob.objects.get(pk=pk)
    job = CheckJob.objects.select_related("township", "user").get(pk=pk)
    key = _progress_key(pk)

    def progress(done: int, total: int) -> None:
        caches["progress"].set(key, (done, total), timeout=settings.FAZHI_CHECK_JOB_SECONDS)

    base = lambda model: model.objects.restrict(job.user)  # noqa: E731  (the user's own scope)
    status, error, result = CheckStatus.DONE, "", {}
    try:
        if job.kind == CheckKind.DRAFT:
            report, version = _draft(job)
            from . import drafts

            text = drafts.version_text(report, version)
            kwargs = {
                "township": report.township,
                "year": report.year,
                "frozen": drafts.frozen_by_metric(version),
            }
        else:
            text, kwargs = job.text, {"township": job.township}
        result = analyse(
            report_from_string(text, f"{job.title}.txt"), base=base, progress=progress, **kwargs
        ).to_json()
    except ReportLoadError as exc:  # a Chinese message: the text is far longer than any report
        status, error = CheckStatus.FAILED, str(exc)[:200]
    except Exception:  # the job must end in a state the page can show; the cause goes to the log
        log.exception("check job %s failed", pk)
        status, error = CheckStatus.FAILED, "检查时出错，请重新检查或联系系统管理员"
    # Only a job still running takes its result: one canceled or expired meanwhile stays so.
    CheckJob.objects.filter(pk=pk, status=CheckStatus.RUNNING).update(
        status=status, error=error, result=result, text="", finished_at=timezone.now()
    )
    caches["progress"].delete(key)
    return CheckJob.objects.get(pk=pk)


def _draft(job: CheckJob):
    from fazhi.reports.models import Report

    report = Report.objects.select_related("township").get(pk=job.report_pk)
    return report, report.versions.get(number=job.version_number)


def job_for(user, pk: int) -> CheckJob:
    """The user's own job (404 for anyone else's), expired first if it is overdue."""
    try:
        job = CheckJob.objects.get(pk=pk, user=user)
    except CheckJob.DoesNotExist:
        raise Http404 from None
    if not job.finished and fail_overdue():
        job.refresh_from_db()
    return job


@transaction.atomic
def job_cancel(*, job: CheckJob, user) -> bool:
    """Cancel the user's queued or running job at once; False when it had already ended."""
    if job.user_id != user.pk:
        raise Http404
    done = CheckJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
        status=CheckStatus.CANCELED, error=CANCELED, text="", finished_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(done)


@transaction.atomic
def report_files_cancel(*, rows, user) -> int:
    """Cancel the unfinished checks among `rows` that `user` uploaded or filed."""
    pks = [r.pk for r in rows if not r.finished and user.pk in (r.uploaded_by_id, r.filed_by_id)]
    return ReportFile.objects.filter(pk__in=pks, status__in=UNFINISHED).update(
        status=CheckStatus.CANCELED, error=CANCELED
    )


def _since():
    return timezone.now() - timedelta(seconds=settings.FAZHI_CHECK_JOB_SECONDS)


def overdue_running() -> list[str]:
    """Checks running past the limit (the worker must be restarted to stop them)."""
    since = _since()
    jobs = CheckJob.objects.filter(status=CheckStatus.RUNNING, created_at__lt=since)
    files = ReportFile.objects.filter(
        Q(queued_at__lt=since) | Q(queued_at__isnull=True, uploaded_at__lt=since), status=CheckStatus.RUNNING
    )
    return [f"job {pk}" for pk in jobs.values_list("pk", flat=True)] + [
        f"file {pk}" for pk in files.values_list("pk", flat=True)
    ]


def fail_overdue() -> int:
    """Mark every check unfinished past the limit failed with a Chinese message."""
    since, message, now = _since(), overdue_message(), timezone.now()
    n = CheckJob.objects.filter(status__in=UNFINISHED, created_at__lt=since).update(
        status=CheckStatus.FAILED, error=message, text="", finished_at=now
    )
    # Rows queued before queued_at existed count from their upload.
    old = Q(queued_at__lt=since) | Q(queued_at__isnull=True, uploaded_at__lt=since)
    n += ReportFile.objects.filter(old, status__in=UNFINISHED).update(
        status=CheckStatus.FAILED, error=message
    )
    if n:
        log.warning("marked %s overdue report checks failed", n)
    return n


def fail_orphans() -> int:
    """At worker start nothing runs: a check left running lost its worker."""
    n = CheckJob.objects.filter(status=CheckStatus.RUNNING).update(
        status=CheckStatus.FAILED, error=ORPHANED, text="", finished_at=timezone.now()
    )
    return n + ReportFile.objects.filter(status=CheckStatus.RUNNING).update(
        status=CheckStatus.FAILED, error=ORPHANED
    )
