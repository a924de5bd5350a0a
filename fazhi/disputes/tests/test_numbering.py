"""编号: 青山-纠纷-2025-0001, per township, ledger and year; never reused after a void."""

from datetime import date

from fazhi.core import ledgers
from fazhi.core.services import record_void
from fazhi.disputes.models import Dispute
from fazhi.disputes.tests.samples import dispute, screening
from tests.helpers import api_client, create_payload


def test_it_numbers_disputes_by_township_and_year(cast):
    first, second = dispute(cast), dispute(cast)
    assert (first.number, second.number) == ("青山-纠纷-2025-0001", "青山-纠纷-2025-0002")
    assert dispute(cast, received_on=date(2024, 12, 30)).number == "青山-纠纷-2024-0001"
    assert screening(cast).number == "青山-排查-2025-0001"


def test_it_never_reuses_a_number_after_a_void(cast):
    first = dispute(cast)
    record_void(spec=ledgers.get("disputes"), record=first, user=cast.clerk, reason="登记错误")
    assert dispute(cast).number == "青山-纠纷-2025-0002"
    assert Dispute.objects.filter(number="青山-纠纷-2025-0001", voided=True).exists()


def test_it_numbers_records_made_through_the_api(cast):
    spec = ledgers.get("disputes")
    template = dispute(cast)
    api = api_client(cast.clerk)
    numbers = [
        api.post("/api/v1/disputes/", create_payload(spec, template), "application/json").json()["number"]
        for _ in range(3)
    ]
    assert numbers == ["青山-纠纷-2025-0002", "青山-纠纷-2025-0003", "青山-纠纷-2025-0004"]
    assert len(set(Dispute.objects.values_list("number", flat=True))) == Dispute.objects.count() == 4


def test_it_ignores_a_number_sent_to_the_api(cast):
    spec = ledgers.get("disputes")
    body = create_payload(spec, dispute(cast)) | {"number": "伪造-0001"}
    response = api_client(cast.clerk).post("/api/v1/disputes/", body, "application/json")
    assert response.status_code == 422
    assert not Dispute.objects.filter(number="伪造-0001").exists()
