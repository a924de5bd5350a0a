"""Public, read-only pages per township (no sign-in): published annual reports and 行政执法公示."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.reports import drafting, outputs, services

from . import selectors


@login_not_required
@require_GET
def index(request):
    return render(request, "public/index.html", {"townships": selectors.public_townships()})


def _township(pk: int):
    township = selectors.public_township(pk)
    if township is None:
        raise Http404("该乡镇暂无公开信息")
    return township


@login_not_required
@require_GET
def township_page(request, township_id: int):
    township = _township(township_id)
    return render(
        request,
        "public/township.html",
        {
            "township": township,
            "reports": selectors.published_reports(township),
            "cases": selectors.published_cases(township),
        },
    )


@login_not_required
@require_GET
def report_page(request, township_id: int, year: int):
    township = _township(township_id)
    report = selectors.published_reports(township).filter(year=year).first()
    if report is None:
        raise Http404("该年度报告尚未公开")
    version = services.latest_approved(report)
    document = outputs.document_for(report, version, services.settings_for(township))
    paragraphs = []
    for block in document.blocks:
        if block["kind"] == "p":
            text = "".join(
                drafting.shown_text(seg) if isinstance(seg, dict) else str(seg) for seg in block["segments"]
            )
            paragraphs.append({"kind": "p", "text": text})
        else:
            paragraphs.append({"kind": block["kind"], "text": block["text"]})
    return render(
        request,
        "public/report.html",
        {"township": township, "report": report, "document": document, "paragraphs": paragraphs},
    )
