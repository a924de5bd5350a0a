"""History is written for every change (page, API, bulk) and cannot be skipped; void keeps the record."""

import pytest
from django.urls import reverse

from fazhi.core import ledgers
from fazhi.core.history import bulk_update_records
from fazhi.core.models import HistoryBypassError
from fazhi.core.services import record_update, record_void
from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.disputes.tests.samples import dispute
from tests.helpers import api_client, api_payload, form_data

SPEC = ledgers.get("disputes")


def test_it_writes_history_for_page_edits(cast, client):
    record = dispute(cast)
    client.force_login(cast.clerk)
    data = form_data(SPEC, record) | {"summary": "改为：两户因围墙发生争吵"}
    assert (
        client.post(reverse("ledger-edit", kwargs={"ledger": "disputes", "pk": record.pk}), data).status_code
        == 302
    )
    latest = record.history.first()
    assert latest.summary == "改为：两户因围墙发生争吵" and latest.history_user == cast.clerk
    assert record.history.count() == 2
    page = client.get(
        reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": record.pk})
    ).content.decode()
    assert "改为：两户因围墙发生争吵" in page


def test_it_writes_history_for_api_edits(cast):
    record = dispute(cast)
    body = api_payload(SPEC, record) | {"handler": "调解员老王"}
    assert (
        api_client(cast.clerk).put(f"/api/v1/disputes/{record.pk}/", body, "application/json").status_code
        == 200
    )
    latest = record.history.first()
    assert (latest.handler, latest.version, latest.history_user) == ("调解员老王", 2, cast.clerk)


def test_it_writes_history_for_bulk_changes(cast):
    records = [dispute(cast) for _ in range(3)]
    for r in records:
        r.handler = "批量指派"
    bulk_update_records(records, Dispute, ["handler"], user=cast.clerk)
    for r in records:
        r.refresh_from_db()
        assert (r.handler, r.version, r.updated_by) == ("批量指派", 2, cast.clerk)
        latest = r.history.first()
        assert (latest.handler, latest.history_user) == ("批量指派", cast.clerk)


@pytest.mark.parametrize(
    "write",
    [
        lambda: Dispute.objects.update(summary="绕过"),
        lambda: Dispute.objects.filter(pk__gt=0).update(summary="绕过"),
        lambda: Dispute.objects.all().delete(),
        lambda: Dispute.objects.bulk_update(list(Dispute.objects.all()), ["summary"]),
        lambda: DisputeParty.objects.update(name="绕过"),
    ],
)
def test_it_refuses_writes_that_skip_history(cast, write):
    record = dispute(cast)
    with pytest.raises(HistoryBypassError):
        write()
    record.refresh_from_db()
    assert record.summary == "两户因排水沟堵塞发生争吵"


def test_it_keeps_a_voided_record_with_its_history(cast, client):
    record = dispute(cast)
    other = dispute(cast)
    record_void(spec=SPEC, record=record, user=cast.clerk, reason="重复登记", expected_version=1)
    record.refresh_from_db()
    assert record.voided and record.void_reason == "重复登记" and record.history.count() == 2
    assert record.history.first().history_change_reason == "作废：重复登记"

    client.force_login(cast.clerk)
    listed = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}))
    assert [row[0].pk for row in listed.context["rows"]] == [other.pk]
    listed = client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}), {"voided": "all"})
    assert {row[0].pk for row in listed.context["rows"]} == {record.pk, other.pk}
    detail = client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": record.pk}))
    assert detail.status_code == 200 and "重复登记" in detail.content.decode()

    api = api_client(cast.leader)
    assert [r["id"] for r in api.get("/api/v1/disputes/").json()["results"]] == [other.pk]
    assert {r["id"] for r in api.get("/api/v1/disputes/?voided=all").json()["results"]} == {
        record.pk,
        other.pk,
    }
    assert api.get(f"/api/v1/disputes/{record.pk}/").json()["voided"] is True


def test_it_records_changes_of_child_rows(cast, client):
    record = dispute(cast)
    party = record.parties.get()
    record_update(
        spec=SPEC,
        record=record,
        user=cast.clerk,
        data={},
        children={
            "disputeparty": [
                {"id": party.pk, "role": "applicant", "name": "张三丰", "address": "青山村5组"},
                {"role": "respondent", "name": "赵四"},
            ]
        },
        expected_version=1,
    )
    assert DisputeParty.history.filter(dispute_id=record.pk).count() == 3  # created, changed, added
    record_update(
        spec=SPEC,
        record=record,
        user=cast.clerk,
        data={},
        children={"disputeparty": [{"id": party.pk, "role": "applicant", "name": "张三丰"}]},
        expected_version=2,
    )
    removed = DisputeParty.history.filter(dispute_id=record.pk, history_type="-").get()
    assert removed.name == "赵四" and removed.history_user == cast.clerk

    client.force_login(cast.clerk)
    page = client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": record.pk}))
    kinds = [(e["label"], e["kind"]) for e in page.context["history"]]
    assert ("当事人", "删除") in kinds and ("当事人", "修改") in kinds and ("当事人", "新增") in kinds
    body = page.content.decode()
    assert "青山村5组" not in body  # a personal field's change is noted, not shown
    assert "个人信息已修改" in body
