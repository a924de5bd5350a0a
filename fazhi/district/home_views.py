"""Which home page a user gets: the district's desk, the leader's 看板, the clerk's 待办 or the
village cadre's village; None for the roles that keep the general home page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.metrics.registry import Period
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role
from fazhi.reports import district_report
from fazhi.reports.workflow import report_notices

from . import home, overview, status
from .selectors import read_whole, reviewed_districts, scoped
from .views import table_context


def role_home(request):
    user = request.user
    if has_role(user, Role.DISTRICT_REVIEWER) and (districts := reviewed_districts(user)):
        return _district_home(request, districts[0])
    if has_role(user, Role.TOWNSHIP_LEADER):
        township = home.own_township(user, [Role.TOWNSHIP_LEADER])
        if township is not None:
            return render(request, "district/kanban.html", _with_notices(user, home.kanban(user, township)))
    if has_role(user, Role.TOWNSHIP_CLERK):
        township = home.own_township(user, [Role.TOWNSHIP_CLERK])
        if township is not None:
            return render(request, "district/todo.html", _with_notices(user, home.todo(user, township)))
    if has_role(user, Role.VILLAGE_CADRE):
        village = home.cadre_village(user)
        if village is not None:
            return render(
                request, "district/village.html", _with_notices(user, home.village_page(user, village))
            )
    return None


def _with_notices(user, context: dict) -> dict:
    """Every home page shows the report notices meant for the user (a draft the leader sent back)."""
    return {**context, "notices": report_notices(user)}


def _district_home(request, district):
    today = timezone.localdate()
    period = Period.between(today.replace(month=1, day=1), today)
    table = overview.build(district, period, base=scoped(request.user), whole=read_whole(request.user))
    rows = status.board(district, today.year - 1, today=today)
    return render(
        request,
        "district/home.html",
        {
            "district": district,
            "table": table,
            **table_context(table, table.rows),
            "base_query": f"start={period.start}&end={period.end}",
            "sort_url": reverse("district-overview"),
            "period": period,
            "year": today.year - 1,
            "own_report": district_report.own_report_state(district, today.year - 1),
            "at_risk": [r for r in rows if r.at_risk],
            "counts": [(s, sum(1 for r in rows if r.state == s)) for s in status.STATES],
        },
    )
