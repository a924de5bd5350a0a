"""The demo builder makes a believable, deterministic year of records."""

import random
from datetime import date, timedelta

from django.utils import timezone

from fazhi.oversight import demo


def _run(cast, seed):
    end = timezone.localdate() - timedelta(days=1)
    demo.build(cast.a, cast.clerk, random.Random(seed), date(end.year - 1, 1, 1), end)


def test_it_builds_each_oversight_ledger(cast):
    from fazhi.oversight.models import Disclosure, LitigationCase, Rectification, WarningEducation

    _run(cast, 7)
    assert 5 <= Rectification.objects.count() <= 30
    assert 1 <= LitigationCase.objects.count() <= 10
    assert 5 <= WarningEducation.objects.count() <= 20
    assert 30 <= Disclosure.objects.count() <= 120
