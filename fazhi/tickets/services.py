"""Workflow steps of tickets: reply (on time is judged against the platform's time limit), return for
redo (退回重办, counted) and close."""

from django.utils import timezone

from fazhi.deadlines.engine import clock_due, clocks_of

from .choices import TicketStatus
from .models import REPLY_RULE, Ticket, end_of_day


def _received_on(ticket: Ticket):
    return timezone.localtime(ticket.received_at).date()


def given_due(ticket: Ticket, clocks: dict):
    """The platform's due date, or None when the ticket shows the rule's default (5 working days).

    A default due time is the end of the default due day, as computed now or as the clock last had it
    (before a change of the calendar, the rule or the received time moved it).
    """
    if ticket.due_at is None:
        return None
    clock = clocks.get("reply")
    default = clock_due(ticket, "reply", REPLY_RULE, _received_on(ticket), clocks=clocks)
    if default.due is None:  # paused: keep what the clock knew
        return clock.given_due if clock else timezone.localtime(ticket.due_at).date()
    if ticket.due_at == end_of_day(default.due):
        return None
    if (
        clock is not None
        and clock.given_due is None
        and clock.due_on
        and ticket.due_at == end_of_day(clock.due_on)
    ):
        return None
    return timezone.localtime(ticket.due_at).date()


def replied_on(ticket: Ticket):
    """The reply that ends the clock; a ticket returned for redo (办理中 again) runs until the next reply."""
    if ticket.replied_at is None or ticket.status == TicketStatus.HANDLING:
        return None
    return timezone.localtime(ticket.replied_at).date()


def ticket_refresh(ticket: Ticket) -> None:
    """The due time (the platform's, or the rule's default) with the clock's pauses and extension, and
    whether the reply was on time against it."""
    if ticket.received_at is None:
        return
    clocks = clocks_of(ticket)
    given = given_due(ticket, clocks)
    due = clock_due(ticket, "reply", REPLY_RULE, _received_on(ticket), given_due=given, clocks=clocks)
    if given is None and due.due is not None:
        ticket.due_at = end_of_day(due.due)
    if due.due is None:
        judged = None
    elif given is not None and due.due == given:
        judged = ticket.due_at  # the platform's own time of day
    else:
        judged = end_of_day(due.due)  # extended or paused: the whole last day
    ticket.on_time = ticket.replied_at <= judged if ticket.replied_at and judged else None


def judge_on_time(ticket: Ticket, data: dict) -> None:
    ticket_refresh(ticket)


def count_redo(ticket: Ticket, data: dict) -> None:
    """退回重办 is counted."""
    ticket.redo_count += 1
