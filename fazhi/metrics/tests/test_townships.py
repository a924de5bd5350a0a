"""`compute_townships` (one compiled query per ledger grouped by township) answers, for every metric of
the registry and any period, exactly what `compute` answers township by township."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fazhi.demo.builder import demo_modules
from fazhi.metrics import plans
from fazhi.metrics.registry import Custom, Period, compute, compute_townships, registry
from fazhi.metrics.tests.data import build

EVERY_DAY = st.dates(min_value=date(2024, 9, 1), max_value=date(2026, 3, 31))


@pytest.fixture
def two_townships(cast):
    """Every ledger's demo data for township A, disputes and petitions for township B."""
    for module in demo_modules():
        build(cast, module.__name__.split(".")[1])
    build(cast, "disputes", township=cast.b, clerk=cast.clerk_b, seed=8)
    build(cast, "petitions", township=cast.b, clerk=cast.clerk_b, seed=8)
    return cast


def _shown(values: dict) -> dict:
    return {k: (v.value, v.numerator, v.denominator) for k, v in values.items()}


def _ids(year: int) -> list[str]:
    return [m.id for m in registry.all(year)]


# No shrinking: each example recomputes every figure twice, and a failing period is readable as found.
@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=EVERY_DAY, days=st.integers(0, 420), late=st.integers(0, 90))
def test_grouped_figures_equal_each_townships_own(two_townships, start, days, late):
    c = two_townships
    period = Period.between(start, start + timedelta(days=days), start + timedelta(days=days + late))
    ids = _ids(period.start.year)
    grouped, counted = compute_townships(ids, [c.a.pk, c.b.pk], period)
    for township in (c.a, c.b):
        expected = _shown(compute(ids, township, period))
        assert {k: v for k, v in _shown(grouped[township.pk]).items() if k in expected} == expected
    # B keeps no legality reviews: that ledger is empty for it whatever the period.
    assert counted[c.b.pk]["legality-reviews"] == 0


def test_compiled_and_scoped_paths_agree_and_the_query_count_does_not_grow(two_townships):
    c = two_townships
    period = Period.year(2025)
    ids = _ids(2025)
    compiled, counted = compute_townships(ids, [c.a.pk, c.b.pk], period)
    assert any(key[2] == "grouped" and plan is not None for key, plan in plans.PLANS.items())
    assert not [k for k, plan in plans.PLANS.items() if k[2] == "grouped" and plan is None], "fell back"
    scoped, scoped_counted = compute_townships(
        ids, [c.a.pk, c.b.pk], period, base=lambda model: model.objects.all()
    )
    assert {t: _shown(v) for t, v in compiled.items()} == {t: _shown(v) for t, v in scoped.items()}
    assert counted == scoped_counted and counted[c.a.pk]["disputes"] > 0
    customs = sum(isinstance(registry.get(m, 2025), Custom) for m in ids)
    with CaptureQueriesContext(connection) as both:
        compute_townships(ids, [c.a.pk, c.b.pk], period)
    with CaptureQueriesContext(connection) as one:
        compute_townships(ids, [c.a.pk], period)
    # One query per ledger whatever the number of townships; custom metrics without a grouped form
    # (none given here) are the only per-township work.
    assert len(both) - len(one) <= customs * 2
    assert len(one) <= len(counted[c.a.pk]) + customs * 3
