"""Navigation for the layout: the ledger groups the user may read, and the role-specific pages."""

from django.utils.functional import SimpleLazyObject

from fazhi.core import ledgers
from fazhi.core.policy import can
from fazhi.deadlines.selectors import may_see_reminders, nav_counts
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    groups = []
    for label, specs in ledgers.grouped():
        visible = [s for s in specs if can(user, s, "view")]
        if visible:
            groups.append((label, visible))
    role_labels = sorted({Role(r).label for r in roles})
    return {
        "nav_groups": groups,
        # 到期提醒 counts: one aggregate query, and only where a page renders the navigation.
        "nav_deadlines": SimpleLazyObject(lambda: nav_counts(user) if may_see_reminders(user) else {}),
        "nav_is_sysadmin": Role.SYSADMIN in roles,
        "nav_is_security_admin": Role.SECURITY_ADMIN in roles,
        "nav_is_auditor": Role.AUDITOR in roles,
        "nav_reports": bool(roles & {Role.TOWNSHIP_CLERK, Role.TOWNSHIP_LEADER, Role.DISTRICT_REVIEWER}),
        "nav_roles": "、".join(role_labels) or "未分配角色",
    }
