"""The report status board and the district's accept / return of a submission."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.reports import district_report
from fazhi.reports import services as report_services
from fazhi.reports.models import Submission, SubmissionStatus

from . import status
from .selectors import reviewed_district, reviewed_districts


def _year(request) -> int:
    raw = request.GET.get("year", "")
    default = timezone.localdate().year - 1
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def status_board(request):
    district = reviewed_district(request.user, request.GET.get("district"))
    year = _year(request)
    rows = status.board(district, year)
    return render(
        request,
        "district/status.html",
        {
            "district": district,
            "year": year,
            "rows": rows,
            "at_risk": [r for r in rows if r.at_risk],
            "due": f"{year + 1}年3月1日",
            "own_report": district_report.own_report_state(district, year),
            "counts": [(s, sum(1 for r in rows if r.state == s)) for s in status.STATES],
        },
    )


@require_POST
def submission_review(request, pk: int):
    """Accept or return (with comments) a submission of a township in a district the user reviews."""
    districts = reviewed_districts(request.user)
    submission = get_object_or_404(
        Submission.objects.select_related("report__township"),
        pk=pk,
        report__township__parent__in=districts,
    )
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Http404("没有待审核的报送")
    try:
        if request.POST.get("action") == "accept":
            report_services.submission_accept(submission=submission, user=request.user)
            messages.success(request, f"已接收{submission.report.township.name}的报告，并连同检查结果归档")
        else:
            report_services.submission_return(
                submission=submission, user=request.user, comments=request.POST.get("comments", "")
            )
            messages.success(request, f"已退回{submission.report.township.name}的报告")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('district-status')}?year={submission.report.year}")
