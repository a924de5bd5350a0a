"""12345 and 互联网+督查 figures equal counts written here from the raw records of demo-like data."""

from datetime import date

from django.utils import timezone

from fazhi.metrics.tests.data import build, figures
from fazhi.tickets.models import Ticket

AS_OF = date(2025, 12, 31)


def _local(moment):
    return timezone.localtime(moment).date()


def test_it_counts_ticket_figures_from_the_records(cast):
    build(cast, "tickets")
    tickets = [
        t for t in Ticket.objects.filter(township=cast.a, voided=False) if _local(t.received_at).year == 2025
    ]
    expected = {"tickets.received": len(tickets)}
    for code, name in (("12345", "12345热线"), ("supervision", "互联网+督查")):
        mine = [t for t in tickets if t.get_platform_display() == name]
        replied = [
            t
            for t in mine
            if t.status in ("replied", "closed") and t.replied_at and _local(t.replied_at) <= AS_OF
        ]
        expected[f"tickets.{code}.received"] = len(mine)
        expected[f"tickets.{code}.on_time_rate"] = (sum(1 for t in replied if t.on_time), len(replied))
    got = figures(cast.a, ("tickets.",))
    assert {k: got[k] for k in expected} == expected
    assert expected["tickets.12345.received"] > 0
