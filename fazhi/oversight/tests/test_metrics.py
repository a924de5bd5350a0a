"""监督 figures equal counts written here from the raw records of demo-like data; 行政复议 never counts
toward 负责人出庭应诉率."""

from datetime import date

from fazhi.metrics.tests.data import build, figures, in_year
from fazhi.oversight.models import Disclosure, Hearing, LitigationCase, Rectification, WarningEducation

AS_OF = date(2025, 12, 31)


def test_it_counts_oversight_figures_from_the_records(cast):
    build(cast, "oversight")
    warnings = [
        w for w in WarningEducation.objects.filter(township=cast.a, voided=False) if in_year(w.held_on)
    ]
    items = [r for r in Rectification.objects.filter(township=cast.a, voided=False) if in_year(r.received_on)]
    cases = list(LitigationCase.objects.filter(township=cast.a, voided=False))
    hearings = [
        h
        for h in Hearing.objects.filter(case__in=cases)
        if in_year(h.held_on) and h.case.get_kind_display() == "行政诉讼"
    ]
    disclosures = [
        d for d in Disclosure.objects.filter(township=cast.a, voided=False) if in_year(d.published_on)
    ]
    expected = {
        "warning.sessions": len(warnings),
        "warning.participants": sum(w.participants for w in warnings),
        "rectification.received": len(items),
        "rectification.done": sum(1 for r in items if r.done_on and r.done_on <= AS_OF),
        "rectification.overdue": sum(
            1 for r in items if r.due_on < AS_OF and (r.done_on is None or r.done_on > AS_OF)
        ),
        "litigation.cases": sum(
            1 for c in cases if in_year(c.received_on) and c.get_kind_display() == "行政诉讼"
        ),
        "litigation.reviews": sum(
            1 for c in cases if in_year(c.received_on) and c.get_kind_display() == "行政复议"
        ),
        "litigation.head_appearance_rate": (sum(1 for h in hearings if h.head_appeared), len(hearings)),
        "disclosures.total": len(disclosures),
        "disclosures.website": sum(1 for d in disclosures if d.get_channel_display() == "政府网站"),
        "disclosures.wechat": sum(1 for d in disclosures if d.get_channel_display() == "微信公众号"),
        "disclosures.board": sum(1 for d in disclosures if d.get_channel_display() == "政务公开栏"),
    }
    got = figures(cast.a, ("warning.", "rectification.", "litigation.", "disclosures."))
    assert {k: got[k] for k in expected} == expected
    assert expected["rectification.received"] > 0 and expected["disclosures.total"] > 0
