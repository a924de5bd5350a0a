"""The demo builder makes a believable, valid year of decision records."""

import random
from datetime import date

from fazhi.decisions import demo
from fazhi.decisions.choices import DecisionStatus, ReviewStatus
from fazhi.decisions.models import LegalityReview, MajorDecision, RiskAssessment


def test_it_builds_a_year_and_more_of_records(cast):
    demo.build(cast.a, cast.clerk, random.Random(7), date(2024, 1, 1), date(2025, 6, 30))
    reviews = LegalityReview.objects.filter(township=cast.a)
    assert 18 <= reviews.count() <= 40
    assert reviews.filter(status=ReviewStatus.SIGNED).exists()
    assert MajorDecision.objects.filter(status=DecisionStatus.DECIDED).exists()
    assert RiskAssessment.objects.count() >= 6


def test_it_stops_at_today(cast):
    today = date.today()
    demo.build(cast.a, cast.clerk, random.Random(3), date(today.year - 1, 10, 1), date(today.year, 12, 31))
