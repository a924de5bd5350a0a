"""Every route of every ledger with a sample, for every kind of user.

Who may do what (the cast of conftest.py): the clerk of A writes A's records; the leader, reviewer and
advisor of A only read them; the clerk of B and the reviewer of another district get 404 on everything
of A, as if the record did not exist. A ledger joins these tests by providing `SAMPLES` in
`fazhi/<app>/tests/samples.py`.
"""

import pytest
from django.urls import reverse

from fazhi.core import ledgers
from fazhi.core.attachments import attachment_add
from tests.helpers import api_client, api_payload, collect_samples, create_payload, form_data, upload

SAMPLES = collect_samples()
LEDGERS = [spec.key for spec in ledgers.all_ledgers() if spec.key in SAMPLES]
pytestmark = pytest.mark.parametrize("key", LEDGERS)


def _sample(cast, key):
    spec = ledgers.get(key)
    record = SAMPLES[key](cast)
    attachment = attachment_add(record=record, user=cast.clerk, file=upload(), kind="photo")
    return spec, record, attachment


def _page_routes(spec, record, attachment):
    """(method, url) of every page route that names a record."""
    kw = {"ledger": spec.key, "pk": record.pk}
    routes = [
        ("get", reverse("ledger-detail", kwargs=kw)),
        ("get", reverse("ledger-edit", kwargs=kw)),
        ("post", reverse("ledger-edit", kwargs=kw)),
        ("get", reverse("ledger-void", kwargs=kw)),
        ("post", reverse("ledger-void", kwargs=kw)),
        ("post", reverse("ledger-reveal", kwargs=kw)),
        ("post", reverse("attachment-upload", kwargs=kw)),
        ("get", reverse("attachment-download", kwargs={**kw, "attachment_id": attachment.pk})),
    ]
    for t in spec.transitions:
        url = reverse("ledger-transition", kwargs={**kw, "name": t.name})
        routes += [("get", url), ("post", url)]
    return routes


def _api_routes(spec, record):
    base = f"/api/v1/{spec.key}/{record.pk}/"
    routes = [
        ("get", base, None),
        ("get", base + "?reveal=true", None),
        ("put", base, api_payload(spec, record)),
        ("post", base + "void/", {"reason": "重复登记", "version": record.version}),
    ]
    for t in spec.transitions:
        routes.append(("post", f"{base}actions/{t.name}/", {"version": record.version}))
    return routes


def test_it_has_a_sample_for_every_dispute_ledger(key):
    assert {"screenings", "disputes", "mediations"} <= set(LEDGERS)


@pytest.mark.parametrize("outsider", ["clerk_b", "outsider_reviewer"])
def test_it_answers_404_to_outsiders_on_every_record_route(cast, client, key, outsider):
    spec, record, attachment = _sample(cast, key)
    user = getattr(cast, outsider)
    client.force_login(user)
    for method, url in _page_routes(spec, record, attachment):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    api = api_client(user)
    for method, url, body in _api_routes(spec, record):
        response = getattr(api, method)(url, body, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
    listed = api.get(f"/api/v1/{spec.key}/")
    assert listed.status_code == 404 or record.pk not in [r["id"] for r in listed.json()["results"]]
    record.refresh_from_db()
    assert record.version == 1 and not record.voided


def _may(user, spec, action) -> bool:
    from fazhi.core.policy import can

    return can(user, spec, action)


@pytest.mark.parametrize("reader", ["leader", "reviewer", "advisor"])
def test_it_lets_readers_read_but_not_write(cast, client, key, reader):
    spec, record, _ = _sample(cast, key)
    user = getattr(cast, reader)
    if any(_may(user, spec, a) for a in ("create", "change", "void", "reveal")):
        pytest.skip(f"{reader} writes in {key} by the ledger's policy (covered by its own tests)")
    client.force_login(user)
    kw = {"ledger": spec.key, "pk": record.pk}
    assert client.get(reverse("ledger-list", kwargs={"ledger": key})).status_code == 200
    assert client.get(reverse("ledger-detail", kwargs=kw)).status_code == 200
    for name in ("ledger-edit", "ledger-void"):
        assert client.get(reverse(name, kwargs=kw)).status_code == 403
        assert client.post(reverse(name, kwargs=kw), form_data(spec, record)).status_code == 403
    assert client.post(reverse("ledger-reveal", kwargs=kw)).status_code == 403
    assert client.get(reverse("ledger-create", kwargs={"ledger": key})).status_code == 403
    assert (
        client.post(reverse("ledger-create", kwargs={"ledger": key}), form_data(spec, record)).status_code
        == 403
    )

    api = api_client(user)
    assert api.get(f"/api/v1/{key}/{record.pk}/").status_code == 200
    assert (
        api.put(f"/api/v1/{key}/{record.pk}/", api_payload(spec, record), "application/json").status_code
        == 403
    )
    assert api.post(f"/api/v1/{key}/", create_payload(spec, record), "application/json").status_code == 403
    void = {"reason": "重复登记", "version": record.version}
    assert api.post(f"/api/v1/{key}/{record.pk}/void/", void, "application/json").status_code == 403
    for t in (t for t in spec.transitions if not _may(user, spec, t.action)):
        url = f"/api/v1/{key}/{record.pk}/actions/{t.name}/"
        assert api.post(url, {"version": record.version}, "application/json").status_code == 403
    record.refresh_from_db()
    assert record.version == 1 and not record.voided


def test_it_lets_the_clerk_write(cast, client, key):
    spec, record, _ = _sample(cast, key)
    client.force_login(cast.clerk)
    kw = {"ledger": spec.key, "pk": record.pk}
    assert client.get(reverse("ledger-create", kwargs={"ledger": key})).status_code == 200
    assert client.get(reverse("ledger-edit", kwargs=kw)).status_code == 200
    response = client.post(reverse("ledger-edit", kwargs=kw), form_data(spec, record))
    assert response.status_code == 302, (
        response.context["form"].errors,
        [fs.errors for _, fs in response.context["formsets"]],
        [fs.non_form_errors() for _, fs in response.context["formsets"]],
    )
    record.refresh_from_db()
    assert record.version == 2

    api = api_client(cast.clerk)
    response = api.put(f"/api/v1/{key}/{record.pk}/", api_payload(spec, record), "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 3
    before = spec.model.objects.count()
    response = api.post(f"/api/v1/{key}/", create_payload(spec, record), "application/json")
    assert response.status_code in (201, 422), (
        response.content
    )  # 422: a rule such as one mediation per dispute
    assert spec.model.objects.count() == before + (response.status_code == 201)
    response = api.post(
        f"/api/v1/{key}/{record.pk}/void/", {"reason": "重复登记", "version": 3}, "application/json"
    )
    assert response.status_code == 200 and response.json()["voided"] is True


def test_it_shows_no_business_records_to_sysadmin_and_auditor(cast, client, key):
    spec, record, _ = _sample(cast, key)
    for user in (cast.sysadmin, cast.auditor):
        client.force_login(user)
        assert client.get(reverse("ledger-list", kwargs={"ledger": key})).status_code == 404
        assert (
            client.get(reverse("ledger-detail", kwargs={"ledger": key, "pk": record.pk})).status_code == 404
        )
        assert client.get(reverse("ledger-create", kwargs={"ledger": key})).status_code == 404
        api = api_client(user)
        assert api.get(f"/api/v1/{key}/").status_code == 404
        assert api.get(f"/api/v1/{key}/{record.pk}/").status_code == 404
