"""安全设置: the 安全管理员 reads and changes the security settings; everyone else is refused."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from fazhi.orgs.security_settings import (
    may_change_security_settings,
    policy_row,
    security_policy_history,
    security_policy_save,
)
from fazhi.securitypolicy.models import SecurityPolicy


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = list(SecurityPolicy.FIELDS)
        widgets = {name: forms.NumberInput(attrs={"class": "form-control"}) for name in SecurityPolicy.FIELDS}


def security_settings(request):
    if not may_change_security_settings(request.user):
        raise PermissionDenied("只有安全管理员可以查看和修改安全设置")
    row = policy_row()
    form = SecurityPolicyForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            changes = security_policy_save(actor=request.user, values=form.cleaned_data, request=request)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if changes:
                messages.success(request, "安全设置已保存：" + "；".join(changes))
            else:
                messages.info(request, "安全设置没有变化")
            return redirect("security-settings")
    return render(
        request,
        "web/security_settings.html",
        {"form": form, "saved": row.pk and row.changed_at, "history": security_policy_history()},
    )
