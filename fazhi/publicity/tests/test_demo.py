import random
from datetime import date

from fazhi.publicity import demo
from fazhi.publicity.models import LawExam, PublicityActivity, StudyPlan, StudySession
from tests import factories as f


def test_it_builds_a_believable_year(cast):
    demo.build(cast.a, cast.clerk, random.Random(7), date(2024, 1, 1), date(2025, 6, 30))
    activities = PublicityActivity.objects.filter(township=cast.a, held_on__year=2024).count()
    assert 30 <= activities <= 80
    assert LawExam.objects.filter(township=cast.a).count() == 1
    plan = StudyPlan.objects.get(year=2024)
    assert plan.items.count() == 12
    assert plan.items.filter(done=True).exists()
    assert StudySession.objects.filter(kind="online", enrolled__isnull=False).count() == 1


def test_it_is_deterministic(cast):
    demo.build(cast.a, cast.clerk, random.Random(3), date(2025, 1, 1), date(2025, 3, 31))
    first = list(PublicityActivity.objects.order_by("pk").values_list("title", "audience_count"))
    f.village(cast.b, "清河二村")  # same number of villages, so the same draws
    demo.build(cast.b, cast.clerk_b, random.Random(3), date(2025, 1, 1), date(2025, 3, 31))
    second = list(
        PublicityActivity.objects.filter(township=cast.b)
        .order_by("pk")
        .values_list("title", "audience_count")
    )
    assert first == second
