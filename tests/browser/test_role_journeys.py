"""Every role's day in the browser, at the desk (1366 px) and — for the cadre, the leader and the
public — on a phone (390 px). Each page visited is screenshotted and scanned (see journey.py)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fazhi.core import ledgers
from fazhi.core.rawwrites import allow_raw_writes
from fazhi.disputes.tests.samples import dispute
from fazhi.enforcement.models import EnforcementCase
from fazhi.enforcement.tests.samples import make_case
from fazhi.reports import services as report_services

from .journey import DESKTOP, PHONE, Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day(cast):
    """A working township: a dispute in 青山村, a published enforcement decision and report."""
    report = report_services.report_start(township=cast.a, year=2025, user=cast.clerk)
    report_services.version_approve(version=report_services.latest_version(report), user=cast.leader)
    report_services.report_publish(
        report=report, user=cast.clerk, published_on=date(2026, 3, 20), address="镇政府网站"
    )
    record = dispute(cast)
    case = make_case(cast)
    today = timezone.localdate()  # inside the 公示 window, so that the public page shows the case
    with allow_raw_writes():
        EnforcementCase.objects.filter(pk=case.pk).update(
            decided_on=today - timedelta(days=3), published_on=today, decision="责令限期拆除"
        )
    return record


def _keyboard_to(page, element_id: str, limit: int = 80) -> None:
    """Tab (and only Tab) until the field has the focus."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"键盘无法到达 #{element_id}")


def _choose(page, element_id: str, label: str) -> None:
    _keyboard_to(page, element_id)
    for _ in range(30):
        shown = page.evaluate(f"document.getElementById('{element_id}').selectedOptions[0].text")
        if shown == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"#{element_id} 没有选项 {label}")


def _type(page, element_id: str, text: str) -> None:
    _keyboard_to(page, element_id)
    page.keyboard.type(text)


def test_the_clerk_records_a_dispute_with_the_keyboard_alone(cast, live_server, browser, artifacts, day):
    j = Journey(browser, live_server, artifacts, "clerk")
    j.login("clerk")
    j.check("home")
    j.visit("/ledger/disputes/", "disputes")
    j.visit("/ledger/disputes/new/", "dispute-form")
    page = j.page
    page.locator("body").focus()
    _choose(page, "id_village", "青山村")
    # Debian's chromium lays the date field out as mm/dd/yyyy whatever the page's language.
    _type(page, "id_received_on", "06032025")
    assert page.input_value("#id_received_on") == "2025-06-03"
    _choose(page, "id_dispute_type", "邻里")
    _type(page, "id_summary", "两户因宅基地边界发生争执")
    _type(page, "id_disputeparty-0-name", "王大明")
    _type(page, "id_disputeparty-0-phone", "13900001111")
    _type(page, "id_disputeparty-1-name", "李小红")
    j.check("dispute-form-filled")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已登记")
    j.check("dispute-saved")
    assert "王**" in page.content() or "王*明" in page.content()
    j.visit("/deadlines/", "reminders")
    j.visit("/reports/", "reports")
    j.visit("/imports/disputes/", "import")
    j.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desk", "phone"])
def test_the_leader_reads_ledgers_and_the_report(cast, live_server, browser, artifacts, day, viewport):
    j = Journey(browser, live_server, artifacts, f"leader-{viewport['width']}", viewport)
    j.login("leader")
    j.check("home")
    if viewport is PHONE:
        assert not j.page.is_visible("#sidebar")
        j.page.click("[data-testid=menu-toggle]")
        j.page.wait_for_selector("#sidebar.show")
        j.check("menu-open")
        j.page.click("#sidebar a[href='/ledger/disputes/']")
        j.page.wait_for_selector("[data-testid=ledger-table]")
        assert not j.page.is_visible("[data-testid=ledger-table] thead")
        j.check("disputes-cards")
    else:
        j.visit("/ledger/disputes/", "disputes")
    j.visit(f"/ledger/disputes/{day.pk}/", "dispute-detail")
    j.visit(f"/reports/{cast.a.pk}/2025/", "report-draft")
    j.visit("/reports/", "reports")
    j.visit("/deadlines/", "reminders")
    j.visit("/metrics/", "metrics")
    j.visit("/metrics/disputes.accepted/records/", "metric-records")
    j.visit("/ledger/enforcement-cases/", "enforcement")
    j.visit("/account/", "account")
    j.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desk", "phone"])
def test_the_village_cadre_sees_only_the_village(cast, live_server, browser, artifacts, day, viewport):
    j = Journey(browser, live_server, artifacts, f"cadre-{viewport['width']}", viewport)
    j.login("cadre")
    j.check("home")
    assert "统计口径" not in j.page.content() and "类别设置" not in j.page.content()
    j.visit("/ledger/disputes/", "disputes")
    assert ">导入<" not in j.page.content()
    j.visit(f"/ledger/disputes/{day.pk}/", "dispute-detail")
    j.visit("/deadlines/", "reminders")
    j.visit("/ledger/disputes/?voided=all", "disputes-all")
    j.close()


def test_the_district_reviewer_and_the_advisor(cast, live_server, browser, artifacts, day):
    j = Journey(browser, live_server, artifacts, "reviewer")
    j.login("reviewer")
    j.check("home")
    j.visit("/reports/", "reports")
    j.visit("/ledger/disputes/", "disputes")
    j.visit("/metrics/", "metrics")
    j.close()
    j = Journey(browser, live_server, artifacts, "advisor")
    j.login("advisor")
    j.check("home")
    spec = next(s for s in ledgers.all_ledgers() if s.key.startswith("legal"))
    j.visit(f"/ledger/{spec.key}/", spec.key)
    j.close()


def test_the_administrators(cast, live_server, browser, artifacts):
    j = Journey(browser, live_server, artifacts, "sysadmin")
    j.login("sysadmin")
    j.check("home")
    j.visit("/admin/users/", "users")
    j.visit(f"/admin/orgs/{cast.a.pk}/", "org-edit")
    assert j.page.input_value("#id_valid_from") != "" or j.page.evaluate(
        "document.getElementById('id_valid_from').value === ''"
    )
    j.page.click("main button:has-text('保存')")
    j.page.wait_for_selector("text=组织已保存")
    j.check("org-saved")
    j.visit("/categories/", "categories")
    j.close()
    j = Journey(browser, live_server, artifacts, "auditor")
    j.login("auditor")
    j.check("home")
    j.visit("/audit/", "audit-log")
    j.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desk", "phone"])
def test_the_public_reads_without_signing_in(cast, live_server, browser, artifacts, day, viewport):
    j = Journey(browser, live_server, artifacts, f"public-{viewport['width']}", viewport)
    j.visit("/public/", "index")
    j.visit(f"/public/{cast.a.pk}/", "township")
    content = j.page.content()
    assert "李**" in content and "李建国" not in content and "500101198005170014" not in content
    j.visit(f"/public/{cast.a.pk}/reports/2025/", "report")
    j.page.goto(f"{live_server.url}/ledger/disputes/")
    assert "/login/" in j.page.url
    j.close()
