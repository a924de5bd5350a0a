"""Approval's pages: the leader signs knowing what fazhi's check finds in the version. The check runs
in the background worker: the page shows 正在检查 and polls until the findings and the confirmation
can be shown; without fazhi.reportcheck only the draft's hints are shown."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import checking, outputs, workflow
from .views import _draft_url, _error, _report_for_editor

# What the approval form carries to the confirmation (the check's page keeps it in its address).
FIELDS = ("version", "dated_on", "signer", "confirm", "comment")


def _date_or_none(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("成文日期格式应为“2026-02-20”") from None


def _confirm_page(request, report, version, post, *, job=None, state=None):
    context = {
        "report": report,
        "version": version,
        "hints": outputs.draft_hints(version.body),
        "post": post,
        "state": state,
        "findings": state.findings if state is not None else [],
    }
    if job is not None:
        query = urlencode({k: post.get(k, "") for k in FIELDS})
        context["check_url"] = (
            reverse("report-approve-check", args=[report.township_id, report.year, job]) + "?" + query
        )
    partial = request.headers.get("HX-Request") and request.method == "GET"
    return render(
        request, "reports/_approve_check.html" if partial else "reports/approve_confirm.html", context
    )


@require_POST
def report_approve(request, township_id: int, year: int):
    report = _report_for_editor(request, township_id, year)
    version = report.versions.filter(number=request.POST.get("version") or 0).first()
    if version is None:
        messages.error(request, "没有该版本")
        return redirect(_draft_url(report))
    if not request.POST.get("confirmed"):
        found = checking.checker()
        if found is not None:
            # The check is queued for the worker; the page follows it (_approve_check.html).
            job = found.queue_findings(report, version, user=request.user)
            state = found.findings_state(request.user, job)
            return _confirm_page(request, report, version, request.POST, job=job, state=state)
        if outputs.draft_hints(version.body):
            return _confirm_page(request, report, version, request.POST)
    try:
        workflow.report_approve_confirmed(
            version=version,
            user=request.user,
            confirmed=bool(request.POST.get("confirm")),
            comment=request.POST.get("comment", ""),
            dated_on=_date_or_none(request.POST.get("dated_on")),
            signer=request.POST.get("signer"),
        )
    except PermissionDenied:
        messages.error(request, "只有乡镇领导可以审批报告")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"第{version.number}版已审批，数据已冻结")
    return redirect(_draft_url(report))


def report_approve_check(request, township_id: int, year: int, job: int):
    """The approval check's state (polled by the page); the whole page when opened again later."""
    report = _report_for_editor(request, township_id, year)
    version = report.versions.filter(number=request.GET.get("version") or 0).first()
    found = checking.checker()
    state = found.findings_state(request.user, job) if found is not None else None
    if version is None or state is None:
        raise Http404
    return _confirm_page(request, report, version, request.GET, job=job, state=state)
