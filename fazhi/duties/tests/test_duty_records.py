"""履职记录: the clerk records the principal leaders' acts; everyone of A reads them, B sees none."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.duties.choices import Leader
from fazhi.duties.models import DutyRecord

from .samples import make_duty_record

KEY = "duty-records"


def _body(**overrides):
    return {
        "held_on": "2025-06-26",
        "leader": "mayor",
        "leader_name": "",
        "kind": "lecture",
        "summary": "为全镇干部讲授法治专题党课。",
        **overrides,
    }


def test_it_lets_the_clerk_create_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{KEY}/new/", {"township": cast.a.pk, **_body()})
    assert response.status_code == 302
    assert DutyRecord.objects.get().number == "青山-履职-2025-0001"


def test_it_lets_the_clerk_create_through_the_api(client, cast):
    login(client, cast.clerk)
    response = client.post(
        f"/api/v1/{KEY}/", data={"township": cast.a.pk, **_body()}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "青山-履职-2025-0001"


def test_it_hides_records_from_another_township(client, cast):
    record = make_duty_record(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer", "advisor"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    record = make_duty_record(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{KEY}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{KEY}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{record.pk}/void/").status_code == 403


def test_it_requires_the_name_of_another_leader(cast):
    with pytest.raises(ValidationError) as exc:
        make_duty_record(cast, leader=Leader.OTHER)
    assert exc.value.message_dict["leader_name"] == ["履职领导为“其他”时，请填写领导姓名"]
    assert make_duty_record(cast, leader=Leader.OTHER, leader_name="周建国").leader_name == "周建国"


def test_it_refuses_a_date_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_duty_record(cast, held_on=date(2999, 1, 1))
    assert exc.value.message_dict["held_on"] == ["日期不能晚于今天"]


def test_it_does_not_offer_centre_group_study(cast):
    from fazhi.duties.choices import DutyKind

    assert "中心组学法" not in " ".join(DutyKind.labels)
