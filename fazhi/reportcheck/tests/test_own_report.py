"""A report that fazhi.reports writes from the records passes the check with no findings."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.disputes.choices import DisputeStatus
from fazhi.reportcheck import drafts
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.loader import report_from_string
from tests import factories as f

pytestmark = pytest.mark.skipif(not drafts.available(), reason="fazhi.reports is not installed")


def test_it_finds_nothing_wrong_in_fazhis_own_draft(cast):
    from fazhi.reports.services import latest_version, report_start

    for i in range(62):
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(2024, 3, 1),
            status=DisputeStatus.RESOLVED if i < 59 else DisputeStatus.REGISTERED,
            closed_on=date(2024, 4, 1) if i < 59 else None,
        )
    # Drafted in good time: a version is dated the day it is saved (or approved).
    with time_machine.travel(datetime(2025, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        report = report_start(township=cast.a, year=2024, user=cast.clerk)
        text = drafts.version_text(report, latest_version(report))
    result = analyse(report_from_string(text), township=cast.a, year=2024).to_json()
    assert result["missing_parts"] == []
    assert [r for r in result["rates"] if r["ok"] is False] == []
    assert result["enumerations"] == [] and result["approximations"] == [] and result["year_mismatches"] == []
    assert [x for x in result["figures"] if not x["ok"]] == []
    assert {x["metric"] for x in result["figures"]} >= {"disputes.accepted", "disputes.resolved"}
    assert result["copied"] == [] and result["uncovered"] == []
    assert result["date"] == "2025-02-20"
    assert result["deadline"] == {"due": "2025-03-01", "on_time": True, "days_late": 0}
