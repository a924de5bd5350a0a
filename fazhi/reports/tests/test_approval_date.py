"""The 成文日期 and 签发人 are chosen at approval: a report on an earlier year approved today can be dated
when it was signed, and a report sent up always names its 签发人."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.reports import outputs, services

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(NOW, tick=False)
def test_the_leader_dates_and_signs_the_report_at_approval(cast, client):
    report = services.report_start(township=cast.a, year=2025, user=cast.clerk)
    login(client, cast.leader)
    page = client.get(f"/reports/{cast.a.pk}/2025/").content.decode()
    assert 'name="dated_on" value="2026-12-01"' in page and 'name="signer"' in page
    client.post(
        f"/reports/{cast.a.pk}/2025/approve/",
        # Confirmed past the check (tests/test_approve_check.py follows it).
        {"version": 1, "dated_on": "2026-02-26", "signer": "李明", "confirm": "1", "confirmed": "1"},
    )
    version = services.latest_version(report)
    assert version.approved and version.dated_on == date(2026, 2, 26) and version.signer == "李明"
    text = outputs.to_text(outputs.document_for(report, version, services.settings_for(cast.a)))
    assert "2026年2月26日" in text and "签发人：李明" in text and "2026年12月1日" not in text


@time_machine.travel(NOW, tick=False)
def test_approval_defaults_to_today_and_the_approving_leader(cast):
    report = services.report_start(township=cast.a, year=2025, user=cast.clerk)
    version = services.version_approve(version=services.latest_version(report), user=cast.leader)
    assert version.dated_on == date(2026, 12, 1) and version.signer == cast.leader.display_name


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("dated_on", "message"), [(date(2026, 12, 2), "不能晚于今天"), (date(2024, 12, 31), "不能早于")]
)
def test_it_refuses_an_impossible_date(cast, dated_on, message):
    report = services.report_start(township=cast.a, year=2025, user=cast.clerk)
    with pytest.raises(ValidationError, match=message):
        services.version_approve(version=services.latest_version(report), user=cast.leader, dated_on=dated_on)
    assert not services.latest_version(report).approved
