"""The demo builder makes a believable, deterministic set of tickets."""

import random
from datetime import date

from fazhi.tickets import demo
from fazhi.tickets.models import Ticket


def test_it_builds_a_year_of_demo_tickets(cast):
    counts = demo.build(cast.a, cast.clerk, random.Random(7), date(2024, 1, 1), date(2025, 3, 31))
    assert counts == {"tickets": Ticket.objects.count()}
    assert 60 <= counts["tickets"] <= 150
    assert Ticket.objects.filter(on_time=True).count() > Ticket.objects.filter(on_time=False).count()
    assert set(Ticket.objects.values_list("status", flat=True)) >= {"closed"}
