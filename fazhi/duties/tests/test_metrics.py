"""第一责任人 figures equal counts written here from the raw records of demo-like data."""

from fazhi.duties.choices import DutyKind
from fazhi.duties.models import DutyRecord
from fazhi.metrics.tests.data import build, figures, in_year


def test_it_counts_duty_figures_from_the_records(cast):
    build(cast, "duties")
    rows = [d for d in DutyRecord.objects.filter(township=cast.a, voided=False) if in_year(d.held_on)]
    expected = {"duties.total": len(rows)}
    for kind in DutyKind:
        expected[f"duties.{kind.value}"] = sum(1 for d in rows if d.get_kind_display() == kind.label)
    got = figures(cast.a, ("duties.",))
    assert {k: got[k] for k in expected} == expected
    assert expected["duties.total"] > 0
