"""Lockout: N failed sign-ins within a window lock that account *from that address* for a while, and
FAZHI_LOCKOUT_IP_FAILURES failures from one address, whatever the accounts, lock the address.

Keying the account lock on (username, address) means an anonymous caller elsewhere cannot lock the
real user out; the per-address count slows password spraying across many accounts (docs/security.md).
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_failure_limit
from axes.models import AccessFailureLog, AccessLog
from axes.signals import user_locked_out
from django.conf import settings
from django.utils import timezone

from fazhi.securitypolicy.policy import current


def _lock_state(username: str | None, ip: str | None, now, limit: int | None = None) -> tuple[int, bool]:
    """(failures in the current window, locked?) for a username from an address (or for the address
    alone when username is None), from the failure log."""
    window: timedelta = settings.AXES_FAILURE_WINDOW
    policy = current()  # the security settings page sets the limit and the cool-off
    cooloff = timedelta(minutes=policy.lockout_minutes)
    limit = limit or policy.lockout_failures
    since = now - window - cooloff
    failures = AccessFailureLog.objects.filter(attempt_time__gt=since)
    if username is not None:
        last_success = (
            AccessLog.objects.filter(username=username)
            .order_by("-attempt_time")
            .values_list("attempt_time", flat=True)
            .first()
        )
        if last_success and last_success > since:
            failures = failures.filter(attempt_time__gt=last_success)
        failures = failures.filter(username=username)
    times = list(
        failures.filter(ip_address=ip).order_by("attempt_time").values_list("attempt_time", flat=True)
    )
    # Locked when some `limit` consecutive failures fit in one window and the last of them is recent.
    lifted = None  # the last failure of a lock whose cool-off has passed: it and those before it are spent
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= window:
            if times[i] > now - cooloff:
                return limit, True
            lifted = times[i]
    return sum(1 for t in times if t > now - window and (lifted is None or t > lifted)), False


class WindowedLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, counting failures in a sliding window from AccessFailureLog."""

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        now = timezone.now()
        failures, locked = _lock_state(username, ip, now)
        if not locked:
            _, locked = _lock_state(None, ip, now, settings.FAZHI_LOCKOUT_IP_FAILURES)
        return get_failure_limit(request, credentials) if locked else failures

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The parent counts before it writes this failure to the log; count again including it.
        if request is not None and not getattr(request, "axes_locked_out", False):
            if self.get_failures(request, credentials) >= get_failure_limit(request, credentials):
                request.axes_locked_out = True
                request.axes_credentials = credentials
                user_locked_out.send(
                    "axes",
                    request=request,
                    username=get_client_username(request, credentials),
                    ip_address=getattr(request, "axes_ip_address", None),
                )
