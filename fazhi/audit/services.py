"""Writing audit events. Call `audit_record` from services; it never stores personal values."""

from .models import AuditEvent


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *, user, action: str, obj=None, detail: str = "", request=None, username: str = ""
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=username or getattr(user, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=getattr(obj, "number", "") or (str(obj) if obj is not None else ""),
        detail=detail[:500],
        ip_address=_client_ip(request),
    )


AUDIT_NUMBERS = 20  # about 350 characters of 编号: an entry's detail holds 500


def numbers_text(numbers: list[str], cap: int = AUDIT_NUMBERS) -> str:
    """The 编号 an audit entry names (which records were shown), capped so that one entry stays readable."""
    head = "、".join(numbers[:cap])
    return head + (f"等{len(numbers)}条" if len(numbers) > cap else "")
