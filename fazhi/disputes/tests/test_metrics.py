"""矛盾纠纷 figures equal counts written here from the raw records of demo-like data."""

from datetime import date

from fazhi.disputes.models import Dispute, Mediation, Screening
from fazhi.metrics.tests.data import build, figures, in_year

AS_OF = date(2025, 12, 31)


def test_it_counts_dispute_figures_from_the_records(cast):
    build(cast, "disputes")
    disputes = [d for d in Dispute.objects.filter(township=cast.a, voided=False) if in_year(d.received_on)]
    mediations = [m for m in Mediation.objects.filter(township=cast.a, voided=False) if in_year(m.started_on)]
    expected = {
        "disputes.screenings": sum(
            1 for s in Screening.objects.filter(township=cast.a, voided=False) if in_year(s.screened_on)
        ),
        "disputes.resolution_rate": (
            sum(1 for d in disputes if d.get_status_display() == "已化解" and d.closed_on <= AS_OF),
            len(disputes),
        ),
        "mediations.success_rate": (
            sum(1 for m in mediations if m.get_status_display() == "调解成功" and m.effective_on <= AS_OF),
            len(mediations),
        ),
    }
    got = figures(cast.a, ("disputes.", "mediations."))
    assert {k: got[k] for k in expected} == expected
    assert disputes and mediations
