"""The district's 区级督查 at 1366 and 768 px: files a record of the district itself (区本级), sees it in
the overview's 区本级 row, then drafts the district's own report, rewrites a figure, approves it and
downloads the DOCX. Every page is screenshotted and scanned (axe, console; see journey.py)."""

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from fazhi.core import ledgers
from fazhi.core.services import record_create
from fazhi.disputes.choices import DisputeStatus
from fazhi.metrics.registry import Period, compute
from fazhi.oversight.choices import WarningForm
from fazhi.oversight.models import WarningEducation
from fazhi.reports.models import Report
from tests import factories as f

from .journey import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025
WIDTHS = (1366, 768)


@pytest.fixture
def district_year(cast):
    """Township records and one 警示教育 of the district itself for the year."""
    for i in range(4):
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(YEAR, 3 + i, 1),
            status=DisputeStatus.RESOLVED if i < 3 else DisputeStatus.HANDLING,
            closed_on=date(YEAR, 10, 1) if i < 3 else None,
        )
    spec = ledgers.get("warning-education")
    for township, user in ((cast.a, cast.clerk), (cast.district, cast.reviewer)):
        record_create(
            spec=spec,
            user=user,
            data={
                "township": township,
                "held_on": date(YEAR, 6, 1),
                "form": WarningForm.FILM,
                "topic": "观看警示教育片",
                "participants": 40,
            },
        )
    return cast


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reviewer_drafts_approves_and_downloads_the_districts_report(
    district_year, live_server, browser, artifacts, width
):
    c = district_year
    j = Journey(
        browser, live_server, artifacts, f"district-report-{width}", viewport={"width": width, "height": 900}
    )
    page = j.page
    j.login("reviewer")
    j.check("home")

    # A record of the district itself, through the ledger's own form.
    j.visit("/ledger/warning-education/new/", "own-record-form")
    options = page.locator("#id_township option").all_inner_texts()
    assert [o for o in options if o.strip() and o != "请选择"] == ["云岭区（区本级）"]
    page.select_option("#id_township", str(c.district.pk))
    page.fill("#id_held_on", f"{YEAR}-09-15")
    page.select_option("#id_form", WarningForm.MEETING)
    page.fill("#id_topic", "区本级警示教育大会")
    page.fill("#id_participants", "120")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/new/" not in url)
    j.check("own-record")
    assert WarningEducation.objects.filter(township=c.district, topic="区本级警示教育大会").exists()

    # The overview: 区本级 beside the townships, 全区 = townships + 区本级.
    j.visit(f"/district/?year={YEAR}", "overview")
    own = page.locator("[data-testid=overview-own] td[data-metric='warning.sessions']").inner_text()
    total = page.locator("[data-testid=overview-total] td[data-metric='warning.sessions']").inner_text()
    assert (own.strip(), total.strip()) == ("2", "3")

    # The district's own report: start, rewrite a figure, save, approve, download.
    j.visit("/", "home-again")
    page.click("[data-testid=district-own-report]")
    page.wait_for_load_state()
    j.check("report-start")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=draft-form]")
    j.check("report-draft")
    sessions = compute(["warning.sessions"], c.district, Period.year(YEAR))["warning.sessions"].value
    assert sessions == 3
    row = page.locator("[data-testid=figures] tr", has=page.locator("a[title='warning.sessions']"))
    assert "3" in row.locator("td[data-label=台账数]").inner_text()
    row.locator("input[name^=typed-]").fill("4次")
    page.click("[data-testid=save]")
    page.wait_for_selector("text=已保存为第2版")
    row = page.locator("[data-testid=figures] tr", has=page.locator("a[title='warning.sessions']"))
    assert "与台账不一致" in row.inner_text()
    j.check("report-edited")

    page.click("[data-testid=approve-step] summary")
    page.fill("#approve-signer", "李区长")
    page.fill("#approve-comment", "同意")
    page.check("#approve-confirm")
    page.click("[data-testid=approve]")
    # The check finds the rewritten figure differing from the ledgers: the reviewer signs knowingly.
    page.wait_for_selector("[data-testid=approve-findings]")
    assert "警示" in page.inner_text("[data-testid=approve-findings]")
    j.check("report-approve-confirm")
    page.click("[data-testid=approve-confirmed]")
    page.wait_for_selector("text=第2版已审批")
    j.check("report-approved")
    report = Report.objects.get(township=c.district, year=YEAR)
    assert report.versions.get(number=2).approved

    with page.expect_download() as info:
        page.click("[data-testid=download-docx]")
    data = Path(info.value.path()).read_bytes()
    body = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "关于2025年度法治政府建设情况的报告" in body and "市委、市政府：" in body
    (artifacts / f"district-report-{width}.docx").write_bytes(data)
    assert "组织警示教育4次，参加200人次" in body, [p for p in body.splitlines() if "警示" in p]
    j.close()
