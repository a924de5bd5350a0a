"""The demo builder makes a believable, deterministic year of records."""

import random
from datetime import date, timedelta

from django.utils import timezone

from fazhi.legalservice import demo


def _run(cast, seed):
    end = timezone.localdate() - timedelta(days=1)
    demo.build(cast.a, cast.clerk, random.Random(seed), date(end.year - 1, 1, 1), end)


def test_it_builds_advisors_and_consultations(cast):
    from fazhi.legalservice.models import Consultation, LegalAdvisor
    from fazhi.legalservice.selectors import advisor_coverage

    _run(cast, 7)
    assert LegalAdvisor.objects.filter(township=cast.a).count() >= 2
    assert 40 <= Consultation.objects.filter(township=cast.a).count() <= 200
    covered, villages = advisor_coverage(cast.a, date(timezone.localdate().year - 1, 6, 1))
    assert covered == villages
