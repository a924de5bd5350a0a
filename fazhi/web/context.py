"""Navigation for the layout: the ledger groups the user may read, and the role-specific pages."""

from django.utils.functional import SimpleLazyObject

from fazhi.core import ledgers
from fazhi.deadlines.selectors import may_see_reminders, nav_counts
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import business_scope, user_roles, user_scope


def visible_ledgers(user) -> list:
    """Ledgers worth showing the user: readable, and — for a village-only role such as 村干部 —
    only those kept per village (a township-level ledger holds nothing a village may read)."""
    out = []
    for spec in ledgers.all_ledgers():
        scope = user_scope(user, spec.policy.roles("view"))
        if scope.townships or (scope.villages and spec.uses_village):
            out.append(spec)
    return out


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    visible = {s.key for s in visible_ledgers(user)}
    groups = []
    for label, specs in ledgers.grouped():
        shown = [s for s in specs if s.key in visible]
        if shown:
            groups.append((label, shown))
    township_level = bool(business_scope(user).townships)
    role_labels = sorted({Role(r).label for r in roles})
    return {
        "nav_groups": groups,
        # 到期提醒 counts: one aggregate query, and only where a page renders the navigation.
        "nav_deadlines": SimpleLazyObject(lambda: nav_counts(user) if may_see_reminders(user) else {}),
        "nav_is_sysadmin": Role.SYSADMIN in roles,
        "nav_is_security_admin": Role.SECURITY_ADMIN in roles,
        "nav_is_auditor": Role.AUDITOR in roles,
        "nav_reports": bool(roles & {Role.TOWNSHIP_CLERK, Role.TOWNSHIP_LEADER, Role.DISTRICT_REVIEWER}),
        # 统计口径 and 类别设置 concern whole townships; a village cadre has no use for them.
        "nav_township_level": township_level,
        "nav_roles": "、".join(role_labels) or "未分配角色",
    }
