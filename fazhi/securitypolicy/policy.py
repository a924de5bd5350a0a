"""The security settings in force: the row the 安全管理员 saved, else the Django settings (environment).

Read on every sign-in, request and token, so the row is kept in memory for a few seconds: a change saved
in one process reaches the others (gunicorn workers, `fazhi worker`) within POLICY_TTL seconds.
"""

import time
from dataclasses import dataclass, fields

from django.conf import settings

POLICY_TTL = 5.0


@dataclass(frozen=True)
class Policy:
    lockout_failures: int
    lockout_minutes: int
    idle_minutes: int
    session_max_hours: int
    password_min_length: int
    password_history: int
    token_days: int
    import_keep_days: int
    audit_retention_days: int


NAMES = tuple(f.name for f in fields(Policy))


def defaults() -> Policy:
    """The Django settings, read each time (tests and deployments change them)."""
    return Policy(
        lockout_failures=settings.FAZHI_LOCKOUT_FAILURES,
        lockout_minutes=settings.FAZHI_LOCKOUT_MINUTES,
        idle_minutes=settings.SESSION_COOKIE_AGE // 60,
        session_max_hours=settings.FAZHI_SESSION_MAX_HOURS,
        password_min_length=settings.FAZHI_PASSWORD_MIN_LENGTH,
        password_history=settings.FAZHI_PASSWORD_HISTORY,
        token_days=settings.FAZHI_TOKEN_DAYS,
        import_keep_days=settings.FAZHI_IMPORT_KEEP_DAYS,
        audit_retention_days=settings.FAZHI_AUDIT_RETENTION_DAYS,
    )


_cached: tuple[float, dict | None] | None = None


def _saved() -> dict | None:
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > POLICY_TTL:
        from .models import SecurityPolicy

        row = SecurityPolicy.objects.filter(pk=1).values(*NAMES).first()
        _cached = (now, row)
    return _cached[1]


def forget() -> None:
    """Drop the remembered row (after a save, and between tests)."""
    global _cached
    _cached = None


def assume_unsaved() -> None:
    """Tests: start from "no row saved" without a query, until a save (which calls `forget`) — so that a
    test's query counts do not depend on which request first read the settings."""
    global _cached
    _cached = (float("inf"), None)


def current() -> Policy:
    saved = _saved()
    return Policy(**saved) if saved else defaults()


# Axes reads these through dotted paths (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME).
def failure_limit(request=None, credentials=None) -> int:
    return current().lockout_failures


def cool_off(request=None):
    from datetime import timedelta

    return timedelta(minutes=current().lockout_minutes)
