"""Import jobs and exports: what the views, the command line and the worker call."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record, numbers_text
from fazhi.core import ledgers
from fazhi.core.policy import can, revealer

from . import jobs, writer
from .importer import import_workbook
from .models import ColumnMapping, ImportJob, JobStatus

logger = logging.getLogger(__name__)
# Shown instead of the exception text, which may be English library text or reveal internals.
MESSAGE_FAILED = "导入出错：系统内部错误，文件未导入。请稍后重试；如仍失败，请联系系统管理员。"


def mapping_for(*, township, ledger: str) -> dict:
    row = ColumnMapping.objects.filter(township=township, ledger=ledger).first()
    return row.mapping if row else {}


@transaction.atomic
def column_mapping_save(*, township, ledger: str, sheet: str, mapping: dict, user) -> ColumnMapping:
    """Remember how this township's headers map to the ledger's columns ("" ignores a column)."""
    row, _ = ColumnMapping.objects.select_for_update().get_or_create(township=township, ledger=ledger)
    row.mapping = {**row.mapping, sheet: {**row.mapping.get(sheet, {}), **mapping}}
    row.updated_by = user
    row.save()
    return row


def import_job_create(
    *, township, ledger: str, user, filename: str, content: bytes, dry_run: bool, on_conflict="stop"
):
    job = ImportJob.objects.create(
        township=township,
        ledger=ledger,
        user=user,
        filename=filename[:255],
        content=content,
        dry_run=dry_run,
        on_conflict=on_conflict,
    )
    from .tasks import run_import

    # After commit: the worker must see the job row.
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_job_again(*, job: ImportJob, user, dry_run: bool, on_conflict="stop") -> ImportJob:
    """The same file once more, as a new job: the import after its preview, or the check after a mapping."""
    job = ImportJob.objects.get(pk=job.pk)  # as stored now: a purge may have run since the page was read
    content = b"" if job.purged_at else job.content
    if not content:
        raise jobs.FilePurged
    return import_job_create(
        township=job.township,
        ledger=job.ledger,
        user=user,
        filename=job.filename,
        content=content,
        dry_run=dry_run,
        on_conflict=on_conflict,
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a job (in the worker); progress is saved as it goes so that the page can show it."""
    job = ImportJob.objects.select_related("township", "user").get(pk=job_id)
    # A job canceled while queued, or already ended, is not run.
    if not ImportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    ):
        return job
    jobs.cancel_forget(job.pk)
    last = {"t": 0.0}

    def progress(stage, done, total):
        now = timezone.now().timestamp()
        if now - last["t"] > 0.3 or done == total:
            last["t"] = now
            job.set_progress(stage, done, total)
            if jobs.cancel_requested(job.pk):
                raise jobs.JobCanceled

    spec = ledgers.get(job.ledger)
    try:
        result = import_workbook(
            spec=spec,
            township=job.township,
            user=job.user,
            content=job.content,
            filename=job.filename,
            dry_run=job.dry_run,
            on_conflict=job.on_conflict,
            mapping=mapping_for(township=job.township, ledger=job.ledger),
            progress=progress,
        )
        data = result.as_dict()
        status = JobStatus.DONE if result.ok and (result.written or job.dry_run) else JobStatus.FAILED
        if result.ok and not result.written and not job.dry_run and not result.conflicts:
            status = JobStatus.DONE  # nothing new to write is a success
    except jobs.JobCanceled:
        data, status = {"errors": [], "summary": jobs.CANCELED}, JobStatus.CANCELED
    except Exception:  # the job must end in a state the page can show; the cause goes to the log
        logger.exception("import job %s (%s, %s) failed", job.pk, job.ledger, job.filename)
        data = {
            "errors": [{"row": None, "column": "", "sheet": "", "message": MESSAGE_FAILED}],
            "summary": "导入出错",
        }
        status = JobStatus.FAILED
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        result=data,
        finished_at=timezone.now(),
        stage=job.stage,
        done=job.done,
        total=job.total,
    )
    job.refresh_from_db()
    return job


def export_filters(request) -> str:
    """The query that chose the exported rows, for the audit line (the page number is irrelevant)."""
    if request is None:
        return ""
    # A search term may be a person's name: its length is logged, never the term.
    params = [
        (k, f"（{len(v)}字）" if k == "q" else v)
        for k, v in request.GET.items()
        if k not in ("page", "full") and v
    ]
    return "，条件：" + "&".join(f"{k}={v}" for k, v in params)[:300] if params else "，条件：全部"


def export_workbook(*, spec, user, queryset, full: bool = False, request=None) -> bytes:
    """Export the given (already scoped and filtered) records; a full export needs `reveal` and is logged."""
    if full and not can(user, spec, "reveal"):
        full = False
    may_reveal = revealer(user, spec)
    content = writer.export(spec, queryset, masked=not full, reveal=may_reveal)
    detail = f"导出{spec.label}（脱敏）"
    if full:
        rows = queryset.values_list("pk", "number", "township_id", "village_id")
        shown = [n for _, n, t, v in rows if may_reveal(_Place(t, v))]
        detail = f"导出{spec.label}（含完整个人信息{len(shown)}条：{numbers_text(shown)}）"
    audit_record(
        user=user,
        action=AuditAction.EXPORT_FULL if full else AuditAction.EXPORT,
        detail=f"{detail}，{queryset.count()}条" + export_filters(request),
        request=request,
    )
    return content


@dataclass(frozen=True)
class _Place:
    township_id: int
    village_id: int | None
