"""The background checks' lives: pasted text and drafts queued as CheckJobs; cancel by the user who
asked; a check still unfinished FAZHI_CHECK_JOB_SECONDS after it was queued (a worker that died, a
stalled one) is marked failed with a Chinese message, and `fazhi worker` restarts a worker stuck
in one. A canceled check stops between its steps (the worker looks at the flag) and saves nothing;
the approval's and the submission's checks are jobs too (fazhi.reports queues them through its
Checker)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import UNFINISHED, VERSION_KINDS, CheckJob, CheckKind, CheckStatus, ReportFile

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


def job_create(
    *, user, kind: str, title: str, township=None, text: str = "", report=None, version=None, submission=None
):
    """Queue a check of pasted text or of a draft version for `user`; returns the job."""
    job = CheckJob.objects.create(
        kind=kind,
        user=user,
        township=township,
        title=title[:200],
        text=text,
        report_pk=report.pk if report is not None else None,
        version_number=version.number if version is not None else None,
        submission_pk=submission.pk if submission is not None else None,
    )
    from .tasks import run_check_job

    # After commit: the worker must see the row. A worker that is down finds it queued when it starts.
    transaction.on_commit(lambda: run_check_job.enqueue(job.pk))
    return job


class Stopped(Exception):
    """The check was canceled (or expired) while the worker ran it."""


def still_running(model, pk: int) -> Callable[[], None]:
    """A check between steps: raises Stopped once the row is no longer running (canceled, expired)."""

    def check() -> None:
        if not model.objects.filter(pk=pk, status=CheckStatus.RUNNING).exists():
            raise Stopped

    return check


def job_run(pk: int) -> CheckJob:
    """Run a queued job (in the worker); a job canceled or expired meanwhile is left as it is.

    Between the check's steps (each rule, each stage, each batch of paragraphs compared for copies)
    the worker looks whether the job was canceled and then stops, saving no result."""
    from .analysis import analyse
    from .loader import ReportLoadError, report_from_string

    if not CheckJob.objects.filter(pk=pk, status=CheckStatus.QUEUED).update(status=CheckStatus.RUNNING):
        return CheckJob.objects.get(pk=pk)
    job = CheckJob.objects.select_related("township", "user").get(pk=pk)
    key = _progress_key(pk)
    stop_if_canceled = still_running(CheckJob, pk)
    steps = [0, 0]

    def progress(done: int, total: int) -> None:
        steps[:] = [done, total]
        caches["progress"].set(key, (done, total), timeout=settings.FAZHI_CHECK_JOB_SECONDS)
        stop_if_canceled()

    # The user's own scope; the check kept with a submission reads all of the township's records.
    base = None if job.kind == CheckKind.SUBMISSION else (lambda model: model.objects.restrict(job.user))
    status, error, result = CheckStatus.DONE, "", {}
    try:
        if job.kind in VERSION_KINDS:
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
    except Stopped:  # canceled or expired: it stays so, without a result
        CheckJob.objects.filter(pk=pk).update(text="", steps_done=steps[0], steps=steps[1])
        caches["progress"].delete(key)
        log.info("check job %s stopped after %s of %s steps", pk, *steps)
        return CheckJob.objects.get(pk=pk)
    except ReportLoadError as exc:  # a Chinese message: the text is far longer than any report
        status, error = CheckStatus.FAILED, str(exc)[:200]
    except Exception:  # the job must end in a state the page can show; the cause goes to the log
        log.exception("check job %s failed", pk)
        status, error = CheckStatus.FAILED, "检查时出错，请重新检查或联系系统管理员"
    with transaction.atomic():
        # Only a job still running takes its result: one canceled or expired meanwhile stays so.
        saved = CheckJob.objects.filter(pk=pk, status=CheckStatus.RUNNING).update(
            status=status,
            error=error,
            result=result,
            text="",
            finished_at=timezone.now(),
            steps_done=steps[0],
            steps=steps[1],
        )
        if saved and status == CheckStatus.DONE and job.submission_pk:
            from fazhi.reports.submission_check import attach_result

            attach_result(job.submission_pk, result)
    caches["progress"].delete(key)
    return CheckJob.objects.get(pk=pk)


def _draft(job: CheckJob):
    from fazhi.reports.models import Report

    report = Report.objects.select_related("township").get(pk=job.report_pk)
    return report, report.versions.get(number=job.version_number)


def job_state(job: CheckJob, *, findings: Callable[[dict], list[str]] | None = None, expire: bool = True):
    """The job as fazhi.reports sees it (reports.checking.CheckState), expired first if overdue."""
    from fazhi.reports.checking import CheckState

    if expire and not job.finished and fail_overdue():
        job.refresh_from_db()
    done, total = job_progress(job)
    ok = job.status == CheckStatus.DONE
    return CheckState(
        finished=job.finished,
        label=job.get_status_display(),
        percent=int(100 * done / total) if total else 0,
        waiting=job.status == CheckStatus.QUEUED,
        ok=ok,
        error="" if ok else job.error,
        findings=findings(job.result) if ok and findings else [],
    )


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
