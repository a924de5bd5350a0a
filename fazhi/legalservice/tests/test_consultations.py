"""法律咨询: the clerk, the township's legal advisor and the village cadre (its own village) log them.

Who may see what: A's people see A's consultations (the cadre only A1's); the clerk of B sees none.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from fazhi.legalservice.models import Consultation

from .samples import make_advisor, make_consultation, topic

SPEC_KEY = "consultations"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "consulted_on": "2025-06-03",
        "mode": "phone",
        "people": 1,
        "topic": topic(cast, "marriage").pk,
        "answer": "告知协议离婚须双方共同到婚姻登记机关办理。",
        "referred_to_aid": False,
        **overrides,
    }


def test_it_lets_the_clerk_log_a_consultation_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _payload(cast, referred_to_aid=""))
    assert response.status_code == 302
    assert Consultation.objects.get().number == "青山-咨询-2025-0001"


def test_it_lets_the_clerk_log_a_consultation_through_the_api(client, cast):
    login(client, cast.clerk)
    response = client.post(
        f"/api/v1/{SPEC_KEY}/",
        data=_payload(cast, consultee_phone="138 0013 8000"),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-咨询-")
    assert Consultation.objects.get().consultee_phone == "13800138000"


@pytest.mark.parametrize("who", ["advisor", "cadre"])
def test_it_lets_advisors_and_village_cadres_log_consultations(client, cast, who):
    login(client, getattr(cast, who))
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=_payload(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    record = Consultation.objects.get()
    response = client.put(
        f"/api/v1/{SPEC_KEY}/{record.pk}/",
        data=_payload(cast, people=3, version=record.version),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["people"] == 3


def test_it_keeps_the_cadre_to_its_own_village(client, cast):
    login(client, cast.cadre)
    response = client.post(
        f"/api/v1/{SPEC_KEY}/", data=_payload(cast, village=cast.a2.pk), content_type="application/json"
    )
    assert response.status_code in (403, 422)
    assert not Consultation.objects.exists()
    with pytest.raises(PermissionDenied):
        make_consultation(cast, user=cast.cadre, village=cast.a2)


def test_it_hides_consultations_from_another_township(client, cast):
    record = make_consultation(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{SPEC_KEY}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    record = make_consultation(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/void/").status_code == 403


def test_it_lets_only_the_clerk_void(client, cast):
    record = make_consultation(cast)
    login(client, cast.advisor)
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/void/").status_code == 403


def test_it_masks_the_consultee(client, cast):
    record = make_consultation(cast)
    login(client, cast.leader)
    body = client.get(f"/api/v1/{SPEC_KEY}/{record.pk}/").json()
    assert body["consultee_phone"] == "138****8000"
    assert body["consultee_name"] != "王秀兰"


def test_it_requires_a_village(cast):
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, village=None)
    assert exc.value.message_dict["village"] == ["请选择咨询所在的村/社区"]


def test_it_requires_at_least_one_person(cast):
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, people=0)
    assert exc.value.message_dict["people"] == ["咨询人次至少为1"]


def test_it_refuses_a_bad_phone(cast):
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, consultee_phone="12345")
    assert "电话号码格式不正确" in exc.value.message_dict["consultee_phone"][0]


def test_it_refuses_a_date_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, consulted_on=date(2999, 1, 1))
    assert exc.value.message_dict["consulted_on"] == ["日期不能晚于今天"]


def test_it_refuses_an_advisor_out_of_contract(cast):
    advisor = make_advisor(cast, contract_start=date(2025, 1, 1), contract_end=date(2025, 3, 31))
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, advisor=advisor, consulted_on=date(2025, 6, 3))
    assert exc.value.message_dict["advisor"] == ["咨询日期不在该法律顾问的合同期内（2025-01-01至2025-03-31）"]
    assert make_consultation(cast, advisor=advisor, consulted_on=date(2025, 3, 31)).advisor == advisor


def test_it_refuses_an_advisor_of_another_township(cast):
    from fazhi.core.services import record_create
    from fazhi.legalservice.models import LegalAdvisor

    other = record_create(
        spec=LegalAdvisor.ledger_spec,
        user=cast.clerk_b,
        data={
            "township": cast.b,
            "name": "赵清",
            "law_firm": "清河律师事务所",
            "licence_number": "15001201910000001",
            "contract_start": date(2025, 1, 1),
            "contract_end": date(2025, 12, 31),
        },
    )
    with pytest.raises(ValidationError) as exc:
        make_consultation(cast, advisor=other)
    assert exc.value.message_dict["advisor"] == ["所选法律顾问不属于本乡镇"]
