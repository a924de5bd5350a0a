"""Reads of clocks for 到期提醒, the navigation counts and the API, scoped like the ledgers they come from."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from fazhi.core import ledgers
from fazhi.orgs.scoping import user_scope

from . import engine
from .display import SOON_WORKDAYS, ClockView, view
from .models import Clock

MAX_WITHIN = 60


def visible_clocks(user):
    """Clocks of the records the user may read: per ledger, that ledger's readers in their organisations.
    Ledgers read within the same organisations share one condition (a district reviewer's: one), so
    that the database can answer with one range of an index instead of one pass per ledger."""
    by_scope: dict = {}
    for source in engine.all_sources():
        spec = ledgers.get(source.ledger)
        if spec is None:
            continue
        scope = user_scope(user, spec.policy.roles("view"))
        if not scope.empty:
            by_scope.setdefault(scope, []).append(source.ledger)
    q = Q(pk__in=[])
    for scope, keys in by_scope.items():
        q |= Q(ledger__in=sorted(keys)) & scope.q()
    return Clock.objects.filter(q)


def may_see_reminders(user) -> bool:
    return any(
        not user_scope(user, ledgers.get(s.ledger).policy.roles("view")).empty
        for s in engine.all_sources()
        if ledgers.get(s.ledger) is not None
    )


def _due_filter(today: dt.date, limit: dt.date) -> Q:
    """Overdue obligations, and everything due by `limit`; windows of the other side only while they run.
    Said as two date ranges so that each is one range of a partial index: past windows stay open by
    the thousand and must not be read to be left out."""
    overdue = Q(window=False, due_on__lt=today)
    return Q(is_open=True) & (overdue | Q(due_on__gte=today, due_on__lte=limit))


def due_soon(
    user,
    *,
    within: int = SOON_WORKDAYS,
    township_id: int | None = None,
    village_id: int | None = None,
    today: dt.date | None = None,
) -> list[ClockView]:
    """Open clocks due within `within` working days or overdue, most urgent first."""
    calendar = engine.get_calendar()
    today = today or engine.today()
    limit = calendar.add_workdays(today, max(0, min(within, MAX_WITHIN)))
    qs = visible_clocks(user).filter(_due_filter(today, limit))
    if township_id is not None:
        qs = qs.filter(township_id=township_id)
    if village_id is not None:
        qs = qs.filter(village_id=village_id)
    qs = qs.select_related("township", "village").order_by("due_on", "number", "pk")
    return [view(c, today=today, calendar=calendar, soon=within) for c in qs]


def nav_counts(user, *, today: dt.date | None = None) -> dict[str, int]:
    """Overdue and due-soon counts for the navigation: two counts, each one range of a partial index
    (open obligations by township and due date; open clocks by due date), plus the calendar stamp."""
    calendar = engine.get_calendar()
    today = today or engine.today()
    limit = calendar.add_workdays(today, SOON_WORKDAYS)
    visible = visible_clocks(user).filter(is_open=True)
    return {
        "overdue": visible.filter(window=False, due_on__lt=today).count(),
        "soon": visible.filter(due_on__gte=today, due_on__lte=limit).count(),
    }
