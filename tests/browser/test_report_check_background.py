"""The township leader checks its own draft (检查本稿) and pasted text: both go to a check page that
shows the findings once the background worker is done."""

import pytest

from fazhi.reportcheck.models import CheckJob
from fazhi.reportcheck.tests.reports import qingshan_2024
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_checks_its_draft_and_pasted_text(cast, live_server, page, artifacts):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.click("text=年度报告")
    page.fill(f"#year-{cast.a.pk}", "2025")
    page.click("text=打开/生成初稿")
    page.wait_for_selector("[data-testid=draft-form]")
    page.click("[data-testid=check-draft]")
    page.wait_for_url(f"{live_server.url}/report-check/job/*/")
    page.wait_for_selector("#job-body:not([hx-get])")  # the check is done
    page.wait_for_selector("h2:text('结构')")
    assert page.locator("[data-testid=job-error]").count() == 0
    page.screenshot(path=artifacts / "reportcheck-04-draft-job.png", full_page=True)

    page.goto(f"{live_server.url}/report-check/")
    page.fill("#text", qingshan_2024())
    page.click("form[action='/report-check/paste/'] button")
    page.wait_for_selector("#job-body:not([hx-get])")
    page.wait_for_selector("h2:text('序号')")
    page.screenshot(path=artifacts / "reportcheck-05-paste-job.png", full_page=True)
    assert [job.status for job in CheckJob.objects.order_by("pk")] == ["done", "done"]
    assert CheckJob.objects.filter(kind="paste").get().text == ""
