"""Township A's records for 2025, made in the test, plus noise that must not count (township B, 2024,
voided records)."""

from datetime import date
from types import SimpleNamespace

import pytest

from fazhi.core.services import record_void
from fazhi.decisions.tests.samples import make_review
from fazhi.disputes.choices import DisputeStatus
from fazhi.disputes.models import Dispute
from fazhi.legalservice.tests.samples import make_advisor
from fazhi.oversight.tests.samples import make_litigation_case, make_rectification, make_warning_education
from fazhi.petitions.tests.samples import make_petition
from fazhi.publicity.tests.samples import make_activity, make_exam, make_session, qijin
from tests import factories as f

YEAR = 2025


@pytest.fixture
def data(cast):
    a, b = cast.a, cast.b
    acts = [
        make_activity(cast, audience_count=30, books=10, materials=100),
        make_activity(cast, audience_count=33, books=5, materials=0, held_on=date(2025, 9, 1)),
        make_activity(
            cast, qijin=qijin(a, "xiangcun"), audience_count=0, books=0, materials=20, village=cast.a2
        ),
    ]
    voided = make_activity(cast, audience_count=500, books=99)
    record_void(spec=voided.ledger_spec, record=voided, user=cast.clerk, reason="重复登记")
    make_activity(cast, held_on=date(2024, 6, 1), audience_count=1000)
    make_session(cast)
    make_exam(cast, required_count=200, sat_count=199, passed_count=199)
    # 62 disputes, 59 resolved: 化解率 95%.
    kind = f.dispute_type(a)
    Dispute.objects.bulk_create(
        Dispute(
            number=f"青山-纠纷-2025-{9000 + i}",
            township=a,
            village=cast.a1,
            received_on=date(2025, 1 + i % 12, 1 + i % 28),
            summary="邻里排水纠纷",
            dispute_type=kind,
            status=DisputeStatus.RESOLVED if i < 59 else DisputeStatus.HANDLING,
            closed_on=date(2025, 12, 30) if i < 59 else None,
        )
        for i in range(62)
    )
    f.DisputeFactory(township=b, village=cast.b1, received_on=date(2025, 5, 1))
    # A petition not yet replied: 受理 1 件, 按期答复率 0/0 (left out).
    make_petition(cast)
    make_rectification(cast)  # due 2025-07-10, not done: overdue
    make_warning_education(cast)
    make_litigation_case(cast)  # one hearing with the head present: 100%
    make_advisor(cast)  # serves 青山村 only; 红星村 uncovered
    make_review(cast)
    return SimpleNamespace(activities=acts, voided=voided)
