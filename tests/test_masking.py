"""A party's full 身份证号 and phone never leave the server unmasked, except by a logged reveal."""

import logging

from django.urls import reverse

from fazhi.audit.models import AuditAction, AuditEvent
from fazhi.disputes.models import Dispute
from tests.factories import dispute_type, valid_id
from tests.helpers import api_client

ID = valid_id(seq=77)
PHONE = "13987654321"


def _assert_masked(text: str):
    assert ID not in text and PHONE not in text
    assert ID[6:14] not in text  # not even the date of birth


def test_it_never_shows_full_identifiers_in_pages_api_or_logs(cast, client, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    client.force_login(cast.clerk)
    data = {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "received_on": "2025-06-03",
        "source": "application",
        "level": "village",
        "dispute_type": dispute_type(cast.a).pk,
        "summary": "相邻关系纠纷",
        "disputeparty-TOTAL_FORMS": "1",
        "disputeparty-INITIAL_FORMS": "0",
        "disputeparty-MIN_NUM_FORMS": "1",
        "disputeparty-MAX_NUM_FORMS": "1000",
        "disputeparty-0-role": "applicant",
        "disputeparty-0-name": "张三丰",
        "disputeparty-0-id_number": ID,
        "disputeparty-0-phone": PHONE,
    }
    assert client.post(reverse("ledger-create", kwargs={"ledger": "disputes"}), data).status_code == 302
    record = Dispute.objects.get()
    seen = []
    seen.append(client.get(reverse("ledger-list", kwargs={"ledger": "disputes"})).content.decode())
    seen.append(
        client.get(reverse("ledger-list", kwargs={"ledger": "disputes"}), {"q": "张"}).content.decode()
    )
    detail = client.get(
        reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": record.pk})
    ).content.decode()
    seen.append(detail)
    assert f"{ID[:6]}********{ID[-4:]}" in detail and "139****4321" in detail
    api = api_client(cast.clerk)
    seen.append(api.get("/api/v1/disputes/").content.decode())
    seen.append(api.get(f"/api/v1/disputes/{record.pk}/").content.decode())
    seen.append(
        client.get(reverse("ledger-edit", kwargs={"ledger": "disputes", "pk": 999999})).content.decode()
    )
    for text in seen:
        _assert_masked(text)
    captured = capsys.readouterr()
    _assert_masked(caplog.text + captured.out + captured.err)
    assert all(ID not in str(e.__dict__) and PHONE not in str(e.__dict__) for e in AuditEvent.objects.all())


def test_it_reveals_to_the_clerk_and_logs_it(cast, records, client):
    client.force_login(cast.clerk)
    party = records.a1.parties.get()
    response = client.post(reverse("ledger-reveal", kwargs={"ledger": "disputes", "pk": records.a1.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert party.id_number in body and party.phone in body
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert (event.user, event.object_label) == (cast.clerk, records.a1.number)

    api = api_client(cast.clerk)
    revealed = api.get(f"/api/v1/disputes/{records.a1.pk}/?reveal=true").json()
    assert revealed["parties"][0]["id_number"] == party.id_number
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).count() == 2
    listed = api.get("/api/v1/disputes/?reveal=true").json()
    assert party.phone in [p["phone"] for r in listed["results"] for p in r["parties"]]
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).count() == 3


def test_it_refuses_reveal_to_the_leader(cast, records, client):
    client.force_login(cast.leader)
    response = client.post(reverse("ledger-reveal", kwargs={"ledger": "disputes", "pk": records.a1.pk}))
    assert response.status_code == 403
    api = api_client(cast.leader)
    assert api.get(f"/api/v1/disputes/{records.a1.pk}/?reveal=true").status_code == 403
    assert api.get("/api/v1/disputes/?reveal=true").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()
    detail = client.get(reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.a1.pk}))
    assert records.a1.parties.get().id_number not in detail.content.decode()


def test_it_refuses_reveal_with_get(cast, records, client):
    client.force_login(cast.clerk)
    response = client.get(reverse("ledger-reveal", kwargs={"ledger": "disputes", "pk": records.a1.pk}))
    assert response.status_code == 405
