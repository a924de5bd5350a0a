"""The security settings page's one write: only the 安全管理员 changes them, each change is audited and kept
in the row's history (fazhi.securitypolicy)."""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import transaction

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.securitypolicy.models import SecurityPolicy
from fazhi.securitypolicy.policy import NAMES, current, forget

from .models import User
from .roles import Role
from .scoping import has_role


def may_change_security_settings(user: User) -> bool:
    return has_role(user, Role.SECURITY_ADMIN)


def policy_row() -> SecurityPolicy:
    """The saved row, or an unsaved one holding the values in force (the Django settings)."""
    return SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy(pk=1, **asdict(current()))


def label_of(name: str) -> str:
    return str(SecurityPolicy._meta.get_field(name).verbose_name)


def security_policy_save(*, actor: User, values: dict, request=None) -> list[str]:
    """Store the settings (already validated by the form, checked again by the model); returns the changes
    as "名称：旧 → 新" lines, empty when nothing changed (then nothing is written or audited)."""
    if not may_change_security_settings(actor):
        raise PermissionDenied("只有安全管理员可以修改安全设置")
    before = current()
    row = policy_row()
    first = row._state.adding
    for name in NAMES:
        setattr(row, name, values[name])
    changes = [
        f"{label_of(n)}：{getattr(before, n)} → {values[n]}" for n in NAMES if getattr(before, n) != values[n]
    ]
    if not changes:
        return []
    row.changed_by = actor
    row.full_clean(exclude=["changed_by"])
    with transaction.atomic():
        if first:
            # The values in force until now (the deployment's) become the first history row, so that the
            # history shows what this change changed.
            initial = SecurityPolicy(pk=1, changed_by=actor, **asdict(before))
            initial._history_user = actor
            initial.save()
            row._state.adding = False
        row._history_user = actor
        row.save()
        audit_record(
            user=actor,
            action=AuditAction.SETTINGS,
            obj=row,
            detail="修改安全设置：" + "；".join(changes),
            request=request,
        )
    forget()
    transaction.on_commit(forget)
    return changes


def security_policy_history(limit: int = 50) -> list[dict]:
    """Each saved version, newest first: when, who, and what changed from the version before."""
    records = list(
        SecurityPolicy.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    out = []
    for i, rec in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        if older is None:
            changes = ["初始值（部署配置）：" + "；".join(f"{label_of(n)} {getattr(rec, n)}" for n in NAMES)]
        else:
            changes = [
                f"{label_of(n)}：{getattr(older, n)} → {getattr(rec, n)}"
                for n in NAMES
                if getattr(older, n) != getattr(rec, n)
            ]
        out.append({"at": rec.history_date, "user": rec.history_user, "changes": changes})
    return out
