"""Pages: template download, upload → check → preview → confirm, progress, column mapping, export."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import ledgers
from fazhi.core.filters import filtered_queryset
from fazhi.core.forms import org_choice_label
from fazhi.core.policy import action_scope, can
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.scoping import business_scope

from . import jobs, services, writer
from .columns import child_sheets, record_sheet
from .models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 50 * 1024 * 1024
PURGED = "上传的文件已按规定清除，请重新上传"


def _spec(ledger: str, user, action: str):
    spec = ledgers.get(ledger)
    if spec is None or not can(user, spec, action):
        raise Http404("没有这个台账")
    return spec


def _townships(user, spec):
    """Where the user imports: whole townships, or the district itself (区本级) in a district_level ledger."""
    scope = action_scope(user, spec, "create")
    return Organisation.objects.filter(
        kind__in=(OrgKind.TOWNSHIP, OrgKind.DISTRICT), pk__in=scope.organisations
    ).order_by("code")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def template_download(request, ledger):
    spec = _spec(ledger, request.user, "view")
    from urllib.parse import quote

    return _xlsx(
        writer.template(spec, _template_place(request.user, spec)), quote(f"{spec.label}导入模板.xlsx")
    )


def _template_place(user, spec):
    """Whose categories the template lists: the one township the user imports into (its district's
    list and its own additions), else the user's district; never another district's."""
    townships = list(_townships(user, spec))
    if len(townships) == 1:
        return townships[0]
    scope = business_scope(user)
    place = Organisation.objects.filter(pk__in=scope.townships | scope.villages).first()
    return place.district if place is not None else None


class UploadForm(forms.Form):
    township = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="导入到乡镇", empty_label=None
    )
    file = forms.FileField(label="Excel文件（.xlsx 或 .xls）")

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships
        self.fields["township"].label_from_instance = org_choice_label
        self.fields["township"].widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs["class"] = "form-control"


def import_start(request, ledger):
    spec = _spec(ledger, request.user, "create")
    townships = _townships(request.user, spec)
    if not townships:
        raise Http404("没有这个台账")
    form = UploadForm(request.POST or None, request.FILES or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "文件超过50MB")
        else:
            job = services.import_job_create(
                township=form.cleaned_data["township"],
                ledger=spec.key,
                user=request.user,
                filename=upload.name,
                content=upload.read(),
                dry_run=True,
            )
            return redirect("import-job", ledger=spec.key, pk=job.pk)
    jobs = ImportJob.objects.filter(user=request.user, ledger=spec.key)[:10]
    return render(request, "imports/start.html", {"spec": spec, "form": form, "jobs": jobs})


def _job(request, ledger, pk):
    spec = _spec(ledger, request.user, "create")
    job = get_object_or_404(ImportJob, pk=pk, ledger=spec.key, user=request.user)
    return spec, job


def import_job(request, ledger, pk):
    spec, job = _job(request, ledger, pk)
    template = "imports/partials/job.html" if request.htmx else "imports/job.html"
    result = job.result or {}
    lists = [
        ("新增的记录", result.get("created_records", []), result.get("created", 0)),
        ("更新的记录", result.get("updated_records", []), result.get("updated", 0)),
    ]
    context = {"spec": spec, "job": job.with_progress(), "result": result, "result_lists": lists}
    return render(request, template, context)


@require_POST
def import_confirm(request, ledger, pk):
    spec, job = _job(request, ledger, pk)
    if not job.finished or job.status != "done" or not job.dry_run:
        raise Http404("没有可确认的导入")
    on_conflict = request.POST.get("on_conflict", "stop")
    if on_conflict not in ("stop", "skip", "update"):
        on_conflict = "stop"
    try:
        new = services.import_job_again(job=job, user=request.user, dry_run=False, on_conflict=on_conflict)
    except jobs.FilePurged:
        messages.error(request, PURGED)
        return redirect("import-start", ledger=spec.key)
    return redirect("import-job", ledger=spec.key, pk=new.pk)


@require_POST
def import_cancel(request, ledger, pk):
    spec, job = _job(request, ledger, pk)
    status = jobs.import_job_cancel(job=job, user=request.user)
    if status == "running":
        messages.info(request, "已请求取消，导入将在当前步骤结束后停止")
    return redirect("import-job", ledger=spec.key, pk=job.pk)


def column_mapping(request, ledger, pk):
    """Match headers the importer did not recognise to the ledger's columns, once per township."""
    spec, job = _job(request, ledger, pk)
    unknown = (job.result or {}).get("unknown_headers", {})
    sheets = {s.label: s for s in [record_sheet(spec), *child_sheets(spec)]}
    choices = {
        label: [("", "（忽略此列）")] + [(c.name, c.header) for c in s.columns] for label, s in sheets.items()
    }
    if request.method == "POST":
        for sheet, headers in unknown.items():
            mapping = {}
            for i, header in enumerate(headers):
                value = request.POST.get(f"{sheet}-{i}", "")
                if value == "" or value in dict(choices.get(sheet, [])):
                    mapping[header] = value
            services.column_mapping_save(
                township=job.township, ledger=spec.key, sheet=sheet, mapping=mapping, user=request.user
            )
        try:
            new = services.import_job_again(job=job, user=request.user, dry_run=True)
        except jobs.FilePurged:
            messages.error(request, PURGED)
            return redirect("import-start", ledger=spec.key)
        return redirect("import-job", ledger=spec.key, pk=new.pk)
    rows = [
        (sheet, i, h, choices.get(sheet, []))
        for sheet, headers in unknown.items()
        for i, h in enumerate(headers)
    ]
    return render(request, "imports/mapping.html", {"spec": spec, "job": job, "rows": rows})


def export_list(request, ledger):
    """The list page's records, filtered the same way, as .xlsx; full personal data only when asked and allowed."""
    spec = _spec(ledger, request.user, "view")
    data = request.GET.copy()
    full = data.pop("full", ["0"])[-1] == "1" and can(request.user, spec, "reveal")
    _, qs = filtered_queryset(spec, request, data)
    content = services.export_workbook(spec=spec, user=request.user, queryset=qs, full=full, request=request)
    from urllib.parse import quote

    suffix = "（完整）" if full else "（脱敏）"
    return _xlsx(content, quote(f"{spec.label}{suffix}.xlsx"))


def links(spec, user, query: str = "") -> dict:
    """What the list page's import/export buttons need."""
    # Import goes into a whole township: a role that creates only in villages (村干部) cannot import.
    may_import = bool(action_scope(user, spec, "create").organisations)
    return {
        "template": reverse("import-template", args=[spec.key]),
        "start": reverse("import-start", args=[spec.key]) if may_import else "",
        "export": reverse("export-list", args=[spec.key]) + (f"?{query}" if query else ""),
        "full": can(user, spec, "reveal"),
    }
