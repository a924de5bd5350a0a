"""检查本稿 from the draft page, and approval that shows the check's findings and asks for confirmation."""

import pytest

from conftest import login
from fazhi.reports import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _typed_wrong(cast):
    """A draft whose 受理矛盾纠纷 is typed over with a number the records do not hold."""
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    v1 = services.latest_version(report)
    slot = next(fid for fid, fig in v1.body["figures"].items() if fig["metric"] == "disputes.accepted")
    services.draft_save(
        report=report, user=cast.clerk, base_number=1, headings={}, texts={}, typed={slot: "99件次"}
    )
    return report


def test_the_draft_page_offers_the_check_of_this_version(cast, client, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    login(client, cast.clerk)
    page = client.get(f"/reports/{cast.a.pk}/{YEAR}/").content.decode()
    # A POST: it queues the check in the background worker (fazhi.reportcheck shows its progress).
    assert f'action="/report-check/draft/{report.pk}/"' in page and "检查本稿" in page
    assert '<input type="hidden" name="version" value="1">' in page


def test_approval_shows_the_findings_and_waits_for_confirmation(cast, client, data):
    report = _typed_wrong(cast)
    login(client, cast.leader)
    url = f"/reports/{cast.a.pk}/{YEAR}/approve/"
    page = client.post(
        url, {"version": 2, "dated_on": "2026-02-20", "signer": "李明", "confirm": "1"}
    ).content.decode()
    assert "报告写99件次" in page and "确认审批" in page
    assert not services.latest_version(report).approved
    client.post(
        url, {"version": 2, "dated_on": "2026-02-20", "signer": "李明", "confirm": "1", "confirmed": "1"}
    )
    assert services.latest_version(report).approved
