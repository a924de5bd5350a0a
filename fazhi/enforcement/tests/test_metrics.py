"""行政执法 figures equal counts written here from the raw records of demo-like data."""

from datetime import date

from fazhi.enforcement.models import EnforcementCase
from fazhi.metrics.tests.data import build, figures, in_year

AS_OF = date(2025, 12, 31)


def test_it_counts_enforcement_figures_from_the_records(cast):
    build(cast, "enforcement")
    cases = list(EnforcementCase.objects.filter(township=cast.a, voided=False))
    filed = [c for c in cases if in_year(c.filed_on)]
    due = [
        c
        for c in cases
        if in_year(c.decided_on)
        and ((c.publish_due_on and c.publish_due_on <= AS_OF) or (c.published_on and c.published_on <= AS_OF))
    ]
    on_time = [c for c in due if c.published_on_time is True and c.published_on <= AS_OF]
    expected = {
        "enforcement.cases": len(filed),
        "enforcement.cases.penalty": sum(1 for c in filed if c.get_kind_display() == "行政处罚"),
        "enforcement.cases.licensing": sum(1 for c in filed if c.get_kind_display() == "行政许可"),
        "enforcement.cases.inspection": sum(1 for c in filed if c.get_kind_display() == "行政检查"),
        "enforcement.major": sum(1 for c in filed if c.is_major),
        "enforcement.publish_on_time_rate": (len(on_time), len(due)),
    }
    got = figures(cast.a, ("enforcement.",))
    assert {k: got[k] for k in expected} == expected
    assert expected["enforcement.cases"] > 0 and due
