"""The demo builder makes a believable, valid year of enforcement records."""

import random
from datetime import date

from fazhi.enforcement import demo
from fazhi.enforcement.choices import CaseStatus
from fazhi.enforcement.models import EnforcementCase, Officer


def test_it_builds_a_year_and_more_of_cases(cast):
    demo.build(cast.a, cast.clerk, random.Random(7), date(2024, 1, 1), date(2025, 6, 30))
    cases = EnforcementCase.objects.filter(township=cast.a)
    assert Officer.objects.filter(township=cast.a).count() == 6
    assert 10 <= cases.count() <= 20
    assert cases.filter(status=CaseStatus.CLOSED).exists()
    assert cases.filter(is_major=True, legal_review__isnull=False).exists()


def test_it_stops_at_today(cast):
    today = date.today()
    demo.build(cast.a, cast.clerk, random.Random(3), date(today.year - 1, 10, 1), date(today.year, 12, 31))
