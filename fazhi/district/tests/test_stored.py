"""Stored figures (`metrics.stored`): served again while the stamps of what they read are unchanged,
recomputed for exactly the townships whose records changed, never stale, and never used for a caller
who does not read a township whole."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.rawwrites import allow_raw_writes
from fazhi.disputes.models import Dispute
from fazhi.district import figures, overview
from fazhi.district.selectors import read_whole, scoped
from fazhi.metrics.registry import Period, compute
from fazhi.metrics.tests import data

PERIOD = Period.year(2025)


@pytest.fixture
def district_data(cast, monkeypatch):
    monkeypatch.setattr(data, "START", date(2025, 2, 1))
    monkeypatch.setattr(data, "END", date(2025, 5, 31))
    for app in ("disputes", "petitions", "legalservice"):
        data.build(cast, app)
    data.build(cast, "disputes", township=cast.b, clerk=cast.clerk_b, seed=11)
    cache.clear()
    return cast


def _tuples(values):
    return {
        t: {m: (v.value, v.numerator, v.denominator) for m, v in per.items()} for t, per in values.items()
    }


def _ledger_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "disputes_dispute" in q["sql"] or "petitions_petition" in q["sql"]]


def test_a_second_read_is_served_stored_and_equal(district_data):
    c = district_data
    ids = [c.a.pk, c.b.pk]
    first = figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    with CaptureQueriesContext(connection) as again:
        second = figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    assert not _ledger_queries(again) and len(again) <= 2  # the stamps (and the cache, if in the database)
    assert _tuples(first[0]) == _tuples(second[0]) and first[1] == second[1]


def test_a_change_recomputes_that_township_only_and_is_seen(district_data):
    c = district_data
    ids = [c.a.pk, c.b.pk]
    figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    figures.monthly(overview.TREND_IDS, ids, PERIOD)
    # A raw write that bypasses every Python path: only the database's trigger knows of it.
    dispute = Dispute.objects.filter(township=c.b, voided=False, received_on__year=2025).first()
    with allow_raw_writes():
        Dispute.objects.filter(pk=dispute.pk).update(voided=True)
    with CaptureQueriesContext(connection) as captured:
        values, _ = figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    grouped = _ledger_queries(captured)
    assert grouped, "township B's figures were recomputed"
    expected = {t.pk: compute(overview.METRIC_IDS, t, PERIOD) for t in (c.a, c.b)}
    for t in ids:
        shown = {m: values[t][m] for m in overview.METRIC_IDS}
        assert _tuples({t: shown}) == _tuples({t: expected[t]})
    months = figures.monthly(overview.TREND_IDS, ids, PERIOD)
    march = Period.between(date(2025, 3, 1), date(2025, 3, 31), as_of=PERIOD.as_of)
    fresh = compute(overview.TREND_IDS, c.b, march)
    for mid in overview.TREND_IDS:
        assert months[mid][c.b.pk][date(2025, 3, 1)] == (
            fresh[mid].value,
            fresh[mid].numerator,
            fresh[mid].denominator,
        )


def test_only_the_changed_township_is_recomputed(district_data, monkeypatch):
    c = district_data
    ids = [c.a.pk, c.b.pk]
    figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    dispute = Dispute.objects.filter(township=c.b, voided=False).first()
    with allow_raw_writes():
        Dispute.objects.filter(pk=dispute.pk).update(summary="改")
    asked = []
    real = figures.reg.compute_townships

    def spy(metric_ids, township_ids, *args, **kwargs):
        asked.append(list(township_ids))
        return real(metric_ids, township_ids, *args, **kwargs)

    monkeypatch.setattr(figures.reg, "compute_townships", spy)
    figures.township_figures(overview.METRIC_IDS, ids, PERIOD)
    assert asked == [[c.b.pk]]


def test_the_reviewers_page_reads_stored_figures_and_a_clerks_scope_does_not(district_data):
    c = district_data
    assert read_whole(c.reviewer) >= {c.a.pk, c.b.pk, c.district.pk}
    assert c.a.pk not in read_whole(c.cadre)  # a village cadre reads one village of A
    table = overview.build(c.district, PERIOD, base=scoped(c.reviewer), whole=read_whole(c.reviewer))
    plain = overview.build(c.district, PERIOD)
    assert [[(x.value.value, x.value.numerator) for x in r.cells] for r in table.rows] == [
        [(x.value.value, x.value.numerator) for x in r.cells] for r in plain.rows
    ]
    # The cadre's scope: only their village's records count, not the stored whole-township figures.
    cadre = overview.build(c.district, PERIOD, base=scoped(c.cadre), whole=read_whole(c.cadre))
    a_row = cadre.rows[0]
    accepted = next(x for x in a_row.cells if x.column.metric_id == "disputes.resolution_rate")
    whole_a = next(x for x in plain.rows[0].cells if x.column.metric_id == "disputes.resolution_rate")
    assert accepted.value.denominator < whole_a.value.denominator


def test_everything_the_stored_figures_read_is_stamped(district_data):
    """The tables every query of the stored computations reads (the grouped counts, coverage, overdue
    clocks, the months) are all watched: none can change without replacing a stamp."""
    import re

    from fazhi.metrics import stamps

    c = district_data
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        figures.township_figures(overview.METRIC_IDS, [c.a.pk, c.b.pk], PERIOD)
        figures.monthly(overview.TREND_IDS, [c.a.pk, c.b.pk], PERIOD)
    read = set()
    for query in captured:
        read |= set(re.findall(r'(?:FROM|JOIN) "?(\w+)"?', query["sql"]))
    read -= {"metrics_figurestamp"}
    watched = {table for table, _, _ in stamps.watched()}
    assert read and read <= watched, read - watched
