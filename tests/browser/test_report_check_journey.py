"""The district reviewer uploads a batch of reports (one of them not a text file, then without it):
the bad file is refused in Chinese, the others are checked in the background and shown by rule."""

from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[2] / "fazhi" / "reportcheck" / "tests" / "corpus"


def test_the_reviewer_checks_a_batch_of_reports(cast, live_server, page, artifacts, tmp_path):
    # District users pass a second factor.
    device = TOTPDevice.objects.create(user=cast.reviewer, name="手机", confirmed=True)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/account/otp/verify/")
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.fill("#id_token", f"{token:06d}")
    page.click("main button")
    page.wait_for_url(f"{live_server.url}/")

    reports = sorted(CORPUS.glob("0[0-3]_*"))
    binary = tmp_path / "扫描件.txt"
    binary.write_bytes(bytes(range(256)) * 16)
    page.goto(f"{live_server.url}/report-check/")
    page.set_input_files("#files", [*reports, binary])
    page.click("text=上传并检查")
    page.wait_for_selector("text=扫描件.txt：不是文本文件")
    page.screenshot(path=artifacts / "reportcheck-01-refused.png", full_page=True)

    page.set_input_files("#files", reports)
    page.click("text=上传并检查")
    page.wait_for_selector("text=报告检查汇总")
    page.wait_for_selector("#batch-body:not([hx-get])")  # every report checked
    rows = page.locator("#batch-body tbody tr")
    assert rows.count() == len(reports)
    assert page.locator("th", has_text="序号问题").count() == 1
    page.screenshot(path=artifacts / "reportcheck-02-batch.png", full_page=True)

    rows.first.locator("a").click()
    page.wait_for_selector("h2:text('序号')")
    assert page.locator("h2:text('比率')").count() == 1
    page.screenshot(path=artifacts / "reportcheck-03-detail.png", full_page=True)
