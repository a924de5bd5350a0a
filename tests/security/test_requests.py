"""Low 15 and 17: an absurd page number is a normal page; an edit or a void that does not say which
version it started from is refused instead of overwriting."""

from django.urls import reverse

from fazhi.core import ledgers
from fazhi.disputes.models import Dispute
from fazhi.disputes.tests.samples import dispute
from tests.helpers import api_client, form_data

SPEC = ledgers.get("disputes")
HUGE = "9223372036854775807"


def test_a_huge_page_number_is_the_last_page_in_the_api(cast):
    record = dispute(cast)
    response = api_client(cast.clerk).get("/api/v1/disputes/", {"page": HUGE})
    assert response.status_code == 200
    assert response.json()["page"] == 1 and response.json()["results"][0]["number"] == record.number


def test_a_huge_page_number_is_the_last_page_on_the_list_page(cast, client):
    record = dispute(cast)
    client.force_login(cast.clerk)
    response = client.get(reverse("ledger-list", args=["disputes"]), {"page": HUGE})
    assert response.status_code == 200 and record.number in response.content.decode()


def test_a_page_edit_without_version_is_refused(cast, client):
    record = dispute(cast)
    data = form_data(SPEC, record) | {"summary": "改过的概要"}
    del data["version"]
    client.force_login(cast.clerk)
    response = client.post(reverse("ledger-edit", args=["disputes", record.pk]), data)
    assert response.status_code == 200 and "页面缺少版本信息" in response.content.decode()
    assert Dispute.objects.get(pk=record.pk).summary != "改过的概要"


def test_an_api_void_without_version_is_refused(cast):
    record = dispute(cast)
    response = api_client(cast.clerk).post(
        f"/api/v1/disputes/{record.pk}/void/", {"reason": "重复"}, "application/json"
    )
    assert response.status_code == 409 and "版本号" in response.json()["detail"]
    assert not Dispute.objects.get(pk=record.pk).voided
