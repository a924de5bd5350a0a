"""Checks every 普法 ledger shares: create by page and API, outsiders 404, readers 403."""

import json

from conftest import login
from fazhi.core import ledgers


def management(spec, rows: dict | None = None) -> dict:
    """Formset POST data: each child's management form plus the given rows (key -> list of dicts)."""
    out = {}
    for child in spec.children:
        given = (rows or {}).get(child.key, [])
        out.update(
            {
                f"{child.key}-TOTAL_FORMS": str(len(given)),
                f"{child.key}-INITIAL_FORMS": "0",
                f"{child.key}-MIN_NUM_FORMS": "0",
                f"{child.key}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(given):
            out.update({f"{child.key}-{i}-{k}": v for k, v in row.items()})
    return out


def page_create(client, cast, key: str, data: dict, rows: dict | None = None):
    """POST the create page as the clerk; returns the new record."""
    spec = ledgers.get(key)
    login(client, cast.clerk)
    before = set(spec.model.objects.values_list("pk", flat=True))
    response = client.post(f"/ledger/{key}/new/", {**data, **management(spec, rows)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record = spec.model.objects.exclude(pk__in=before).get()
    assert record.number.startswith("青山-")
    return record


def page_errors(client, cast, key: str, data: dict, rows: dict | None = None) -> dict:
    spec = ledgers.get(key)
    login(client, cast.clerk)
    response = client.post(f"/ledger/{key}/new/", {**data, **management(spec, rows)})
    assert response.status_code == 200
    return response.context["form"].errors


def api_create(client, cast, key: str, payload: dict):
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{key}/", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["number"].startswith("青山-")
    return body


def api_errors(client, cast, key: str, payload: dict) -> dict:
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{key}/", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 422, response.content.decode()
    return response.json()["errors"]


def assert_scoped(client, cast, key: str, record) -> None:
    """The clerk of township B cannot see A's record; readers of A see it but cannot edit or void it."""
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{key}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{key}/{record.pk}/").status_code == 404
    for reader in (cast.leader, cast.reviewer):
        login(client, reader)
        assert client.get(f"/ledger/{key}/{record.pk}/").status_code == 200
        assert client.get(f"/ledger/{key}/{record.pk}/edit/").status_code == 403
        assert (
            client.post(f"/ledger/{key}/{record.pk}/void/", {"reason": "x", "version": 1}).status_code == 403
        )
        response = client.post(
            f"/api/v1/{key}/{record.pk}/void/",
            data=json.dumps({"reason": "x"}),
            content_type="application/json",
        )
        assert response.status_code == 403
