"""Two factors (django-otp): a TOTP app plus one-time recovery codes.

Required of the three administrators and of every district-level account, optional for the others.
A signed-in session that is not yet verified reaches only enrolment, verification and sign-out; API
calls with a personal token are the one exception (they carry no session).
"""

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .models import OrgKind, User
from .roles import ADMIN_ROLES
from .scoping import _assignments, has_role

RECOVERY_CODES = 10
_OPEN_NAMES = ("otp-verify", "otp-setup", "logout")


def otp_required(user: User) -> bool:
    """The administrators and anyone with a district-level role must use a second factor."""
    if has_role(user, *ADMIN_ROLES):
        return True
    return any(kind == OrgKind.DISTRICT for _, _, kind in _assignments(user))


def otp_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (made on first call; its secret shown until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)


def otp_enrol(*, user: User, device: TOTPDevice, request=None) -> list[str]:
    """Confirm the TOTP device and issue fresh recovery codes (returned once, stored as used-once tokens)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
        audit_record(user=user, action=AuditAction.OTP, obj=user, detail="启用双因素认证", request=request)
    return codes


def otp_reset(*, actor: User, user: User, request=None) -> None:
    """安全管理员 removes a user's second factor (lost phone); the user enrols again at next sign-in."""
    from django.core.exceptions import PermissionDenied

    from .roles import Role

    if not has_role(actor, Role.SECURITY_ADMIN) or actor.pk == user.pk:
        raise PermissionDenied("只有安全管理员可以重置他人的双因素认证")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(user=actor, action=AuditAction.OTP, obj=user, detail="重置双因素认证", request=request)


class TwoFactorRequiredMiddleware:
    """After django-otp's middleware: an unverified session of a user who needs a second factor is held."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith("/static/")
            and request.path_info not in {reverse(name) for name in _OPEN_NAMES}
            and otp_required(user)
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "请先完成双因素认证"}, status=403)
            return redirect("otp-verify" if otp_enrolled(user) else "otp-setup")
        return self.get_response(request)
