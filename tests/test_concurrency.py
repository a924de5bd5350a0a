"""Optimistic concurrency: a stale edit is refused, the first edit survives."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from fazhi.core import ledgers
from fazhi.core.services import ConcurrentEditError, record_update
from fazhi.disputes.models import Dispute
from fazhi.disputes.tests.samples import dispute
from tests.helpers import api_client, api_payload, form_data

SPEC = ledgers.get("disputes")


def test_it_refuses_the_second_of_two_page_edits(cast, client, django_user_model):
    record = dispute(cast)
    first, second = client, type(client)()
    first.force_login(cast.clerk)
    second.force_login(cast.clerk)
    url = reverse("ledger-edit", kwargs={"ledger": "disputes", "pk": record.pk})
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    stale = form_data(SPEC, record)  # both forms carry version 1

    assert first.post(url, stale | {"summary": "第一人的修改"}).status_code == 302
    response = second.post(url, stale | {"summary": "第二人的修改"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "该记录已被" in body and "您的修改未保存" in body
    record.refresh_from_db()
    assert (record.summary, record.version) == ("第一人的修改", 2)


def test_it_answers_409_to_a_stale_api_update(cast):
    record = dispute(cast)
    api = api_client(cast.clerk)
    stale = api_payload(SPEC, record)
    assert (
        api.put(f"/api/v1/disputes/{record.pk}/", stale | {"summary": "先到"}, "application/json").status_code
        == 200
    )
    response = api.put(f"/api/v1/disputes/{record.pk}/", stale | {"summary": "后到"}, "application/json")
    assert response.status_code == 409
    assert "您的修改未保存" in response.json()["detail"]
    record.refresh_from_db()
    assert record.summary == "先到"


def test_it_refuses_a_stale_void_and_transition(cast):
    record = dispute(cast)
    api = api_client(cast.clerk)
    assert (
        api.post(
            f"/api/v1/disputes/{record.pk}/actions/start/", {"version": 1}, "application/json"
        ).status_code
        == 200
    )
    response = api.post(
        f"/api/v1/disputes/{record.pk}/void/", {"reason": "重复", "version": 1}, "application/json"
    )
    assert response.status_code == 409
    response = api.post(f"/api/v1/disputes/{record.pk}/actions/start/", {"version": 1}, "application/json")
    assert response.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_simultaneous_saves_win(cast):
    record = dispute(cast)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(summary):
        try:
            barrier.wait(timeout=10)
            record_update(
                spec=SPEC,
                record=Dispute.objects.get(pk=record.pk),
                user=cast.clerk,
                data={"summary": summary},
                expected_version=1,
            )
            outcomes.append(("saved", summary))
        except ConcurrentEditError:
            outcomes.append(("refused", summary))
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            outcomes.append(("error", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("甲的修改", "乙的修改")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"], outcomes
    winner = next(summary for kind, summary in outcomes if kind == "saved")
    record.refresh_from_db()
    assert (record.summary, record.version) == (winner, 2)
    assert record.history.count() == 2
