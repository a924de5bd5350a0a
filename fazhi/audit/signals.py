"""Sign-in events go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditAction
from .services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(user=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        user=None, action=AuditAction.LOGIN_FAILED, request=request, username=credentials.get("username", "")
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        user=None, action=AuditAction.LOCKOUT, request=request, username=username or "", detail="账户被锁定"
    )
