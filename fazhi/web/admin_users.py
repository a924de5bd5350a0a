"""Users and roles: 系统管理员 keeps ordinary accounts, 安全管理员 grants roles and unlocks; see orgs.services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.orgs.models import RoleAssignment, RoleChange, User
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role
from fazhi.orgs.services import account_unlock, may_edit_account, role_grant, role_revoke, user_save


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label="设置密码",
        required=False,
        widget=forms.PasswordInput,
        help_text="新建用户时必填；用户须在下次登录时修改",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "is_active"]

    def clean(self):
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


def _require_admin(request):
    if not has_role(request.user, Role.SYSADMIN, Role.SECURITY_ADMIN):
        raise PermissionDenied("您没有权限访问此页面")


def admin_users(request):
    _require_admin(request)
    users = User.objects.prefetch_related("role_assignments__organisation").order_by("username")
    return render(
        request,
        "web/admin_users.html",
        {"users": users, "may_create": may_edit_account(request.user, None)},
    )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def admin_user_edit(request, pk=None):
    _require_admin(request)
    user = get_object_or_404(User, pk=pk) if pk else None
    may_edit = may_edit_account(request.user, user)
    if user is None and not may_edit:
        raise PermissionDenied("只有系统管理员可以新建用户")
    may_grant = (
        user is not None and has_role(request.user, Role.SECURITY_ADMIN) and user.pk != request.user.pk
    )
    form = UserForm(request.POST if may_edit and "add_role" not in request.POST else None, instance=user)
    role_form = RoleForm(request.POST if "add_role" in request.POST else None)
    _style(form)
    _style(role_form)
    if request.method == "POST" and "add_role" in request.POST:
        if user is None or not has_role(request.user, Role.SECURITY_ADMIN):
            raise PermissionDenied("只有安全管理员可以分配角色")
        if role_form.is_valid():
            try:
                role_grant(
                    actor=request.user,
                    user=user,
                    role=role_form.cleaned_data["role"],
                    organisation=role_form.cleaned_data["organisation"],
                    request=request,
                )
                messages.success(request, "角色已分配")
                return redirect("admin-user-edit", pk=user.pk)
            except ValidationError as exc:
                _add_errors(role_form, exc)
    elif request.method == "POST":
        if not may_edit:
            raise PermissionDenied("系统管理员不能修改本人或其他管理员的账户")
        if form.is_valid():
            saved = user_save(
                actor=request.user,
                user=form.save(commit=False),
                password=form.cleaned_data.get("password", ""),
                request=request,
            )
            messages.success(request, "用户已保存")
            return redirect("admin-user-edit", pk=saved.pk)
    context = {
        "form": form,
        "role_form": role_form,
        "edited": user,
        "may_edit": may_edit,
        "may_grant": may_grant,
        "may_unlock": user is not None and has_role(request.user, Role.SECURITY_ADMIN),
        "role_changes": RoleChange.objects.filter(user=user).select_related("actor", "organisation")
        if user
        else [],
    }
    return render(request, "web/admin_user_edit.html", context)


@require_POST
def admin_role_remove(request, pk):
    _require_admin(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "organisation"), pk=pk)
    try:
        role_revoke(actor=request.user, assignment=assignment, request=request)
        messages.success(request, "角色已移除")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("admin-user-edit", pk=assignment.user_id)


@require_POST
def admin_user_unlock(request, pk):
    _require_admin(request)
    user = get_object_or_404(User, pk=pk)
    account_unlock(actor=request.user, user=user, request=request)
    messages.success(request, "已解除登录锁定")
    return redirect("admin-user-edit", pk=user.pk)
