"""The demo builder makes a believable, deterministic set of petitions and receptions."""

import random
from datetime import date

from fazhi.petitions import demo
from fazhi.petitions.models import LeaderReception, Petition


def test_it_builds_a_year_of_demo_records(cast):
    counts = demo.build(cast.a, cast.clerk, random.Random(7), date(2024, 1, 1), date(2025, 3, 31))
    assert counts == {
        "leader-receptions": LeaderReception.objects.count(),
        "petitions": Petition.objects.count(),
    }
    assert 20 <= counts["petitions"] <= 80
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert {"closed", "replied"} <= statuses
