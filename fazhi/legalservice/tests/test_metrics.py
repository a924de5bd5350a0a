"""公共法律服务 figures: consultations from the raw records; 一村一法律顾问 coverage agrees with the
selector and counts only advisors under contract on the 数据截至 date."""

from datetime import date

from fazhi.core.services import record_void
from fazhi.legalservice.models import Consultation, LegalAdvisor
from fazhi.legalservice.selectors import advisor_coverage
from fazhi.metrics.registry import Period, records, value
from fazhi.metrics.tests.data import build, figures, in_year


def test_it_counts_consultation_figures_from_the_records(cast):
    build(cast, "legalservice")
    rows = [c for c in Consultation.objects.filter(township=cast.a, voided=False) if in_year(c.consulted_on)]
    expected = {
        "consultations.count": len(rows),
        "consultations.people": sum(c.people for c in rows),
        "consultations.referred_to_aid": sum(1 for c in rows if c.referred_to_aid),
    }
    got = figures(cast.a, ("consultations.",))
    assert {k: got[k] for k in expected} == expected
    assert expected["consultations.count"] > 0


def test_it_measures_advisor_coverage_on_the_cutoff_date(cast):
    build(cast, "legalservice")
    for as_of in (date(2025, 12, 31), date(2026, 2, 1)):
        covered, villages = advisor_coverage(cast.a, as_of)
        got = value("legalservice.advisor_coverage", cast.a, Period.year(2025, as_of=as_of))
        assert (got.numerator, got.denominator) == (len(covered), len(villages))
        under_contract = {
            a.pk
            for a in LegalAdvisor.objects.filter(township=cast.a, voided=False)
            if a.contract_start <= as_of <= a.contract_end
        }
        listed = set(
            records("legalservice.advisor_coverage", cast.a, Period.year(2025, as_of=as_of)).values_list(
                "pk", flat=True
            )
        )
        assert listed == under_contract


def test_it_drops_coverage_when_the_advisor_is_voided(cast):
    build(cast, "legalservice")
    period = Period.year(2025)
    before = value("legalservice.advisor_coverage", cast.a, period)
    advisor = records("legalservice.advisor_coverage", cast.a, period).first()
    record_void(spec=LegalAdvisor.ledger_spec, record=advisor, user=cast.clerk, reason="重复登记")
    after = value("legalservice.advisor_coverage", cast.a, period)
    assert after.numerator < before.numerator and after.denominator == before.denominator == 2
