"""Home, account (password, API tokens), administration for 系统管理员 and the audit log for 审计员."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.audit.services import audit_record
from fazhi.core import ledgers
from fazhi.core.policy import can
from fazhi.orgs.models import ApiToken, Organisation, RoleAssignment, User
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role


def home(request):
    from fazhi.district.home_views import role_home

    page = role_home(request)  # the district's desk, the leader's 看板, the clerk's 待办, the cadre's village
    if page is not None:
        return page
    cards = []
    for spec in ledgers.all_ledgers():
        if can(request.user, spec, "view"):
            qs = spec.model.objects.restrict(request.user).active()
            cards.append({"spec": spec, "count": qs.count()})
    return render(request, "web/home.html", {"cards": cards})


class TokenForm(forms.Form):
    name = forms.CharField(
        label="令牌名称", max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )


def account(request):
    password_form = PasswordChangeForm(
        request.user, request.POST if "change_password" in request.POST else None
    )
    for field in password_form.fields.values():
        field.widget.attrs["class"] = "form-control"
    token_form = TokenForm(request.POST if "new_token" in request.POST else None)
    new_token = None
    if request.method == "POST" and "change_password" in request.POST and password_form.is_valid():
        user = password_form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改")
        return redirect("account")
    if request.method == "POST" and "new_token" in request.POST and token_form.is_valid():
        _, new_token = ApiToken.issue(request.user, token_form.cleaned_data["name"])
        audit_record(user=request.user, action=AuditAction.TOKEN, detail="创建API令牌", request=request)
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "web/account.html",
        {"password_form": password_form, "token_form": token_form, "tokens": tokens, "new_token": new_token},
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


def audit_log(request):
    _require(request, Role.AUDITOR)
    qs = AuditEvent.objects.select_related("user").order_by("-at")
    action = request.GET.get("action")
    if action:
        qs = qs.filter(action=action)
    username = request.GET.get("username", "").strip()
    if username:
        qs = qs.filter(username__icontains=username)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "web/audit_log.html", {"page": page, "actions": AuditAction.choices})


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label="初始密码", required=False, widget=forms.PasswordInput, help_text="新建用户时必填"
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "is_active"]

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        pwd = data.get("password")
        if not self.instance.pk and not pwd:
            self.add_error("password", "请设置初始密码")
        if pwd:
            try:
                validate_password(
                    pwd, self.instance if self.instance.pk else User(username=data.get("username", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class RoleForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "organisation"]


def _style(form):
    for f in form.fields.values():
        f.widget.attrs.setdefault(
            "class", "form-check-input" if isinstance(f.widget, forms.CheckboxInput) else "form-control"
        )


def admin_users(request):
    _require(request, Role.SYSADMIN)
    users = User.objects.prefetch_related("role_assignments__organisation").order_by("username")
    return render(request, "web/admin_users.html", {"users": users})


def admin_user_edit(request, pk=None):
    _require(request, Role.SYSADMIN)
    user = get_object_or_404(User, pk=pk) if pk else None
    form = UserForm(request.POST or None, instance=user)
    role_form = RoleForm(request.POST if "add_role" in request.POST else None)
    _style(form)
    _style(role_form)
    if request.method == "POST" and "add_role" in request.POST and user and role_form.is_valid():
        assignment = role_form.save(commit=False)
        assignment.user = user
        try:
            assignment.full_clean()
            assignment.save()
            audit_record(
                user=request.user,
                action=AuditAction.ADMIN,
                obj=user,
                detail=f"分配角色 {assignment}",
                request=request,
            )
            messages.success(request, "角色已分配")
            return redirect("admin-user-edit", pk=user.pk)
        except forms.ValidationError as exc:
            for field, errs in exc.message_dict.items():
                role_form.add_error(field if field in role_form.fields else None, errs)
    elif request.method == "POST" and "add_role" not in request.POST and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if form.cleaned_data.get("password"):
                saved.set_password(form.cleaned_data["password"])
            saved.save()
        audit_record(
            user=request.user, action=AuditAction.ADMIN, obj=saved, detail="保存用户", request=request
        )
        messages.success(request, "用户已保存")
        return redirect("admin-user-edit", pk=saved.pk)
    return render(request, "web/admin_user_edit.html", {"form": form, "role_form": role_form, "edited": user})


@require_POST
def admin_role_remove(request, pk):
    _require(request, Role.SYSADMIN)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    user = assignment.user
    audit_record(
        user=request.user,
        action=AuditAction.ADMIN,
        obj=user,
        detail=f"移除角色 {assignment}",
        request=request,
    )
    assignment.delete()
    messages.success(request, "角色已移除")
    return redirect("admin-user-edit", pk=user.pk)


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
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
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
        saved = form.save()
        audit_record(
            user=request.user, action=AuditAction.ADMIN, obj=saved, detail="保存组织", request=request
        )
        messages.success(request, "组织已保存")
        return redirect("admin-orgs")
    return render(request, "web/admin_org_edit.html", {"form": form, "org": org})
