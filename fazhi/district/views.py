"""The district reviewer's desk: 区级总览 (table, trends, .xlsx) and its highlighting settings."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.metrics import stored
from fazhi.metrics.selectors import period_from, records_query
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role

from . import exports, figures, overview, services
from .models import OverviewSettings
from .selectors import read_whole, reviewed_district, scoped

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request):
    try:
        return period_from(request.GET), None
    except ValidationError as exc:
        return period_from({}), exc.messages[0]


def _sorted(table, key: str, descending: bool):
    index = next((i for i, c in enumerate(table.columns) if c.metric_id == key), None)
    if index is None:
        return table.rows
    present = [r for r in table.rows if r.cells[index].number is not None]
    missing = [r for r in table.rows if r.cells[index].number is None]
    present.sort(key=lambda r: r.cells[index].number, reverse=descending)
    return present + missing  # townships without a value last, whichever the direction


def table_context(table, rows) -> dict:
    """What district/_overview_table.html needs: rows with each cell's link to the records behind it
    (overdue clocks: 到期提醒), totals with medians. The links are built here, one URL reversal per
    column: reversing one per cell in the template cost a tenth of the page at 56 townships."""
    reminders = reverse("deadline-reminders")
    bases = [
        None if c.metric_id == "deadlines.overdue_now" else reverse("metric-records", args=[c.metric_id])
        for c in table.columns
    ]

    def cells(row):
        query = records_query(row.township, table.period)
        overdue = f"{reminders}?township={row.township.pk}&within=0"
        return [
            (cell, overdue if base is None else f"{base}?{query}")
            for cell, base in zip(row.cells, bases, strict=True)
        ]

    return {
        "rows": [(row, cells(row)) for row in rows],
        "totals": [
            (column, value, median, overview.value_text(value))
            for column, value, median in zip(table.columns, table.total, table.median, strict=True)
        ],
        "district_query": records_query(table.district, table.period),
        "district_reminders": f"{reminders}?within=0",
        # 区本级: the records filed with the district itself.
        "own_row": table.own,
        "own_query": records_query(table.district, table.period, own=True),
        "own_reminders": f"{reminders}?township={table.district.pk}&within=0",
    }


def district_overview(request):
    district = reviewed_district(request.user, request.GET.get("district"))
    period, error = _period(request)
    base, whole = scoped(request.user), read_whole(request.user)
    if request.GET.get("format") == "xlsx":
        table = overview.build(district, period, base=base, whole=whole)
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            obj=district,
            detail=f"导出区级总览（{period.label}）",
        )
        response = HttpResponse(exports.overview_xlsx(table), content_type=XLSX)
        name = f"district-overview-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    sort, descending = request.GET.get("sort", ""), request.GET.get("dir") != "asc"
    params = request.GET.copy()
    params.pop("sort", None), params.pop("dir", None), params.pop("format", None)
    base_query = params.urlencode()

    def shown() -> dict:
        table = overview.build(district, period, base=base, whole=whole)
        rows = _sorted(table, sort, descending)
        context = {"table": table, **table_context(table, rows)}
        context.update(base_query=base_query, sort=sort, descending=descending)
        return {
            "table_html": render_to_string("district/_overview_table.html", context),
            "townships": [(row.township.label, row.township.name) for row in rows],
            "bands": (table.settings.rate_band, table.settings.count_band),
            "trends": overview.trends(district, period, base=base, whole=whole),
        }

    orgs = [t.pk for t in figures.townships_of(district)] + [district.pk]
    if whole.issuperset(orgs):
        # Read whole, the page is the same for every reviewer of the district until a record changes.
        bands = overview.settings_for(district)
        asked = (sort, str(descending), base_query, str(bands.rate_band), str(bands.count_band))
        page = stored.together("district-overview", orgs, period, asked, shown)
    else:
        page = shown()
    return render(
        request,
        "district/overview.html",
        {
            "district": district,
            "page": page,
            "period": period,
            "params": request.GET,
            "base_query": base_query,
            "error": error,
        },
    )


class OverviewSettingsForm(forms.ModelForm):
    class Meta:
        model = OverviewSettings
        fields = ["rate_band", "count_band"]
        widgets = {
            "rate_band": forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            "count_band": forms.NumberInput(attrs={"class": "form-control"}),
        }


def overview_settings(request):
    """系统管理员 of a district sets the band outside which a township's figure is highlighted."""
    district_ids = request.user.role_assignments.filter(role=Role.SYSADMIN).values("organisation_id")
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT, pk__in=district_ids).first()
    if district is None:
        raise PermissionDenied("只有系统管理员可以修改区级总览设置")
    current = overview.settings_for(district)
    form = OverviewSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.overview_settings_save(
            district=district,
            user=request.user,
            rate_band=form.cleaned_data["rate_band"],
            count_band=form.cleaned_data["count_band"],
            request=request,
        )
        messages.success(request, "区级总览设置已保存")
        return redirect("district-overview-settings")
    return render(request, "district/settings.html", {"form": form, "district": district})
