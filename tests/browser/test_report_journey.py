"""The township leader opens last year's draft, edits a paragraph, approves it, downloads the DOCX and
submits it; the district reviewer then sees the submission."""

import io
from datetime import date
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from docx import Document

from fazhi.disputes.choices import DisputeStatus
from fazhi.reports.models import Report, SubmissionStatus
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2025


def _login(page, live_server, username, otp_device=None):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    if otp_device is not None:  # district users pass a second factor
        page.wait_for_url(f"{live_server.url}/account/otp/verify/")
        key = otp_device.bin_key
        code = TOTP(key, otp_device.step, otp_device.t0, otp_device.digits).token()
        page.fill("#id_token", f"{code:06d}")
        page.click("main button")
    page.wait_for_url(f"{live_server.url}/")


def test_it_drafts_approves_downloads_and_submits_the_report(cast, live_server, page, artifacts):
    for i in range(4):
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(YEAR, 3 + i, 1),
            status=DisputeStatus.RESOLVED if i < 3 else DisputeStatus.HANDLING,
            closed_on=date(YEAR, 10, 1) if i < 3 else None,
        )
    _login(page, live_server, "leader")
    page.click("text=年度报告")
    page.fill(f"#year-{cast.a.pk}", str(YEAR))
    page.click("text=打开/生成初稿")
    page.wait_for_selector("[data-testid=draft-form]")
    page.screenshot(path=artifacts / "report-01-draft.png", full_page=True)

    area = page.locator("textarea[data-key=disputes]")
    text = area.input_value()
    assert "化解率75%" not in text and "{f" in text
    area.fill("坚持抓早抓小，" + text)
    page.click("[data-testid=save]")
    page.wait_for_selector("text=已保存为第2版")

    page.click("[data-testid=approve-step] summary")
    page.fill("#approve-comment", "同意")
    page.check("#approve-confirm")
    page.click("[data-testid=approve]")
    # The check runs in the worker; its findings and the confirmation follow (the page polls).
    page.wait_for_selector("[data-testid=approve-confirmed]")
    page.click("[data-testid=approve-confirmed]")
    page.wait_for_selector("text=第2版已审批")
    page.screenshot(path=artifacts / "report-02-approved.png", full_page=True)

    with page.expect_download() as info:
        page.click("[data-testid=download-docx]")
    data = Path(info.value.path()).read_bytes()
    doc = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "坚持抓早抓小，" in body and "化解率75%" in body
    (artifacts / "report-journey.docx").write_bytes(data)

    page.click("[data-testid=view-html]")
    link = page.locator("a.fig[data-metric='disputes.accepted']")
    assert link.inner_text() == "4件次"
    page.screenshot(path=artifacts / "report-03-html-view.png", full_page=True)
    link.click()
    page.wait_for_load_state()
    assert "/figures/" in page.url  # an approved version opens the records frozen at approval
    page.go_back()
    page.click("text=返回草稿")

    page.click("[data-testid=submit-step] summary")
    page.check("#submit-confirm")
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=报告已报送区委依法治区办")
    report = Report.objects.get(township=cast.a, year=YEAR)
    assert report.submissions.get().status == SubmissionStatus.SUBMITTED
    page.screenshot(path=artifacts / "report-04-submitted.png", full_page=True)

    page.click("text=退出")
    device = TOTPDevice.objects.create(user=cast.reviewer, name="手机", confirmed=True)
    _login(page, live_server, "reviewer", otp_device=device)
    page.click("text=年度报告")
    table = page.locator("[data-testid=submissions]")
    assert "青山镇" in table.inner_text() and str(YEAR) in table.inner_text()
    page.screenshot(path=artifacts / "report-05-reviewer.png", full_page=True)
    table.locator("a", has_text="青山镇").click()
    page.wait_for_selector("[data-testid=report]")
    assert "区级只读" in page.content()
    page.screenshot(path=artifacts / "report-06-reviewer-view.png", full_page=True)
