"""Home, account (password, API tokens) and the organisation pages of 系统管理员."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.core.forms import DateInput
from fazhi.orgs.models import ApiToken, Organisation, TokenScope
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role
from fazhi.orgs.services import organisation_save, password_change
from fazhi.orgs.twofactor import otp_enrolled
from fazhi.reports.workflow import report_notices

from .context import visible_ledgers


def home(request):
    from fazhi.district.home_views import role_home

    page = role_home(request)  # the district's desk, the leader's 看板, the clerk's 待办, the cadre's village
    if page is not None:
        return page
    cards = []
    for spec in visible_ledgers(request.user):
        qs = spec.model.objects.restrict(request.user).active()
        cards.append({"spec": spec, "count": qs.count()})
    return render(request, "web/home.html", {"cards": cards, "notices": report_notices(request.user)})


class TokenForm(forms.Form):
    name = forms.CharField(
        label="令牌名称", max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    scope = forms.ChoiceField(
        label="权限",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def _password_form(request, *, bound: bool):
    form = PasswordChangeForm(request.user, request.POST if bound else None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    return form


def _change_password(request, form) -> None:
    password_change(user=request.user, password=form.cleaned_data["new_password1"], request=request)
    update_session_auth_hash(request, request.user)
    messages.success(request, "密码已修改，原有API令牌已全部吊销")


def password_change_required(request):
    """The one page reachable while an administrator-set password waits to be replaced."""
    form = _password_form(request, bound=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        _change_password(request, form)
        return redirect("home")
    return render(request, "web/password_change.html", {"password_form": form})


def account(request):
    password_form = _password_form(request, bound="change_password" in request.POST)
    token_form = TokenForm(request.POST if "new_token" in request.POST else None)
    new_token = None
    if request.method == "POST" and "change_password" in request.POST and password_form.is_valid():
        _change_password(request, password_form)
        return redirect("account")
    if request.method == "POST" and "new_token" in request.POST and token_form.is_valid():
        token, new_token = ApiToken.issue(
            request.user,
            token_form.cleaned_data["name"],
            scope=token_form.cleaned_data["scope"] or TokenScope.READ,
        )
        audit_record(
            user=request.user,
            action=AuditAction.TOKEN,
            detail=f"创建API令牌 {token.prefix}（{token.get_scope_display()}，{token.expires_at:%Y-%m-%d}到期）",
            request=request,
        )
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "web/account.html",
        {
            "password_form": password_form,
            "token_form": token_form,
            "tokens": tokens,
            "new_token": new_token,
            "otp_enrolled": otp_enrolled(request.user),
        },
    )


@require_POST
def token_revoke(request, pk):
    from django.utils import timezone

    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        user=request.user, action=AuditAction.TOKEN, detail=f"吊销API令牌 {token.prefix}", request=request
    )
    messages.success(request, "令牌已吊销")
    return redirect("account")


def _require(request, role):
    if not has_role(request.user, role):
        raise PermissionDenied("您没有权限访问此页面")


def _style(form):
    for f in form.fields.values():
        f.widget.attrs.setdefault(
            "class", "form-check-input" if isinstance(f.widget, forms.CheckboxInput) else "form-control"
        )


class OrgForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "short_name",
            "code",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "sort_order",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }


def admin_orgs(request):
    _require(request, Role.SYSADMIN)
    orgs = Organisation.objects.select_related("parent").order_by(
        "district_id", "township_id", "kind", "code"
    )
    return render(request, "web/admin_orgs.html", {"orgs": orgs})


def admin_org_edit(request, pk=None):
    _require(request, Role.SYSADMIN)
    org = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrgForm(request.POST or None, instance=org)
    _style(form)
    if request.method == "POST" and form.is_valid():
        saved = organisation_save(form.save(commit=False))
        audit_record(
            user=request.user, action=AuditAction.ADMIN, obj=saved, detail="保存组织", request=request
        )
        messages.success(request, "组织已保存")
        return redirect("admin-orgs")
    return render(request, "web/admin_org_edit.html", {"form": form, "org": org})
