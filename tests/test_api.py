"""The JSON API: tokens, filters and paging, writes with version, transitions, Chinese errors, docs."""

import json
import re
from io import StringIO

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.core import ledgers
from fazhi.disputes.models import Dispute
from fazhi.disputes.tests.samples import dispute
from fazhi.orgs.models import ApiToken
from tests.helpers import api_client, api_payload, create_payload

SPEC = ledgers.get("disputes")


def test_it_authenticates_with_a_token_from_the_command(cast, records):
    out = StringIO()
    call_command("token", "--user", "leader", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("fz_")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/disputes/")
    assert response.status_code == 200 and response.json()["count"] == 2
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/disputes/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer fz_nonsense").get("/api/v1/disputes/").status_code == 401
    assert Client().get("/api/v1/disputes/").status_code == 401


def test_it_refuses_a_token_of_an_inactive_user(cast):
    api = api_client(cast.clerk)
    cast.clerk.is_active = False
    cast.clerk.save()
    assert api.get("/api/v1/disputes/").status_code == 401


def test_it_filters_and_pages_the_list(cast, records):
    api = api_client(cast.clerk)
    page = api.get("/api/v1/disputes/?page_size=1").json()
    assert (page["count"], page["page_size"], len(page["results"])) == (2, 1, 1)
    assert page["results"][0]["id"] == records.a2.pk  # newest first
    second = api.get("/api/v1/disputes/?page_size=1&page=2").json()
    assert [r["id"] for r in second["results"]] == [records.a1.pk]
    assert api.get(f"/api/v1/disputes/?village={cast.a1.pk}").json()["count"] == 1
    assert api.get("/api/v1/disputes/?date_from=2025-03-15").json()["count"] == 1
    assert api.get("/api/v1/disputes/?status=resolved").json()["count"] == 0
    assert api.get("/api/v1/disputes/?q=" + records.a2.number).json()["count"] == 1
    assert api.get("/api/v1/disputes/?page_size=100000").json()["page_size"] == 200


def test_it_creates_updates_and_voids_with_versions(cast):
    template = dispute(cast)
    api = api_client(cast.clerk)
    created = api.post("/api/v1/disputes/", create_payload(SPEC, template), "application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["version"] == 1 and body["parties"][0]["id_number"].count("*") == 8
    record = Dispute.objects.get(pk=body["id"])
    updated = api.put(
        f"/api/v1/disputes/{record.pk}/", api_payload(SPEC, record) | {"handler": "老王"}, "application/json"
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    missing_version = {k: v for k, v in api_payload(SPEC, record).items() if k != "version"}
    assert api.put(f"/api/v1/disputes/{record.pk}/", missing_version, "application/json").status_code == 422
    voided = api.post(
        f"/api/v1/disputes/{record.pk}/void/", {"reason": "重复", "version": 2}, "application/json"
    )
    assert voided.status_code == 200 and voided.json()["void_reason"] == "重复"
    again = api.put(
        f"/api/v1/disputes/{record.pk}/",
        api_payload(SPEC, Dispute.objects.get(pk=record.pk)),
        "application/json",
    )
    assert again.status_code == 422 and "已作废的记录不能修改" in json.dumps(again.json(), ensure_ascii=False)


def test_it_runs_transitions(cast):
    record = dispute(cast)
    api = api_client(cast.clerk)
    url = f"/api/v1/disputes/{record.pk}/actions/"
    started = api.post(url + "start/", {"version": 1, "handler": "老王"}, "application/json").json()
    assert (started["status"], started["status_display"], started["handler"]) == (
        "handling",
        "调处中",
        "老王",
    )
    missing = api.post(url + "resolve/", {"version": 2}, "application/json")
    assert missing.status_code == 422 and missing.json()["errors"]["closed_on"] == ["请填写办结日期"]
    early = api.post(url + "resolve/", {"version": 2, "closed_on": "2025-01-01"}, "application/json")
    assert early.status_code == 422 and "办结日期不能早于受理日期" in json.dumps(
        early.json(), ensure_ascii=False
    )
    resolved = api.post(url + "resolve/", {"version": 2, "closed_on": "2025-03-20"}, "application/json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    wrong = api.post(url + "start/", {"version": 3}, "application/json")
    assert (
        wrong.status_code == 422
        and "当前状态为“已化解”，不能执行“开始调处”" in wrong.json()["errors"]["__all__"]
    )
    assert record.history.first().history_change_reason == "化解办结"


def test_it_answers_422_in_chinese(cast):
    api = api_client(cast.clerk)
    body = create_payload(SPEC, dispute(cast)) | {"summary": "", "village": cast.b1.pk}
    response = api.post("/api/v1/disputes/", body, "application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["summary"] == ["这个字段是必填项。"]
    assert "village" in errors
    none = create_payload(SPEC, dispute(cast)) | {"parties": []}
    assert api.post("/api/v1/disputes/", none, "application/json").json()["errors"]["parties"] == [
        "请至少填写1名当事人"
    ]


def test_it_publishes_an_openapi_document_with_every_route(cast):
    assert Client().get("/api/v1/openapi.json").status_code == 302  # signed-in users only
    client = Client()
    client.force_login(cast.clerk)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    paths = document["paths"]
    for spec in ledgers.all_ledgers():
        assert f"/api/v1/{spec.key}/" in paths
        detail = f"/api/v1/{spec.key}/{{pk}}/"
        assert {"get", "put"} <= set(paths[detail])
        assert f"/api/v1/{spec.key}/{{pk}}/void/" in paths
        for t in spec.transitions:
            assert f"/api/v1/{spec.key}/{{pk}}/actions/{t.name}/" in paths


def test_it_serves_the_docs_page_without_a_cdn(cast):
    client = Client()
    client.force_login(cast.clerk)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=[\"']https?://", html), html
    assert "cdn" not in html.lower()
    assets = re.findall(r"(?:src|href)=[\"']/static/([^\"']+)", html)
    assert assets
    for asset in assets:
        assert finders.find(asset), asset
