"""领导接访下访: the clerk records them; A's people read them; the clerk of B sees none."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.petitions.models import LeaderReception

from .samples import make_petition, make_reception

SPEC_KEY = "leader-receptions"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a2.pk,
        "held_on": "2025-04-15",
        "leader": "刘志远",
        "kind": "visit",
        "place": "红星村村委会",
        "people_count": 12,
        "matters": "反映灌溉水渠年久失修。",
        **overrides,
    }


def test_it_lets_the_clerk_record_a_reception_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _payload(cast))
    assert response.status_code == 302
    assert LeaderReception.objects.get().number == "青山-接访-2025-0001"


def test_it_lets_the_clerk_record_a_reception_through_the_api(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=_payload(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-接访-2025-")
    assert response.json()["kind"] == "visit"


def test_it_refuses_a_reception_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_reception(cast, held_on=date.today() + timedelta(days=1))
    assert exc.value.message_dict["held_on"] == ["日期不能晚于今天"]


def test_it_hides_receptions_from_another_township(client, cast):
    record = make_reception(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{SPEC_KEY}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    record = make_reception(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/void/").status_code == 403


def test_it_keeps_the_petitions_opened_from_a_reception(cast):
    reception = make_reception(cast)
    opened = make_petition(cast, channel="leader", received_on=reception.held_on, reception=reception)
    assert list(reception.petitions.all()) == [opened]
    other = make_reception(cast, user=cast.clerk_b, township=cast.b, village=cast.b1)
    with pytest.raises(ValidationError) as exc:
        make_petition(cast, received_on=date(2025, 3, 6), reception=other)
    assert exc.value.message_dict["reception"] == ["领导接访下访应为本乡镇的记录"]
