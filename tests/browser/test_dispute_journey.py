"""The township clerk records a dispute in the browser, finds it in the list, and sees it masked."""

import re

import pytest

from fazhi.disputes.models import Dispute
from tests.factories import PASSWORD, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_a_dispute_and_shows_it_masked(cast, live_server, page, artifacts):
    id_number = valid_id(seq=77)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.screenshot(path=artifacts / "01-home.png", full_page=True)

    page.goto(f"{live_server.url}/ledger/disputes/new/")
    page.select_option("#id_village", label="青山村")
    page.fill("#id_received_on", "2025-06-03")
    page.select_option("#id_dispute_type", label="邻里")
    page.fill("#id_summary", "两户因排水沟堵塞发生争吵")
    page.fill("#id_disputeparty-0-name", "张三丰")
    page.fill("#id_disputeparty-0-id_number", id_number)
    page.fill("#id_disputeparty-0-phone", "13812345678")
    page.screenshot(path=artifacts / "02-new-dispute.png", full_page=True)
    page.click("button[type=submit]")
    page.wait_for_selector("text=已登记")
    number = Dispute.objects.get().number
    assert re.fullmatch(r"青山-纠纷-2025-0001", number)
    detail = page.content()
    assert id_number not in detail and "13812345678" not in detail
    assert "500101********" in detail and "138****5678" in detail
    page.screenshot(path=artifacts / "03-detail-masked.png", full_page=True)

    page.goto(f"{live_server.url}/ledger/disputes/")
    row = page.locator("[data-testid=ledger-table] tbody tr").first
    assert number in row.inner_text()
    assert "张*" in row.inner_text()
    assert "张三丰" not in page.content()
    page.screenshot(path=artifacts / "04-list.png", full_page=True)
