"""Medium 8, 9, 10: masked placeholders never overwrite real data, the edit form shows full data only
to a role that may reveal it (logged), attachment downloads are logged, search is no oracle."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.core import ledgers
from fazhi.core.attachments import attachment_add
from fazhi.disputes.models import DisputeParty
from fazhi.disputes.tests.samples import dispute
from tests.factories import valid_id
from tests.helpers import api_client, api_payload

SPEC = ledgers.get("disputes")
ID = valid_id(seq=51)


def _masked_put_body(api, record):
    body = api_payload(SPEC, record)
    got = {p["id"]: p for p in api.get(f"/api/v1/disputes/{record.pk}/").json()["parties"]}
    for party in body["parties"]:
        for name in ("name", "id_number", "phone", "address"):
            party[name] = got[party["id"]][name]
    return body


def test_putting_back_a_masked_get_keeps_the_stored_personal_data(cast):
    record = dispute(cast, id_number=ID)
    api = api_client(cast.clerk)
    body = _masked_put_body(api, record)
    assert "*" in body["parties"][0]["name"]
    response = api.put(f"/api/v1/disputes/{record.pk}/", body | {"handler": "老王"}, "application/json")
    assert response.status_code == 200
    party = DisputeParty.objects.get(dispute=record)
    assert (party.name, party.id_number, party.address) == ("张三丰", ID, "云岭区青山镇青山村3组12号")


def test_a_starred_value_that_is_not_the_masked_stored_one_is_refused(cast):
    record = dispute(cast, id_number=ID)
    api = api_client(cast.clerk)
    body = api_payload(SPEC, record)
    body["parties"][0]["name"] = "李**"
    response = api.put(f"/api/v1/disputes/{record.pk}/", body, "application/json")
    assert response.status_code == 422
    assert "脱敏显示的内容不能作为数据保存" in response.content.decode()
    assert DisputeParty.objects.get(dispute=record).name == "张三丰"


def test_the_edit_form_prefills_full_data_only_with_a_logged_reveal(cast, client):
    record = dispute(cast, id_number=ID)
    client.force_login(cast.clerk)
    page = client.get(reverse("ledger-edit", args=["disputes", record.pk])).content.decode()
    assert ID in page
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert (event.user, event.object_label) == (cast.clerk, record.number)


def test_the_edit_form_of_a_user_who_may_not_reveal_shows_masked_data(cast, client):
    # A policy where the clerk edits but may not reveal: the form must not be a way round the reveal.
    from dataclasses import replace

    record = dispute(cast, id_number=ID)
    original = SPEC.policy
    object.__setattr__(SPEC, "policy", replace(original, reveal=frozenset()))
    try:
        client.force_login(cast.clerk)
        page = client.get(reverse("ledger-edit", args=["disputes", record.pk])).content.decode()
        assert ID not in page and "张三丰" not in page
        assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()
    finally:
        object.__setattr__(SPEC, "policy", original)


def test_an_attachment_download_is_logged(cast, client):
    record = dispute(cast, id_number=ID)
    attachment = attachment_add(
        record=record, user=cast.clerk, file=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 x"), kind="", note=""
    )
    client.force_login(cast.leader)
    response = client.get(reverse("attachment-download", args=["disputes", record.pk, attachment.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert event.user == cast.leader and "协议.pdf" in event.detail


def test_search_by_part_of_a_name_is_no_oracle_for_a_user_who_may_not_reveal(cast, client):
    record = dispute(cast, id_number=ID)  # party 张三丰
    url = reverse("ledger-list", args=["disputes"])
    client.force_login(cast.leader)
    assert record.number not in client.get(url, {"q": "张三"}).content.decode()
    assert record.number in client.get(url, {"q": "张三丰"}).content.decode()  # the whole name matches
    # Names are stored encrypted: nobody finds a person by part of a name, only by the whole of it.
    client.force_login(cast.clerk)
    assert record.number not in client.get(url, {"q": "张三"}).content.decode()
    assert record.number in client.get(url, {"q": " 张三丰 "}).content.decode()
