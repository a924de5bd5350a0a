"""Pages of the report check: upload (several files) or paste, batch summary and .xlsx, one file's
findings, filing, and the check of a township's own draft."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from . import drafts, jobs
from .checks import PART_LABELS, figure_verdict
from .loader import MAX_BYTES, ReportLoadError, report_from_string
from .models import CheckJob, CheckKind, CheckStatus, ReportFile
from .rules import sections
from .selectors import (
    can_check_reports,
    filing_townships,
    own_townships,
    report_files_for,
    reviewer_districts,
)
from .services import (
    MAX_FILES,
    Upload,
    batch_progress,
    report_file_file,
    report_file_publication_set,
    report_files_upload,
)
from .summary import COLUMNS, summary_rows, summary_xlsx
from .years import YEAR_SOURCES

# Pasted text is checked in the background like a file, and emptied when its check ends.
PASTE_MAX_CHARS = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_access(request):
    # 系统管理员, 审计员 and anyone without a reviewer/township role see nothing here: 404, not 403.
    if not can_check_reports(request.user):
        raise Http404


def _get_file(request, pk) -> ReportFile:
    _require_access(request)
    return get_object_or_404(report_files_for(request.user), pk=pk)


def _uploads(request) -> list[Upload]:
    files = request.FILES.getlist("files")
    # Checked before reading: a batch over the limit is refused without holding every file in memory.
    if len(files) > MAX_FILES:
        raise ValidationError(f"一次最多上传{MAX_FILES}个文件，请分批上传")
    too_big = [f.name for f in files if f.size > MAX_BYTES]
    if too_big:
        raise ValidationError(
            [f"{name}：文件超过{MAX_BYTES // 1024 // 1024}MB，不像一份年度报告" for name in too_big]
        )
    return [Upload(f.name, f.read()) for f in files]


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year - 1


def index(request):
    _require_access(request)
    if request.method == "POST":
        try:
            uploads = _uploads(request)
            created = report_files_upload(user=request.user, uploads=uploads)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("reportcheck-batch", batch=created[0].batch)
    year = _year_param(request)
    files = report_files_for(request.user)
    filed = files.filed().filter(year=year)
    return render(
        request,
        "reportcheck/index.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, 2018, -1),
            "rows": summary_rows(filed),
            "columns": COLUMNS,
            "recent": files.order_by("-uploaded_at")[:20],
            "my_jobs": CheckJob.objects.filter(user=request.user).order_by("-created_at")[:10],
            "is_reviewer": bool(reviewer_districts(request.user)),
            "drafts_available": drafts.available(),
        },
    )


@require_POST
def paste(request):
    """Check pasted text in the background worker; the text is kept only until its check ends."""
    _require_access(request)
    text = request.POST.get("text", "")
    if not text.strip():
        messages.error(request, "请粘贴报告全文")
        return redirect("reportcheck-index")
    own = own_townships(request.user)
    township = own[0] if own else None
    if len(text) > PASTE_MAX_CHARS:
        messages.error(request, f"粘贴的文字超过{PASTE_MAX_CHARS // 10000}万字，请上传文件检查")
        return redirect("reportcheck-index")
    try:
        report_from_string(text, "粘贴的报告.txt")  # refused here, in Chinese, before it is queued
    except ReportLoadError as exc:
        messages.error(request, str(exc))
        return redirect("reportcheck-index")
    with transaction.atomic():
        job = jobs.job_create(
            user=request.user, kind=CheckKind.PASTE, title="粘贴文字的检查结果", township=township, text=text
        )
    return redirect("reportcheck-job", pk=job.pk)


def job(request, pk):
    """A pasted text's or a draft's check: progress while the worker runs it, then the findings."""
    _require_access(request)
    check = jobs.job_for(request.user, pk)
    done, total = jobs.job_progress(check)
    context = {"job": check, "percent": int(100 * done / total) if total else 0}
    if check.status == CheckStatus.DONE:
        context |= {"result": check.result, "figures": _figures(check.result), **_labels(check.result)}
    if request.headers.get("HX-Request"):
        return render(request, "reportcheck/_job_body.html", context)
    return render(request, "reportcheck/job.html", context)


@require_POST
def job_cancel(request, pk):
    _require_access(request)
    check = jobs.job_for(request.user, pk)
    if jobs.job_cancel(job=check, user=request.user):
        messages.success(request, "已取消检查")
    else:
        messages.info(request, "检查已经结束，无需取消")
    return redirect("reportcheck-job", pk=pk)


@require_POST
def batch_cancel(request, batch):
    _require_access(request)
    files = list(report_files_for(request.user).filter(batch=batch))
    if not files:
        raise Http404
    count = jobs.report_files_cancel(rows=files, user=request.user)
    if count:
        messages.success(request, f"已取消{count}份报告的检查")
    else:
        messages.info(request, "没有可取消的检查")
    return redirect("reportcheck-batch", batch=batch)


@require_POST
def file_cancel(request, pk):
    report_file = _get_file(request, pk)
    if jobs.report_files_cancel(rows=[report_file], user=request.user):
        messages.success(request, "已取消检查")
    else:
        messages.info(request, "没有可取消的检查")
    return redirect("reportcheck-detail", pk=pk)


def _figures(result: dict) -> list[dict]:
    return [{**f, "verdict": figure_verdict(f)} for f in result.get("figures", [])]


def batch(request, batch):
    _require_access(request)
    files = list(report_files_for(request.user).filter(batch=batch))
    if not files:
        raise Http404
    if any(not f.finished for f in files) and jobs.fail_overdue():
        files = list(report_files_for(request.user).filter(batch=batch))
    done, total = batch_progress(batch)
    pending = any(not f.finished for f in files)
    context = {
        "batch": batch,
        "rows": summary_rows([f for f in files if f.checked]),
        "failed": [f for f in files if f.finished and not f.checked],
        "can_cancel": any(not f.finished and request.user.pk == f.uploaded_by_id for f in files),
        "columns": COLUMNS,
        "uploaded_at": files[0].uploaded_at,
        "pending": pending,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
    }
    if request.headers.get("HX-Request"):
        return render(request, "reportcheck/_batch_body.html", context)
    return render(request, "reportcheck/batch.html", context)


def batch_xlsx(request, batch):
    _require_access(request)
    files = list(report_files_for(request.user).filter(batch=batch))
    if not files:
        raise Http404
    return _xlsx(
        request, summary_rows(files), "报告检查汇总", f"报告检查汇总-{files[0].uploaded_at:%Y%m%d%H%M}.xlsx"
    )


def filed_xlsx(request):
    _require_access(request)
    year = _year_param(request)
    rows = summary_rows(report_files_for(request.user).filed().filter(year=year))
    return _xlsx(request, rows, f"{year}年度报告检查汇总", f"{year}年度报告检查汇总.xlsx")


def _xlsx(request, rows, title, filename) -> HttpResponse:
    response = HttpResponse(summary_xlsx(rows, title), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    audit_record(user=request.user, action=AuditAction.EXPORT, detail=f"导出{title}", request=request)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _labels(result: dict) -> dict:
    return {
        "part_labels": PART_LABELS,
        "rule_sections": sections(result),
        "year_source_label": YEAR_SOURCES.get(result.get("year_source") or ""),
    }


def detail(request, pk):
    report_file = _get_file(request, pk)
    if not report_file.finished and jobs.fail_overdue():
        report_file.refresh_from_db()
    result = report_file.result
    figures = _figures(result)
    can_file = report_file.district in reviewer_districts(request.user)
    return render(
        request,
        "reportcheck/detail.html",
        {
            "report_file": report_file,
            "result": result,
            "figures": figures,
            "title": f"{report_file.township_label} {report_file.filename}",
            "can_file": can_file,
            "can_cancel": request.user.pk in (report_file.uploaded_by_id, report_file.filed_by_id),
            "townships": filing_townships(request.user) if can_file else [],
            "default_year": report_file.year or result.get("year") or dt.date.today().year - 1,
            **_labels(result),
        },
    )


@require_POST
def file_report(request, pk):
    report_file = _get_file(request, pk)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "报告年度不正确")
        return redirect("reportcheck-detail", pk=pk)
    try:
        report_file_file(
            report_file=report_file,
            user=request.user,
            township_name=request.POST.get("township_name", ""),
            year=year,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已归档为{report_file.township_label}{year}年度报告，正在后台重新检查")
    return redirect("reportcheck-detail", pk=pk)


@require_POST
def publication(request, pk):
    report_file = _get_file(request, pk)
    raw = request.POST.get("published_on", "").strip()
    try:
        published_on = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, "公开日期不正确")
        return redirect("reportcheck-detail", pk=pk)
    try:
        report_file_publication_set(
            report_file=report_file,
            user=request.user,
            published_on=published_on,
            url=request.POST.get("url", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已保存公开情况")
    return redirect("reportcheck-detail", pk=pk)


def download(request, pk):
    report_file = _get_file(request, pk)
    return FileResponse(report_file.file.open("rb"), as_attachment=True, filename=report_file.filename)


def draft(request, report_pk):
    """The check of a township's own draft (fazhi.reports), latest version or ?version=N: a POST queues
    it in the background worker and goes to its page; a GET offers the button."""
    _require_access(request)
    if not drafts.available():
        raise Http404
    from fazhi.reports.models import Report

    own = {t.pk for t in own_townships(request.user)}
    districts = {d.pk for d in reviewer_districts(request.user)}
    report = get_object_or_404(Report.objects.select_related("township"), pk=report_pk)
    submitted = report.submissions.exists()
    # A district's own report (its organisation is the district) is checked by its 区级督查.
    if (
        report.township_id not in own
        and report.township_id not in districts
        and not (report.township.district_id in districts and submitted)
    ):
        raise Http404
    versions = report.versions.all()
    number = request.POST.get("version") or request.GET.get("version")
    if number:
        try:
            version = versions.get(number=int(number))
        except (ValueError, versions.model.DoesNotExist):
            raise Http404 from None
    else:
        version = versions.order_by("-number").first()
        if version is None:
            raise Http404
    if request.method != "POST":
        return render(request, "reportcheck/draft_start.html", {"report": report, "version": version})
    with transaction.atomic():
        check = jobs.job_create(
            user=request.user,
            kind=CheckKind.DRAFT,
            title=f"{report}（{version}）",
            township=report.township,
            report=report,
            version=version,
        )
    return redirect("reportcheck-job", pk=check.pk)
