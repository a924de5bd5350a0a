"""Every table a village cadre or a township leader meets is laid out as cards on a phone (class card-table:
cells stack as "label: value" lines, see fazhi.css), so that no column squeezes to one character a line.
The browser journeys measure the cells at 390 px; this checks every page of their day without a browser."""

import re

import pytest

from conftest import login
from fazhi.disputes.tests.samples import dispute
from fazhi.reports import services as report_services


def _tables(page: str) -> list[tuple[str, str]]:
    """(opening tag, body) of each table in the page's main part."""
    main = page.split("<main", 1)[1]
    return re.findall(r"(<table\b[^>]*>)(.*?)</table>", main, flags=re.S)


def _unlabelled(body: str) -> list[str]:
    """Cells that would show without their column's name as a card line (the "none" row excepted)."""
    return [c for c in re.findall(r"<td\b[^>]*>", body) if "data-label=" not in c and "empty" not in c]


@pytest.fixture
def pages(cast):
    record = dispute(cast)
    report_services.report_start(township=cast.a, year=2025, user=cast.clerk)
    return {
        "leader": [
            "/",
            "/ledger/disputes/",
            "/ledger/enforcement-cases/",
            f"/ledger/disputes/{record.pk}/",
            "/metrics/",
            "/metrics/disputes.accepted/records/",
            "/deadlines/",
            "/reports/",
            f"/reports/{cast.a.pk}/2025/",
            "/account/",
        ],
        "cadre": ["/", "/ledger/disputes/", f"/ledger/disputes/{record.pk}/", "/deadlines/", "/account/"],
    }


@pytest.mark.parametrize("who", ["leader", "cadre"])
def test_every_table_of_the_day_becomes_cards_on_a_phone(client, cast, pages, who):
    login(client, getattr(cast, who))
    seen = 0
    for url in pages[who]:
        response = client.get(url)
        assert response.status_code == 200, url
        for tag, body in _tables(response.content.decode()):
            seen += 1
            assert "card-table" in tag, (url, tag)
            assert not _unlabelled(body), (url, tag, _unlabelled(body)[:3])
    assert seen >= (8 if who == "leader" else 3)
