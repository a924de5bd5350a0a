"""The audit log of 审计管理员: filter by person, action, object and date; export what is shown as .xlsx."""

import io
from datetime import datetime, time

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.audit.services import audit_record
from fazhi.imports.services import export_filters
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role

EXPORT_LIMIT = 100_000  # one sheet of a size Excel and WPS open comfortably


class AuditFilterForm(forms.Form):
    username = forms.CharField(label="用户", required=False)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部操作"), *AuditAction.choices])
    target = forms.CharField(label="对象", required=False, help_text="对象编号或类型")
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("username"):
            qs = qs.filter(username__icontains=data["username"].strip())
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("target"):
            term = data["target"].strip()
            qs = qs.filter(object_label__icontains=term) | qs.filter(object_type__icontains=term)
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            qs = qs.filter(at__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
        if data.get("date_to"):
            qs = qs.filter(at__lte=datetime.combine(data["date_to"], time.max, tzinfo=tz))
        return qs


def _filtered(request):
    if not has_role(request.user, Role.AUDITOR):
        raise PermissionDenied("您没有权限访问此页面")
    form = AuditFilterForm(request.GET or None)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control form-control-sm")
    qs = AuditEvent.objects.order_by("-at", "-pk")
    if form.is_bound and form.is_valid():
        qs = form.filter(qs)
    return form, qs


def audit_log(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/audit_log.html", {"page": page, "form": form, "query": query.urlencode()})


def audit_export(request):
    form, qs = _filtered(request)
    rows = list(qs[:EXPORT_LIMIT])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    sheet.append(["编号", "时间", "用户", "操作", "对象类型", "对象", "说明", "IP地址"])
    local = timezone.get_current_timezone()
    for e in rows:
        sheet.append(
            [
                e.pk,
                timezone.localtime(e.at, local).strftime("%Y-%m-%d %H:%M:%S"),
                e.username,
                e.get_action_display(),
                e.object_type,
                e.object_label,
                e.detail,
                e.ip_address or "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        detail=f"导出审计日志，{len(rows)}条" + export_filters(request),
        request=request,
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response
