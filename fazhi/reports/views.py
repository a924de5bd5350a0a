"""Pages of the annual report. Views parse input and call services; access comes from selectors."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.metrics import display
from fazhi.orgs.models import Organisation

from . import district_report, drafting, outputs, refreshing, selectors, services, workflow
from . import figures as figures_module
from .models import Report, ReportSettings

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "txt": ("text/plain; charset=utf-8", "txt"),
    "html": ("text/html; charset=utf-8", "html"),
}


class SettingsForm(forms.ModelForm):
    """The township's report settings."""

    class Meta:
        model = ReportSettings
        fields = [
            "party_committee",
            "government",
            "doc_number_pattern",
            "signer",
            "addressee",
            "signature_organs",
            "cc",
            "issuer",
            "part_order",
            "approx_units",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _draft_url(report: Report) -> str:
    return reverse("report-draft", args=[report.township_id, report.year])


def report_index(request):
    townships = Organisation.objects.filter(
        pk__in=sorted(selectors.user_scope(request.user, services.EDITORS).townships)
    )
    reports = selectors.editable_reports(request.user)
    submissions = selectors.district_submissions(request.user)
    if (
        not townships
        and not submissions
        and not selectors.user_scope(request.user, services.REVIEWERS).townships
    ):
        raise Http404("没有可查看的报告")
    for sub in submissions:
        sub.summary = services.submission_summary(sub.report)
    # A district reviewer drafts the district's own report here too (district_report.py).
    districts = district_report.drafted_districts(request.user)
    if districts:
        reports += list(Report.objects.filter(township__in=districts).order_by("-year"))
    return render(
        request,
        "reports/index.html",
        {
            "townships": townships,
            "own_orgs": [*townships, *districts],
            "reports": reports,
            "submissions": submissions,
            "default_year": timezone.localdate().year - 1,
        },
    )


@require_POST
def report_start(request, township_id: int):
    township = selectors.township_for_editor(request.user, township_id)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请填写报告年度")
        return redirect("report-index")
    try:
        report = services.report_start(township=township, year=year, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("report-index")
    return redirect(_draft_url(report))


# How each style reads in the editor's select (Chinese only).
_STYLE_OPTIONS = {
    display.EXACT: "确数",
    display.APPROX: "约数（如“60余”）",
    display.PERCENT: "百分比",
    display.FULL: "全部·均（不写100%）",
    display.COVERAGE: "覆盖率100%（写明个数）",
}


def _style_options(fig: dict) -> list[tuple[str, str]]:
    return [(style, _STYLE_OPTIONS[style]) for style in figures_module.styles_for(fig)]


def _records_link(report: Report, metric_id: str) -> str:
    return outputs.records_link(report.township_id, report.year, metric_id)


def report_draft(request, township_id: int, year: int):
    township = selectors.township_for_editor(request.user, township_id)
    report = Report.objects.filter(township=township, year=year).first()
    if report is None:
        return render(request, "reports/start.html", {"township": township, "year": year})
    version = services.latest_version(report)
    figures = version.body.get("figures", {})
    sections = []
    for i, section in enumerate(version.body["sections"]):
        paras = []
        for j, para in enumerate(section["paragraphs"]):
            slots = drafting.PLACEHOLDER.findall(para["text"])
            rows = [
                {
                    "slot": s,
                    **figures[s],
                    "disagrees": drafting.disagrees(figures[s]),
                    "link": _records_link(report, figures[s]["metric"]),
                    "style_label": display.STYLE_LABELS.get(figures[s]["style"], ""),
                    "style_options": _style_options(figures[s]),
                    "is_rate": figures_module.is_rate(figures[s]),
                }
                for s in slots
                if s in figures
            ]
            paras.append(
                {
                    "i": i,
                    "j": j,
                    "key": para["key"],
                    "text": para["text"],
                    "edited": para.get("edited"),
                    "figures": rows,
                }
            )
        sections.append({"i": i, **section, "paras": paras})
    changes = request.session.pop(f"report-changes-{report.pk}", None)
    return render(
        request,
        "reports/draft.html",
        {
            "report": report,
            "township": township,
            "version": version,
            "sections": sections,
            "versions": report.versions.select_related("author", "approved_by").order_by("-number"),
            "changes": changes,
            "stale": refreshing.stale_figures(version.body, township),
            "can_approve": selectors.is_approver(request.user, township.pk),
            "approved": services.latest_approved(report),
            "submissions": report.submissions.select_related("version", "submitted_by", "returned_by"),
            "summary": services.submission_summary(report),
            "open_submission": selectors.open_submission(report),
            "warnings": version.body.get("warnings", []),
            "returns": workflow.open_returns(report),
            "today": timezone.localdate(),
            "signer": services.settings_for(township).signer or request.user.display_name,
            "check_url": _check_url(report),
        },
    )


def _report_for_editor(request, township_id: int, year: int) -> Report:
    township = selectors.township_for_editor(request.user, township_id)
    report = Report.objects.filter(township=township, year=year).select_related("township").first()
    if report is None:
        raise Http404("没有该报告")
    return report


@require_POST
def report_save(request, township_id: int, year: int):
    report = _report_for_editor(request, township_id, year)
    headings, texts, typed, added, styles = {}, {}, {}, {}, {}
    for key, value in request.POST.items():
        parts = key.split("-")
        try:
            if parts[0] == "heading":
                headings[int(parts[1])] = value
            elif parts[0] == "para":
                texts[(int(parts[1]), int(parts[2]))] = value
            elif parts[0] == "typed":
                typed[parts[1]] = value
            elif parts[0] == "style":
                styles[parts[1]] = value
            elif parts[0] == "added":
                added[int(parts[1])] = value
        except (IndexError, ValueError):
            continue
    try:
        base = int(request.POST.get("base", ""))
        version = services.draft_save(
            report=report,
            user=request.user,
            base_number=base,
            headings=headings,
            texts=texts,
            typed=typed,
            added=added,
            styles=styles,
        )
    except ValueError:
        messages.error(request, "缺少草稿版本号，请重新打开草稿")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已保存为第{version.number}版")
    return redirect(_draft_url(report))


@require_POST
def report_refresh(request, township_id: int, year: int):
    report = _report_for_editor(request, township_id, year)
    version, changes = services.draft_refresh(report=report, user=request.user)
    request.session[f"report-changes-{report.pk}"] = changes
    messages.success(request, f"已刷新数据，保存为第{version.number}版，{len(changes)}处变化")
    return redirect(_draft_url(report))


def _check_url(report: Report) -> str | None:
    from django.apps import apps

    return reverse("reportcheck-draft", args=[report.pk]) if apps.is_installed("fazhi.reportcheck") else None


@require_POST
def report_submit(request, township_id: int, year: int):
    report = _report_for_editor(request, township_id, year)
    try:
        workflow.report_submit_confirmed(
            report=report,
            user=request.user,
            confirmed=bool(request.POST.get("confirm")),
            comment=request.POST.get("comment", ""),
        )
    except PermissionDenied:
        messages.error(request, "只有乡镇领导可以报送报告")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "报告已报送区委依法治区办")
    return redirect(_draft_url(report))


@require_POST
def report_return_clerk(request, township_id: int, year: int):
    """The leader sends the draft back to the clerk with comments."""
    report = _report_for_editor(request, township_id, year)
    try:
        workflow.report_return_to_clerk(
            report=report, user=request.user, comment=request.POST.get("comment", "")
        )
    except PermissionDenied:
        messages.error(request, "只有乡镇领导可以退回报告")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已退回经办人修改")
    return redirect(_draft_url(report))


@require_POST
def report_publish(request, township_id: int, year: int):
    report = _report_for_editor(request, township_id, year)
    try:
        published_on = date.fromisoformat(request.POST.get("published_on", ""))
    except ValueError:
        messages.error(request, "请填写正确的公开日期")
        return redirect(_draft_url(report))
    try:
        services.report_publish(
            report=report,
            user=request.user,
            published_on=published_on,
            address=request.POST.get("address", ""),
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "已登记公开情况")
    return redirect(_draft_url(report))


def _version_number(request) -> int | None:
    try:
        return int(request.GET["v"])
    except (KeyError, ValueError):
        return None


def report_view(request, township_id: int, year: int):
    """The report as read, every figure a link to the records behind it."""
    report, mode = selectors.report_for_reader(request.user, township_id, year)
    version = selectors.readable_version(report, mode, _version_number(request))
    settings = services.settings_for(report.township)
    document = outputs.document_for(report, version, settings)
    for block in document.blocks:
        if block["kind"] == "p":
            for seg in block["segments"]:
                if isinstance(seg, dict):
                    seg["link"] = outputs.figure_link(report, version, seg)
                    seg["shown"] = drafting.shown_text(seg)
                    seg["disagrees"] = drafting.disagrees(seg)
    submission = selectors.open_submission(report)
    return render(
        request,
        "reports/view.html",
        {
            "report": report,
            "version": version,
            "document": document,
            "mode": mode,
            "summary": services.submission_summary(report),
            "submissions": report.submissions.select_related("version", "submitted_by", "returned_by"),
            "open_submission": submission,
            "can_review": mode == "district" and selectors.is_reviewer(request.user, report.township_id),
        },
    )


def report_download(request, township_id: int, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    report, mode = selectors.report_for_reader(request.user, township_id, year)
    version = selectors.readable_version(report, mode, _version_number(request))
    document = outputs.document_for(report, version, services.settings_for(report.township))
    content_type, ext = FORMATS[fmt]
    if fmt == "docx":
        data = outputs.to_docx(document)
    elif fmt == "md":
        data = outputs.to_markdown(document).encode()
    elif fmt == "html":
        # A file kept outside fazhi: its figure links must be absolute to reach the records.
        data = outputs.to_html(
            document,
            link_for=lambda seg: request.build_absolute_uri(outputs.figure_link(report, version, seg)),
        ).encode()
    else:
        data = outputs.to_text(document).encode()
    audit_record(
        user=request.user, action=AuditAction.EXPORT, obj=report, detail=f"下载第{version.number}版（{fmt}）"
    )
    response = HttpResponse(data, content_type=content_type)
    filename = f"{report.township.name}{report.year}年度法治政府建设情况报告-第{version.number}版.{ext}"
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(filename)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@require_POST
def report_return(request, township_id: int, year: int):
    report, mode = selectors.report_for_reader(request.user, township_id, year)
    submission = selectors.open_submission(report)
    if mode != "district" or submission is None:
        raise Http404("没有待审核的报送")
    try:
        if request.POST.get("action") == "accept":
            services.submission_accept(submission=submission, user=request.user)
            messages.success(request, "已接收报告")
        else:
            services.submission_return(
                submission=submission, user=request.user, comments=request.POST.get("comments", "")
            )
            messages.success(request, "已退回报告")
    except ValidationError as exc:
        _error(request, exc)
    return redirect(reverse("report-view", args=[township_id, year]))


def report_settings(request, township_id: int):
    township = selectors.township_for_editor(request.user, township_id)
    current = services.settings_for(township)
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=ReportSettings(township=township))
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
            try:
                services.report_settings_update(township=township, user=request.user, data=data)
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, "报告设置已保存")
                return redirect("report-settings", township_id)
    else:
        form = SettingsForm(instance=current)
    return render(request, "reports/settings.html", {"township": township, "form": form})
