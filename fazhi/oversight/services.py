"""Workflow steps of the oversight ledgers. Each checks the step is allowed and writes history."""

from django.core.exceptions import ValidationError

from fazhi.deadlines.engine import clock_due

from .models import Rectification

RECTIFY_RULE = "rectification"


def rectification_due(item: Rectification):
    """The given due date, moved by the clock's pauses and extension (延期整改)."""
    return clock_due(
        item, "rectify", RECTIFY_RULE, item.received_on, given_due=item.due_on, done=item.done_on
    )


def rectification_refresh(item: Rectification) -> None:
    """Whether the item was done on time, against its possibly extended due date."""
    due = rectification_due(item) if item.received_on and item.due_on else None
    item.on_time = (due.due is None or item.done_on <= due.due) if item.done_on and due else None


def completion_checks(item: Rectification, data: dict) -> None:
    """完成整改: on time when done on or before the (possibly extended) due date."""
    if item.done_on < item.received_on:
        raise ValidationError({"done_on": "完成日期不能早于交办日期"})
    rectification_refresh(item)
