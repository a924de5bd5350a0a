"""What every journey checks on every page it visits: no console errors, no serious or critical
accessibility violations (axe-core from the local static folder, never a CDN), and a screenshot."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.orgs.models import User
from fazhi.orgs.twofactor import otp_required
from tests.factories import PASSWORD

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# On a phone every table is either shown as cards (cells stacked, one "label: value" line each) or keeps
# each cell at least about three characters wide (a table that scrolls sideways).
NARROW_CELLS = """() => {
  const narrow = [];
  for (const table of document.querySelectorAll('main table')) {
    if (!table.offsetParent) continue;
    for (const cell of table.querySelectorAll('td, th')) {
      if (!cell.offsetParent || !cell.textContent.trim()) continue;
      const style = getComputedStyle(cell);
      if (style.display !== 'table-cell') continue;  // a card line
      const width = cell.getBoundingClientRect().width;
      if (width < 3 * parseFloat(style.fontSize)) {
        narrow.push((table.dataset.testid || table.className) + ': ' + cell.textContent.trim().slice(0, 12)
                    + ' (' + Math.round(width) + 'px)');
      }
    }
  }
  return narrow.slice(0, 5);
}"""


class Journey:
    """One visitor's browser context, collecting console errors and checking each page visited."""

    def __init__(self, browser, live_server, artifacts, name: str, viewport=DESKTOP):
        self.context = browser.new_context(locale="zh-CN", viewport=viewport)
        self.page = self.context.new_page()
        self.base = live_server.url
        self.artifacts = artifacts
        self.name = name
        self.errors: list[str] = []
        self.violations: list[str] = []  # reported together when the journey closes
        self.shots = 0
        self.page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"{self.page.url}: {m.text}")
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))

    def login(self, username: str) -> None:
        """Sign in; administrators and district users also pass their second factor (TOTP)."""
        user = User.objects.get(username=username)
        device = None
        if otp_required(user):
            device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
        self.page.goto(f"{self.base}/login/")
        self.check("login")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        if device is not None:
            self.page.wait_for_url(f"{self.base}/account/otp/verify/")
            code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
            self.page.fill("#id_token", f"{code:06d}")
            self.page.click("main button")
        self.page.wait_for_url(f"{self.base}/")

    def visit(self, path: str, label: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        self.check(label)

    def check(self, label: str) -> None:
        """Screenshot, then axe: serious or critical violations are collected for `close`."""
        self.page.wait_for_load_state("load")
        self.shots += 1
        self.page.screenshot(
            path=self.artifacts / f"{self.name}-{self.shots:02d}-{label}.png", full_page=True
        )
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # From the app's own static files: the Content-Security-Policy allows only same-origin script.
            self.page.add_script_tag(url=f"{self.base}/static/vendor/axe-core/axe.min.js")
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            self.violations.append(f"{self.page.url}: {bad}")
        if self.page.viewport_size["width"] <= 576:
            narrow = self.page.evaluate(NARROW_CELLS)
            if narrow:
                self.violations.append(f"{self.page.url}: 表格单元格过窄 {narrow}")

    def close(self) -> None:
        assert not self.violations, "\n".join(self.violations)
        assert not self.errors, self.errors
        self.context.close()
