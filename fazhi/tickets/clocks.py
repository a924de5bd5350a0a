"""The clock of a ticket: the platform's due time, or by default 5 working days from receipt."""

from django.utils import timezone

from fazhi.deadlines.engine import ClockDef, ClockSource, clocks_of, register_source

from .choices import TicketStatus
from .models import REPLY_RULE, Ticket
from .services import given_due, replied_on, ticket_refresh


def ticket_clocks(ticket: Ticket) -> list[ClockDef]:
    if ticket.received_at is None:
        return []
    done = replied_on(ticket)
    return [
        ClockDef(
            "reply",
            "办理时限",
            REPLY_RULE,
            timezone.localtime(ticket.received_at).date(),
            done=done,
            given_due=given_due(ticket, clocks_of(ticket)),
            closed=ticket.status == TicketStatus.CLOSED,
            on_time=ticket.on_time if done else None,  # judged to the minute of the platform's time
        )
    ]


register_source(
    ClockSource(
        ledger="tickets",
        model=Ticket,
        clocks=ticket_clocks,
        refresh=ticket_refresh,
        mirror_fields=("due_at", "on_time"),
        title=lambda t: t.content[:60],
    )
)
