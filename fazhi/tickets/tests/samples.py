"""A valid ticket for tests, in township A village A1, made by the clerk."""

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.tickets.models import Ticket


def category(cast, code="construction"):
    return Category.objects.get(list_key="ticket_category", district=cast.district, code=code)


def at(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def make_ticket(cast, *, user=None, **overrides):
    data = {
        "township": cast.a,
        "village": cast.a1,
        "platform": "12345",
        "ticket_number": f"GD{Ticket.objects.count() + 20250301001}",
        "received_at": at(2025, 3, 3, 9, 30),
        "category": category(cast),
        "content": "青山村3组路灯损坏多日未修。",
        "handling_office": "青山镇村镇建设办",
        **overrides,
    }
    return record_create(spec=Ticket.ledger_spec, user=user or cast.clerk, data=data)


SAMPLES = {"tickets": make_ticket}
