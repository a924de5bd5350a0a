"""Every number of the district overview equals the registry's figure for that township (and the
district's total the registry's figure for the district), computed in one grouped pass."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.district import bench, figures, overview
from fazhi.metrics.registry import Period, compute
from fazhi.metrics.tests import data

APPS = ("disputes", "petitions", "tickets", "decisions", "enforcement", "legalservice", "oversight")
PERIOD = Period.year(2025)


@pytest.fixture
def district_data(cast, monkeypatch):
    # Four months of records keep the demo builders quick; enough for every figure to be non-trivial.
    monkeypatch.setattr(data, "START", date(2025, 2, 1))
    monkeypatch.setattr(data, "END", date(2025, 5, 31))
    for app in APPS:
        data.build(cast, app)
    # Township B has only disputes and petitions: its other ledgers are empty all year.
    data.build(cast, "disputes", township=cast.b, clerk=cast.clerk_b, seed=11)
    data.build(cast, "petitions", township=cast.b, clerk=cast.clerk_b, seed=11)
    return cast


def _as_tuple(v):
    return (v.value, v.numerator, v.denominator)


def test_it_equals_the_registry_for_each_township_and_the_district(district_data):
    c = district_data
    table = overview.build(c.district, PERIOD)
    assert [r.township for r in table.rows] == [c.a, c.b]
    for row in table.rows:
        expected = compute(overview.METRIC_IDS, row.township, PERIOD)
        for cell in row.cells:
            assert _as_tuple(cell.value) == _as_tuple(expected[cell.column.metric_id]), cell.column
    expected = compute(overview.METRIC_IDS, c.district, PERIOD)
    for column, value in zip(table.columns, table.total, strict=True):
        assert _as_tuple(value) == _as_tuple(expected[column.metric_id]), column
    a_values = [cell.value.value for cell in table.rows[0].cells]
    assert any(v for v in a_values), "the demo builders produced figures"


def test_it_uses_one_query_per_ledger_whatever_the_number_of_townships(district_data):
    ids = [district_data.a.pk, district_data.b.pk]
    values, _ = figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    by_sql = bench.grouped_sql(ids, 2025)  # the benchmark's hand-written GROUP BY agrees
    for t in ids:
        if t == ids[0]:  # 青山镇 has records in every ledger the overview reads
            assert bench._needed_counts(2025) <= set(by_sql[t])
        for mid, expected in by_sql[t].items():
            if mid not in values[t]:
                continue  # the ledger query answers figures the overview does not show
            v = values[t][mid]
            got = (v.numerator, v.denominator) if isinstance(expected, tuple) else v.value
            assert got == expected, mid
    with CaptureQueriesContext(connection) as two:
        figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    with CaptureQueriesContext(connection) as one:
        figures.township_figures(overview.METRIC_IDS, ids[:1], PERIOD)
    assert len(two) == len(one) <= 10


def test_it_marks_empty_ledgers_and_far_cells(district_data):
    table = overview.build(district_data.district, PERIOD)
    a, b = table.rows
    assert "合法性审查" in "".join(b.empty_ledgers) and "合法性审查" not in "".join(a.empty_ledgers)
    assert not any(
        c.empty_ledger for c in b.cells if c.column.metric_id.startswith(("disputes", "petitions"))
    )
    review = next(cell for cell in b.cells if cell.column.metric_id == "reviews.total")
    assert review.empty_ledger and review.value.value == 0
    # With two townships the median is between them: a zero-count township sits below the band.
    a_review = next(cell for cell in a.cells if cell.column.metric_id == "reviews.total")
    assert a_review.value.value > 0 and review.far == "low" and a_review.far == "high"


def test_monthly_values_equal_the_registry_for_that_month(district_data):
    c = district_data
    data = figures.monthly(overview.TREND_IDS, [c.a.pk, c.b.pk], PERIOD)
    for month in (date(2025, 3, 1), date(2025, 5, 1), date(2025, 11, 1)):
        end = figures.month_starts(Period.between(month, date(2025, 12, 31)))[1:2]
        last = (end[0] if end else date(2026, 1, 1)).toordinal() - 1
        period = Period.between(month, date.fromordinal(last), as_of=PERIOD.as_of)
        for township in (c.a, c.b):
            expected = compute(overview.TREND_IDS, township, period)
            for mid in overview.TREND_IDS:
                assert _as_tuple(data[mid][township.pk][month]) == _as_tuple(expected[mid]), (mid, month)
