"""The demo builder makes a believable, deterministic year of records."""

import random
from datetime import date, timedelta

from django.utils import timezone

from fazhi.duties import demo


def _run(cast, seed):
    end = timezone.localdate() - timedelta(days=1)
    demo.build(cast.a, cast.clerk, random.Random(seed), date(end.year - 1, 1, 1), end)


def test_it_builds_duty_records(cast):
    from fazhi.duties.models import DutyRecord

    _run(cast, 7)
    assert 10 <= DutyRecord.objects.count() <= 40
    assert DutyRecord.objects.filter(leader="secretary").exists()
