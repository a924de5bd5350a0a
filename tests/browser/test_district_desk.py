"""The district reviewer's overview and status board and the leader's 看板, with their ECharts charts
drawn (a canvas with painted pixels), at a laptop's width and a tablet's."""

from datetime import date

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.disputes.choices import DisputeStatus
from fazhi.orgs.models import User
from fazhi.orgs.twofactor import otp_required
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 768)
PAINTED = """(id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  if (!canvas) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
  return painted;
}"""


def _login(page, live_server, username):
    """Sign in; district users also pass their second factor (TOTP)."""
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True) if otp_required(user) else None
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url(f"{live_server.url}/account/otp/verify/")
        code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
        page.fill("#id_token", f"{code:06d}")
        page.click("main button")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def desk(cast):
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        for month in range(1, today.month + 1 if year == today.year else 13, 2):
            for township, village in ((cast.a, cast.a1), (cast.b, cast.b1)):
                resolved = township == cast.a or month % 3 == 0
                f.DisputeFactory(
                    township=township,
                    village=village,
                    received_on=date(year, month, 5),
                    status=DisputeStatus.RESOLVED if resolved else DisputeStatus.HANDLING,
                    closed_on=date(year, month, 20) if resolved else None,
                )
    return cast


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reviewer_sees_the_overview_and_the_status_board(desk, live_server, page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server, "reviewer")
    page.wait_for_selector("[data-testid=overview-table]")
    page.screenshot(path=artifacts / f"district-home-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/district/?year={timezone.localdate().year - 1}")
    page.wait_for_selector("#trend-chart canvas")
    assert page.evaluate(PAINTED, "trend-chart") > 1000
    assert page.locator("tr[data-township=清河镇] td.cell-low").count() >= 1  # its 化解率 lags
    page.screenshot(path=artifacts / f"district-overview-{width}.png", full_page=True)
    page.click("text=报告报送情况")
    page.wait_for_selector("[data-testid=status-table]")
    assert page.locator("[data-testid=state]").all_inner_texts() == ["未开始", "未开始"]
    page.screenshot(path=artifacts / f"district-status-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_leader_opens_a_kanban_with_charts(desk, live_server, page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server, "leader")
    page.wait_for_selector("#count-chart canvas")
    page.wait_for_selector("#rate-chart canvas")
    assert page.evaluate(PAINTED, "count-chart") > 1000
    assert page.evaluate(PAINTED, "rate-chart") > 1000
    assert "看板" in page.inner_text("h1")
    page.screenshot(path=artifacts / f"leader-kanban-{width}.png", full_page=True)
