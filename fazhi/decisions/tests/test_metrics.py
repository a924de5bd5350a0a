"""依法决策 figures equal counts written here from the raw records of demo-like data."""

from datetime import date

from fazhi.decisions.models import LegalityReview, MajorDecision, RiskAssessment
from fazhi.metrics.tests.data import build, figures, in_year

AS_OF = date(2025, 12, 31)


def test_it_counts_decision_figures_from_the_records(cast):
    build(cast, "decisions")
    reviews = [
        r for r in LegalityReview.objects.filter(township=cast.a, voided=False) if in_year(r.submitted_on)
    ]
    decisions = [
        d for d in MajorDecision.objects.filter(township=cast.a, voided=False) if in_year(d.proposed_on)
    ]
    risks = [
        r for r in RiskAssessment.objects.filter(township=cast.a, voided=False) if in_year(r.assessed_on)
    ]
    expected = {
        "reviews.total": len(reviews),
        "reviews.normative": sum(1 for r in reviews if r.get_review_type_display() == "规范性文件"),
        "reviews.contract": sum(1 for r in reviews if r.get_review_type_display() == "政府合同"),
        "reviews.major_enforcement": sum(
            1 for r in reviews if r.get_review_type_display() == "重大行政执法决定"
        ),
        "reviews.opined": sum(1 for r in reviews if r.reviewed_on and r.reviewed_on <= AS_OF),
        "decisions.major": len(decisions),
        "decisions.major_decided": sum(
            1 for d in decisions if d.get_status_display() == "已决定" and d.decided_on <= AS_OF
        ),
        "risk.total": len(risks),
        "risk.low": sum(1 for r in risks if r.get_level_display() == "低"),
        "risk.medium": sum(1 for r in risks if r.get_level_display() == "中"),
        "risk.high": sum(1 for r in risks if r.get_level_display() == "高"),
    }
    got = figures(cast.a, ("reviews.", "decisions.", "risk."))
    assert {k: got[k] for k in expected} == expected
    assert expected["reviews.total"] > 0 and expected["risk.total"] > 0
