"""Writing audit events. Call `audit_record` from services; it never stores personal values.

Rows are appended to a hash chain under a lock, so that two writers never link to the same predecessor.
The client address comes from the request, or from the request being served (see middleware).
"""

import datetime as dt
from contextvars import ContextVar

from django.db import connection, transaction
from django.utils import timezone

from fazhi.securitypolicy.models import AUDIT_MINIMUM_DAYS
from fazhi.securitypolicy.policy import current

from .chain import FIELDS, GENESIS, first_broken, row_digest
from .client import client_ip
from .models import AuditEvent

# The request this thread is serving, for audit calls made deep in services without one.
current_request: ContextVar = ContextVar("fazhi_audit_request", default=None)

_CHAIN_LOCK = 727172  # any constant: the advisory lock id that serialises appends on PostgreSQL


def _lock_chain() -> None:
    # SQLite's IMMEDIATE transactions already hold the one write lock; PostgreSQL needs its own.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def audit_record(
    *, user, action: str, obj=None, detail: str = "", request=None, username: str = ""
) -> AuditEvent:
    request = request if request is not None else current_request.get()
    event = AuditEvent(
        at=timezone.now(),
        user=user if getattr(user, "pk", None) else None,
        username=username or getattr(user, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(getattr(obj, "number", "") or (str(obj) if obj is not None else ""))[:128],
        detail=detail[:500],
        ip_address=client_ip(request),
    )
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-pk").values_list("row_hash", flat=True).first()
        event.prev_hash = last or GENESIS
        event.row_hash = row_digest(event.prev_hash, {**event.__dict__, "user_id": event.user_id})
        event.save(force_insert=True)
    return event


def audit_verify() -> tuple[int, tuple[int, str] | None]:
    """(rows checked, first broken link or None)."""
    rows = list(AuditEvent.objects.order_by("pk").values(*FIELDS).iterator(chunk_size=2000))
    return len(rows), first_broken(rows)


def audit_purge(*, before: dt.datetime | None = None) -> int:
    """Delete rows older than the retention period (never younger than the legal minimum of 183 days)."""
    keep = dt.timedelta(days=max(current().audit_retention_days, AUDIT_MINIMUM_DAYS))
    cutoff = timezone.now() - keep
    if before is not None:
        cutoff = min(cutoff, before)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The append-only trigger lets old rows go only inside a purge.
                cursor.execute("SET LOCAL fazhi.audit_purge = 'on'")
        deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


AUDIT_NUMBERS = 20  # about 350 characters of 编号: an entry's detail holds 500


def numbers_text(numbers: list[str], cap: int = AUDIT_NUMBERS) -> str:
    """The 编号 an audit entry names (which records were shown), capped so that one entry stays readable."""
    head = "、".join(numbers[:cap])
    return head + (f"等{len(numbers)}条" if len(numbers) > cap else "")
