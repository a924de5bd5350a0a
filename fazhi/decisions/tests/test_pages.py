"""The shared pages render for every decision ledger (list, detail, forms, workflow steps)."""

import pytest

from conftest import login

from .samples import SAMPLES


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_it_renders_the_pages(client, cast, key):
    record = SAMPLES[key](cast)
    login(client, cast.clerk)
    for url in ("/", "new/", f"{record.pk}/", f"{record.pk}/edit/", f"{record.pk}/void/"):
        response = client.get(f"/ledger/{key}/{url.lstrip('/')}")
        assert response.status_code == 200, url
    for transition in record.ledger_spec.transitions:
        assert client.get(f"/ledger/{key}/{record.pk}/do/{transition.name}/").status_code == 200
    login(client, cast.cadre)
    assert client.get(f"/ledger/{key}/").status_code == 200
