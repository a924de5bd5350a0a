"""Choices offered in a record's child rows come only from what the user may see."""

from conftest import login
from fazhi.enforcement.tests.samples import make_officer


def test_it_offers_only_officers_of_the_users_township(cast, client):
    make_officer(cast, name="青山执法员")
    make_officer(cast, township=cast.b, village=cast.b1, name="清河执法员", user=cast.clerk_b)
    login(client, cast.clerk)
    html = client.get("/ledger/enforcement-cases/new/").content.decode()
    assert "青山执法员" in html
    assert "清河执法员" not in html


def test_it_offers_only_villages_of_the_users_township(cast, client):
    login(client, cast.clerk)
    html = client.get("/ledger/legal-advisors/new/").content.decode()
    assert "青山村" in html
    assert "清河村" not in html
