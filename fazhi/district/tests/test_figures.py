"""Every number of the district overview equals the registry's figure for that township (and the
district's total the registry's figure for the district), computed in one grouped pass."""

from datetime import date

import pytest
from django.core.cache import cache
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
    cache.clear()  # computed, not stored
    with CaptureQueriesContext(connection) as two:
        figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    cache.clear()
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
                assert data[mid][township.pk][month] == _as_tuple(expected[mid]), (mid, month)


@pytest.fixture
def with_own_records(district_data, monkeypatch):
    """The district's own records (区本级), written by its 区级督查 through the ledgers' own builders."""
    c = district_data
    for app in ("petitions", "decisions", "oversight"):
        data.build(c, app, township=c.district, clerk=c.reviewer, seed=23)
    return c


def test_the_total_is_the_townships_plus_the_districts_own_records(with_own_records):
    c = with_own_records
    table = overview.build(c.district, PERIOD)
    assert table.own is not None and table.own.township == c.district
    assert [r.township for r in table.rows] == [c.a, c.b]  # 区本级 is not a township row
    expected = compute(overview.METRIC_IDS, c.district, PERIOD)
    own_only = compute(
        overview.METRIC_IDS, c.district, PERIOD, base=lambda m: m.objects.filter(township_id=c.district.pk)
    )
    townships_only = overview.build(
        c.district, PERIOD, base=lambda m: m.objects.exclude(township_id=c.district.pk)
    )
    differs = 0
    for i, column in enumerate(table.columns):
        mid = column.metric_id
        assert _as_tuple(table.total[i]) == _as_tuple(expected[mid]), column
        if mid == "legalservice.advisor_coverage":
            continue  # villages belong to townships: the district itself has none
        assert _as_tuple(table.own.cells[i].value) == _as_tuple(own_only[mid]), column
        # Counts add up: townships + 区本级 = 全区.
        if not table.total[i].is_rate:
            township_sum = sum(r.cells[i].value.value or 0 for r in table.rows)
            assert township_sum + (table.own.cells[i].value.value or 0) == table.total[i].value, column
        differs += _as_tuple(townships_only.total[i]) != _as_tuple(table.total[i])
    assert differs >= 3, "the district's own records change the district's figures"


def test_the_page_and_the_export_show_the_own_row(client, with_own_records):
    from io import BytesIO

    from openpyxl import load_workbook

    from conftest import login

    c = with_own_records
    login(client, c.reviewer)
    html = client.get("/district/?year=2025").content.decode()
    assert 'data-testid="overview-own"' in html
    assert html.index('data-testid="overview-own"') < html.index('data-testid="overview-total"')
    assert f"/metrics/reviews.total/records/?org={c.district.pk}&amp;start=2025-01-01" in html
    assert "own=1" in html
    ws = load_workbook(BytesIO(client.get("/district/?year=2025&format=xlsx").content)).active
    labels = [row[0].value for row in ws.iter_rows()]
    assert labels[-3:] == ["区本级", "全区", "中位数"]
    # The 区本级 link opens only the district's own records; without it, all of the district's.
    from fazhi.decisions.models import LegalityReview

    own = LegalityReview.objects.filter(township=c.district, voided=False, submitted_on__year=2025)
    theirs = LegalityReview.objects.filter(township=c.a, voided=False, submitted_on__year=2025)
    assert own.exists() and theirs.exists()
    query = f"org={c.district.pk}&start=2025-01-01&end=2025-12-31&as_of=2025-12-31"
    page = client.get(f"/metrics/reviews.total/records/?{query}&own=1").content.decode()
    assert own.first().number in page and theirs.first().number not in page and "区本级" in page
    page = client.get(f"/metrics/reviews.total/records/?{query}").content.decode()
    assert theirs.first().number in page
