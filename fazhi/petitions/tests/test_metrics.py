"""信访 figures equal counts written here from the raw records of demo-like data."""

from datetime import date

from fazhi.metrics.tests.data import build, figures, in_year
from fazhi.petitions.models import LeaderReception, Petition

AS_OF = date(2025, 12, 31)


def test_it_counts_petition_figures_from_the_records(cast):
    build(cast, "petitions")
    receptions = [
        r for r in LeaderReception.objects.filter(township=cast.a, voided=False) if in_year(r.held_on)
    ]
    petitions = [p for p in Petition.objects.filter(township=cast.a, voided=False) if in_year(p.received_on)]
    replied = [p for p in petitions if p.replied_on and p.replied_on <= AS_OF]
    expected = {
        "receptions.count": len(receptions),
        "receptions.people": sum(r.people_count for r in receptions),
        "petitions.received": len(petitions),
        "petitions.collective": sum(1 for p in petitions if p.people_count >= 5),
        "petitions.accepted": sum(
            1 for p in petitions if p.accepted_on and p.accepted_on <= AS_OF and p.status != "rejected"
        ),
        "petitions.replied": len(replied),
        "petitions.reply_on_time_rate": (sum(1 for p in replied if p.reply_on_time), len(replied)),
    }
    got = figures(cast.a, ("receptions.", "petitions."))
    assert {k: got[k] for k in expected} == expected
    assert expected["petitions.received"] > 0 and replied
