"""Indicator self-assessment pages: the district reviewer scores, the 系统管理员 loads editions."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.metrics import registry as reg
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role

from . import indicators
from .models import Indicator, IndicatorSystem
from .selectors import reviewed_district, scoped
from .views import XLSX


def _year(raw) -> int:
    default = timezone.localdate().year - 1
    return int(raw) if raw and str(raw).isdigit() and 2000 <= int(raw) <= 2100 else default


def indicator_assessment(request):
    district = reviewed_district(request.user, request.GET.get("district"))
    year = _year(request.GET.get("year") or request.POST.get("year"))
    systems = list(IndicatorSystem.objects.all())
    system = next(
        (s for s in systems if str(s.pk) == request.GET.get("system")), systems[0] if systems else None
    )
    if system is None:
        return render(
            request, "district/indicators.html", {"district": district, "system": None, "year": year}
        )
    if request.method == "POST":
        indicator = get_object_or_404(system.indicators, pk=request.POST.get("indicator"))
        try:
            indicators.self_assessment_save(
                district=district,
                indicator=indicator,
                year=year,
                user=request.user,
                score=request.POST.get("score", "").strip(),
                notes=request.POST.get("notes", ""),
                evidence=request.POST.get("evidence", ""),
            )
            messages.success(request, f"已保存{indicator.code}的自评")
        except (ValidationError, ArithmeticError, ValueError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", ["自评分应为数字"])))
        return redirect(f"{reverse('district-indicators')}?year={year}&system={system.pk}#i{indicator.pk}")
    rows = indicators.assessment_rows(system, district, year, base=scoped(request.user))
    if request.GET.get("format") == "xlsx":
        audit_record(user=request.user, action=AuditAction.EXPORT, obj=system, detail=f"导出{year}年指标自评")
        response = HttpResponse(indicators.assessment_xlsx(system, district, year, rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="indicators-{year}.xlsx"'
        return response
    scored = [r.assessment.score for r in rows if r.assessment and r.assessment.score is not None]
    return render(
        request,
        "district/indicators.html",
        {
            "district": district,
            "system": system,
            "systems": systems,
            "year": year,
            "rows": rows,
            "gaps": [r for r in rows if r.gap],
            "total": sum(scored) if scored else None,
            "full": sum(r.indicator.max_score for r in rows),
            "query": f"start={year}-01-01&end={year}-12-31&org={district.pk}",
        },
    )


def _require_sysadmin(user, what: str):
    if not has_role(user, Role.SYSADMIN):
        raise PermissionDenied(f"只有系统管理员可以{what}")


def indicator_load(request):
    """系统管理员 loads a new edition from its JSON file (older editions and their scores stay), and
    finds each edition's indicators to edit."""
    _require_sysadmin(request.user, "载入指标体系")
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError("请选择指标体系文件（JSON）")
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ValidationError("文件不是有效的JSON（UTF-8编码）") from None
            system = indicators.indicator_system_load(data=data, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已载入{system}，共{system.indicators.count()}项指标")
            return redirect("district-indicator-load")
    systems = list(IndicatorSystem.objects.all())
    shown = next(
        (s for s in systems if str(s.pk) == request.GET.get("system")), systems[0] if systems else None
    )
    return render(
        request,
        "district/indicator_load.html",
        {
            "systems": systems,
            "shown": shown,
            "indicators": list(shown.indicators.all()) if shown else [],
        },
    )


def indicator_edit(request, pk: int):
    """系统管理员 corrects one indicator (text, full score, evidence metrics); every edit is kept."""
    _require_sysadmin(request.user, "修改指标")
    indicator = get_object_or_404(Indicator.objects.select_related("system"), pk=pk)
    values = {
        "area": indicator.area,
        "name": indicator.name,
        "scoring": indicator.scoring,
        "max_score": indicator.max_score,
        "metric_text": "\n".join(indicator.metric_ids),
        "reason": "",
    }
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            changed = indicators.indicator_update(
                indicator=indicator,
                user=request.user,
                data={**values, "metric_ids": values["metric_text"].split()},
                reason=values["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if changed:
                messages.success(request, f"已修改{indicator.code}：{'、'.join(changed)}")
            else:
                messages.info(request, "没有修改")
            return redirect("district-indicator-edit", pk=indicator.pk)
    metrics = []
    for metric_id in indicator.metric_ids:
        try:
            metrics.append((metric_id, reg.registry.get(metric_id).label))
        except KeyError:
            metrics.append((metric_id, "（已无此统计口径）"))
    return render(
        request,
        "district/indicator_edit.html",
        {
            "indicator": indicator,
            "values": values,
            "metrics": metrics,
            "history": indicators.indicator_history(indicator),
        },
    )
