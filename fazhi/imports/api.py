"""`/api/v1/imports/<台账>/jobs/<id>/`: an import job's state and result for the user who started it (as
its page), with the 编号 of the records it created and updated and where to read them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from fazhi.core import ledgers
from fazhi.core.policy import can

from .models import ImportJob

router = Router(tags=["导入"])


class RecordLink(Schema):
    number: str
    id: int
    url: str
    api_url: str


class RowProblem(Schema):
    sheet: str = ""
    row: int | None = None
    column: str = ""
    message: str


class JobOut(Schema):
    id: int
    ledger: str
    township: int
    filename: str
    dry_run: bool
    status: str
    status_label: str
    summary: str
    created: int
    updated: int
    created_records: list[RecordLink]
    updated_records: list[RecordLink]
    errors: list[RowProblem]


def _links(ledger: str, rows: list[dict]) -> list[dict]:
    return [
        {**r, "url": f"/ledger/{ledger}/{r['id']}/", "api_url": f"/api/v1/{ledger}/{r['id']}/"} for r in rows
    ]


@router.get("/{ledger}/jobs/{int:pk}/", response=JobOut, summary="导入任务的状态与结果")
def import_job_detail(request, ledger: str, pk: int):
    """Only the user who started the job reads it; the lists name at most the first 500 records."""
    spec = ledgers.get(ledger)
    if spec is None or not can(request.user, spec, "create"):
        raise Http404("没有这个台账")
    job = get_object_or_404(ImportJob, pk=pk, ledger=spec.key, user=request.user)
    result = job.result or {}
    return {
        "id": job.pk,
        "ledger": job.ledger,
        "township": job.township_id,
        "filename": job.filename,
        "dry_run": job.dry_run,
        "status": job.status,
        "status_label": job.get_status_display(),
        "summary": result.get("summary", ""),
        "created": result.get("created", 0),
        "updated": result.get("updated", 0),
        "created_records": _links(spec.key, result.get("created_records", [])),
        "updated_records": _links(spec.key, result.get("updated_records", [])),
        "errors": result.get("errors", []),
    }
