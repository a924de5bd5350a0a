"""An approved version's figures open the record set frozen at approval, not the live records: a record
voided after approval still shows in the approved version's list (marked 已作废)."""

import pytest

from conftest import login
from fazhi.core.services import record_void
from fazhi.reports import services

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _slot(version, metric):
    return next(fid for fid, fig in version.body["figures"].items() if fig["metric"] == metric)


def test_a_record_voided_after_approval_still_shows_in_the_approved_versions_list(cast, client, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    draft = services.latest_version(report)
    slot = _slot(draft, "publicity.books")
    login(client, cast.leader)
    view = f"/reports/{cast.a.pk}/{YEAR}/view/?v=1"
    # A draft's figure opens the live records page.
    assert "/metrics/publicity.books/records/" in client.get(view).content.decode()
    services.version_approve(version=draft, user=cast.leader)
    frozen_url = f"/reports/{cast.a.pk}/{YEAR}/v1/figures/{slot}/"
    page = client.get(view).content.decode()
    assert f'href="{frozen_url}"' in page
    download = client.get(f"/reports/{cast.a.pk}/{YEAR}/download/html/?v=1").content.decode()
    assert f'href="http://testserver{frozen_url}"' in download
    voided = data.activities[0]
    record_void(spec=voided.ledger_spec, record=voided, user=cast.clerk, reason="重复登记")
    listed = client.get(frozen_url).content.decode()
    assert voided.number in listed and "已作废" in listed
    assert "15册" in listed  # the approved text, not today's count
    live = client.get(
        f"/metrics/publicity.books/records/?org={cast.a.pk}&start=2025-01-01&end=2025-12-31&as_of=2025-12-31"
    ).content.decode()
    assert voided.number not in live


def test_a_rate_opens_both_frozen_parts_and_strangers_get_404(cast, client, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    version = services.version_approve(version=services.latest_version(report), user=cast.leader)
    slot = _slot(version, "disputes.resolution_rate")
    url = f"/reports/{cast.a.pk}/{YEAR}/v1/figures/{slot}/"
    page = login(client, cast.clerk).get(url).content.decode()
    assert "（59条）" in page and "（62条）" in page
    assert login(client, cast.clerk_b).get(url).status_code == 404
    assert login(client, cast.clerk).get(f"/reports/{cast.a.pk}/{YEAR}/v1/figures/f9999/").status_code == 404
