"""`/api/v1/deadlines/`: the 到期提醒 list, scoped like the pages (404 for users who see no records)."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from .selectors import due_soon, may_see_reminders
from .views import parse_filters

router = Router(tags=["到期提醒"])


class DueItem(Schema):
    ledger: str
    ledger_label: str
    record_id: int
    number: str
    title: str
    clock: str
    label: str
    township: int
    village: int | None
    start_on: dt.date
    due_on: dt.date
    days_left: int | None
    state: str
    state_label: str
    uncertain: bool
    extension_days: int
    explanation: list[str]


@router.get("/", response=list[DueItem], summary="即将到期和已逾期的事项")
def due_items(request, within: str = "", township: str = "", village: str = ""):
    """Items due within `within` working days (default 5) and overdue ones, most urgent first."""
    if not may_see_reminders(request.user):
        raise Http404("没有这个接口")
    try:
        filters = parse_filters(request.user, {"within": within, "township": township, "village": village})
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    return [
        {
            "ledger": v.clock.ledger,
            "ledger_label": v.ledger_label,
            "record_id": v.clock.object_id,
            "number": v.clock.number,
            "title": v.clock.title,
            "clock": v.clock.purpose,
            "label": v.clock.label,
            "township": v.clock.township_id,
            "village": v.clock.village_id,
            "start_on": v.clock.start_on,
            "due_on": v.clock.due_on,
            "days_left": v.days_left,
            "state": v.state,
            "state_label": v.state_label,
            "uncertain": v.clock.uncertain,
            "extension_days": v.clock.extension_days,
            "explanation": v.clock.explanation_lines,
        }
        for v in due_soon(request.user, **filters)
    ]
