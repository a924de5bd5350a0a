"""Workflow steps of tickets: reply (on time is judged against the platform's time limit), return for
redo (退回重办, counted) and close."""

from fazhi.core.services import apply_transition

from .choices import TicketStatus
from .models import Ticket


def _judge_on_time(ticket: Ticket, data: dict) -> None:
    ticket.on_time = ticket.replied_at <= ticket.due_at if ticket.due_at else None


def _count_redo(ticket: Ticket, data: dict) -> None:
    ticket.redo_count += 1


def _transition(name, to_status, check=None):
    def service(*, record: Ticket, user, data: dict, expected_version, request=None) -> Ticket:
        return apply_transition(
            spec=Ticket.ledger_spec,
            record=record,
            user=user,
            name=name,
            data=data,
            expected_version=expected_version,
            to_status=to_status,
            check=check,
            request=request,
        )

    service.__name__ = f"ticket_{name}"
    return service


ticket_reply = _transition("reply", TicketStatus.REPLIED, _judge_on_time)
ticket_return = _transition("return", TicketStatus.HANDLING, _count_redo)
ticket_close = _transition("close", TicketStatus.CLOSED)
