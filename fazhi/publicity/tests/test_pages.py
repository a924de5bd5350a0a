import pytest

from conftest import login

from .samples import SAMPLES


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_it_renders_every_page(client, cast, key):
    record = SAMPLES[key](cast)
    assert record.number.startswith("青山-")
    login(client, cast.clerk)
    for url in (
        f"/ledger/{key}/",
        f"/ledger/{key}/new/",
        f"/ledger/{key}/{record.pk}/",
        f"/ledger/{key}/{record.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert record.number in client.get(f"/ledger/{key}/").content.decode()
    response = client.get(f"/api/v1/{key}/")
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_the_sidebar_lists_it_under_publicity(cast, key):
    from fazhi.core import ledgers

    assert ledgers.get(key).group == "publicity"
