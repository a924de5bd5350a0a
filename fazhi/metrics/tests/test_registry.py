"""The registry over demo-like data of every ledger: voiding, zero denominators, query count, SQL."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import ledgers
from fazhi.core.services import record_void
from fazhi.demo.builder import demo_modules
from fazhi.disputes.models import Dispute
from fazhi.metrics import sql
from fazhi.metrics.registry import (
    _PLANS,
    Count,
    Custom,
    Period,
    Ratio,
    Total,
    compute,
    records,
    registry,
    value,
)
from fazhi.metrics.tests.data import PERIOD, YEAR, build


@pytest.fixture
def demo(cast):
    """Every ledger's demo data for township A, and disputes for township B."""
    for module in demo_modules():
        build(cast, module.__name__.split(".")[1])
    build(cast, "disputes", township=cast.b, clerk=cast.clerk_b, seed=8)
    return cast


def test_it_drops_a_voided_record_from_its_figure(cast):
    build(cast, "disputes")
    before = value("disputes.accepted", cast.a, PERIOD).value
    dispute = Dispute.objects.filter(township=cast.a, voided=False, received_on__year=YEAR).first()
    record_void(spec=Dispute.ledger_spec, record=dispute, user=cast.clerk, reason="重复登记")
    assert value("disputes.accepted", cast.a, PERIOD).value == before - 1
    assert dispute.pk not in set(records("disputes.accepted", cast.a, PERIOD).values_list("pk", flat=True))


def test_it_shows_a_dash_and_omits_a_rate_with_a_zero_denominator(cast):
    rate = value("litigation.head_appearance_rate", cast.a, PERIOD)
    assert (rate.numerator, rate.denominator, rate.text) == (0, 0, "—")
    assert rate.omitted and not rate.exact_full
    coverage = value("legalservice.advisor_coverage", cast.a, PERIOD)  # no advisor at all
    assert coverage.text == "0%" and not coverage.omitted
    assert value("rectification.received", cast.a, PERIOD).omitted is False  # keep_zero: "收到…0件"


def test_it_answers_a_township_year_in_bounded_queries_and_agrees_with_sql(demo):
    """One fixture (every ledger's demo data is slow to build) for the whole-registry checks."""
    metrics = registry.all(YEAR)
    touched = {m.ledger for m in metrics if isinstance(m, Count)}
    customs = [m for m in metrics if isinstance(m, Custom)]
    with CaptureQueriesContext(connection) as queries:
        by_registry = compute([m.id for m in metrics], demo.a, PERIOD)
    # Compiled plans: on SQLite one statement for all the ledgers' counts, on PostgreSQL one per ledger;
    # plus one per custom metric.
    planned = 1 if connection.vendor == "sqlite" else len(touched)
    assert len(queries) == planned + len(customs)
    with CaptureQueriesContext(connection) as queries:
        compute([m.id for m in metrics], demo.a, PERIOD, base=lambda model: model.objects.all())
    # Scoped (through the ORM): one aggregation per ledger involved.
    assert len(queries) == len(touched) + len(customs) == 25
    assert len(queries) <= len(ledgers.all_ledgers()) + len(customs)

    # Hand-written SQL gives the same figures for every Count, Total and Ratio.
    countable = [m for m in metrics if isinstance(m, Count | Total | Ratio)]
    assert {m.id for m in countable} == sql.covered_ids()
    by_sql = sql.township_year(demo.a.pk, YEAR)
    assert {m.id: by_sql[m.id] for m in countable} == {m.id: by_registry[m.id].value for m in countable}
    assert by_sql["disputes.accepted"] > 0 and by_sql["tickets.12345.received"] > 0
    b = value("disputes.accepted", demo.b, PERIOD).value
    assert sql.township_year(demo.b.pk, YEAR)["disputes.accepted"] == b

    # A village counts its own records; a district its townships'.
    village = value("disputes.accepted", demo.a1, PERIOD).value
    district = value("disputes.accepted", demo.district, PERIOD).value
    assert village == Dispute.objects.filter(village=demo.a1, voided=False, received_on__year=YEAR).count()
    assert 0 < village < by_registry["disputes.accepted"].value
    assert district == by_registry["disputes.accepted"].value + b

    # Compiled plans (unscoped) answer exactly what the ORM answers (scoped through a base queryset),
    # for every organisation level and for periods other than the one they were compiled for.
    ids = [m.id for m in metrics]
    from datetime import date as _date

    for org in (demo.a, demo.a1, demo.district, demo.b):
        for period in (PERIOD, Period.quarter(YEAR, 2), Period.year(YEAR, as_of=_date(YEAR + 1, 2, 1))):
            planned = compute(ids, org, period)
            plain = compute(ids, org, period, base=lambda model: model.objects.all())
            assert {k: (v.value, v.numerator, v.denominator) for k, v in planned.items()} == {
                k: (v.value, v.numerator, v.denominator) for k, v in plain.items()
            }, (org, period)
    assert all(plan is not None for plan in _PLANS.values()), "a ledger fell back to the ORM"

    # A total over one ledger opens its records; child-row counts open their parent records.
    cunshe = by_registry["publicity.activities.cunshe"].value
    assert records("publicity.activities.cunshe", demo.a, PERIOD).count() == cunshe
    assert records("litigation.hearings", demo.a, PERIOD).model._meta.model_name == "litigationcase"


def test_it_judges_outcomes_as_of_the_cutoff_date(cast):
    build(cast, "disputes")
    early = value("disputes.resolved", cast.a, Period.year(YEAR, as_of=date(YEAR, 6, 30))).value
    late = value("disputes.resolved", cast.a, Period.year(YEAR)).value
    assert early < late
