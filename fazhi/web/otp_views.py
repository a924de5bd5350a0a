"""Second-factor pages: enrolment (secret, otpauth URI, QR code, recovery codes) and verification."""

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.orgs.models import User
from fazhi.orgs.twofactor import otp_device_pending, otp_enrol, otp_enrolled, otp_reset


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=16,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code"}),
    )


def otp_setup(request):
    if otp_enrolled(request.user):
        raise PermissionDenied("已启用双因素认证；如需更换设备，请联系安全管理员重置")
    device = otp_device_pending(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            codes = otp_enrol(user=request.user, device=device, request=request)
            django_otp.login(request, device)
            return render(request, "web/otp_codes.html", {"codes": codes})
        form.add_error("token", "验证码不正确，请核对手机时间后重试")
    uri = device.config_url
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4)
    return render(
        request,
        "web/otp_setup.html",
        {"form": form, "uri": uri, "secret": _base32(device.bin_key), "qr_svg": qr_svg},
    )


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


def otp_verify(request):
    if not otp_enrolled(request.user):
        return redirect("otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            return redirect(request.GET.get("next") or "home")
        audit_record(user=request.user, action=AuditAction.OTP, detail="双因素验证码错误", request=request)
        form.add_error("token", "验证码或恢复码不正确")
    return render(request, "web/otp_verify.html", {"form": form})


@require_POST
def otp_reset_view(request, pk):
    user = get_object_or_404(User, pk=pk)
    otp_reset(actor=request.user, user=user, request=request)
    messages.success(request, "已重置双因素认证，该用户下次登录时重新绑定")
    return redirect("admin-user-edit", pk=user.pk)
