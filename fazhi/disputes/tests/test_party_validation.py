"""A malformed 身份证号 or phone of a party is refused with a Chinese message, on the page and in the
API, and nothing is written. (The validators themselves are tested in fazhi/core/tests.)"""

import pytest
from django.urls import reverse

from fazhi.core import ledgers
from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.disputes.tests.samples import dispute
from tests.factories import dispute_type, valid_id
from tests.helpers import api_client, create_payload

BAD = [
    ("id_number", "500101198005170019", "身份证号"),  # wrong check digit
    ("id_number", "50010119800517", "身份证号"),  # too short
    ("phone", "1381234567", "电话"),
    ("phone", "23812345678", "电话"),
]


def _post_data(cast, **party):
    data = {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "received_on": "2025-06-03",
        "source": "application",
        "level": "village",
        "dispute_type": dispute_type(cast.a).pk,
        "summary": "土地承包边界争议",
        "disputeparty-TOTAL_FORMS": "1",
        "disputeparty-INITIAL_FORMS": "0",
        "disputeparty-MIN_NUM_FORMS": "1",
        "disputeparty-MAX_NUM_FORMS": "1000",
        "disputeparty-0-role": "applicant",
        "disputeparty-0-name": "王五",
        "disputeparty-0-id_number": valid_id(seq=31),
        "disputeparty-0-phone": "13812345678",
    }
    data.update({f"disputeparty-0-{k}": v for k, v in party.items()})
    return data


@pytest.mark.parametrize(("field", "value", "word"), BAD)
def test_it_refuses_a_malformed_party_on_the_page(cast, client, field, value, word):
    client.force_login(cast.clerk)
    response = client.post(
        reverse("ledger-create", kwargs={"ledger": "disputes"}), _post_data(cast, **{field: value})
    )
    assert response.status_code == 200
    formset = response.context["formsets"][0][1]
    errors = formset.errors[0][field]
    assert errors and all(any("\u4e00" <= ch <= "\u9fff" for ch in e) for e in errors), errors
    assert word in " ".join(errors)
    assert not Dispute.objects.exists() and not DisputeParty.objects.exists()


@pytest.mark.parametrize(("field", "value", "word"), BAD)
def test_it_refuses_a_malformed_party_in_the_api(cast, field, value, word):
    spec = ledgers.get("disputes")
    body = create_payload(spec, dispute(cast))
    body["parties"][0][field] = value
    response = api_client(cast.clerk).post("/api/v1/disputes/", body, "application/json")
    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"] == "输入有误"
    messages = payload["errors"][f"parties[0].{field}"]
    assert word in " ".join(messages)
    assert Dispute.objects.count() == 1 and DisputeParty.objects.count() == 1


def test_it_stores_normalised_identifiers(cast, client):
    client.force_login(cast.clerk)
    number = valid_id(seq=31)
    spaced = f"{number[:6]} {number[6:14]} {number[14:-1]}{number[-1].lower()}"
    data = _post_data(cast, id_number=spaced, phone="+86 138-1234-5678")
    response = client.post(reverse("ledger-create", kwargs={"ledger": "disputes"}), data)
    assert response.status_code == 302, response.context["formsets"][0][1].errors
    party = DisputeParty.objects.get()
    assert (party.id_number, party.phone) == (number, "13812345678")


def test_it_accepts_a_party_without_identifiers(cast, client):
    client.force_login(cast.clerk)
    data = _post_data(cast, id_number="", phone="0571-87654321")
    assert client.post(reverse("ledger-create", kwargs={"ledger": "disputes"}), data).status_code == 302
    assert DisputeParty.objects.get().id_number == ""
