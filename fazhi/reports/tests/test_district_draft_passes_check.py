"""The district's own draft passes fazhi's own check with the district's records (every township's
plus its own): every figure agrees, no 未提及, no structural finding — on a generated district with a
乡, a 镇 and a 街道 (one township holding nothing), in the district's default part order (leaders first)
and another."""

import random
from datetime import date, datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.disputes.choices import DisputeStatus
from fazhi.orgs.roles import Role
from fazhi.reportcheck import drafts
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.loader import report_from_string
from fazhi.reports import services
from fazhi.reports.models import PartOrder
from tests import factories as f

from .test_draft_passes_check import APPS, YEAR

pytestmark = pytest.mark.django_db

TOWNSHIPS = (("石桥乡", "石桥", "村"), ("青岗镇", "青岗", "村"), ("东城街道", "东城", "社区"))


def _district(seed: int, silent: int):
    """A district of three townships; the `silent` one has no records at all."""
    district = f.district("松林区")
    reviewer = f.user_with_role("songlin_reviewer", Role.DISTRICT_REVIEWER, district)
    rng = random.Random(seed)
    for i, (name, short, kind) in enumerate(TOWNSHIPS):
        town = f.township(district, name, short)
        for n in range(2):
            f.village(town, f"{short}{n + 1}{kind}")
        if i == silent:
            continue
        clerk = f.user_with_role(f"clerk_{short}", Role.TOWNSHIP_CLERK, town)
        for app in APPS:
            import_module(f"fazhi.{app}.demo").build(town, clerk, rng, date(YEAR, 1, 1), date(YEAR, 12, 31))
    # The district's own records (filed with the district as their organisation).
    kind = f.dispute_type(town)
    f.DisputeFactory(
        township=district,
        dispute_type=kind,
        received_on=date(YEAR, 5, 1),
        status=DisputeStatus.RESOLVED,
        closed_on=date(YEAR, 5, 9),
    )
    return district, reviewer


@pytest.mark.timeout(1800)
@pytest.mark.parametrize(
    ("seed", "silent", "order"),
    [(1, 0, None), (7, 2, PartOrder.LEADERS_THIRD)],
)
def test_the_district_draft_passes_its_own_check(seed, silent, order):
    with time_machine.travel(datetime(YEAR + 1, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        district, reviewer = _district(seed, silent)
        if order:
            services.report_settings_update(township=district, user=reviewer, data={"part_order": order})
        report = services.report_start(township=district, year=YEAR, user=reviewer)
        text = drafts.version_text(report, services.latest_version(report))
        result = analyse(report_from_string(text), township=district, year=YEAR).to_json()
    assert "全区3个乡镇（街道）" in text and "各乡镇（街道）" in text and "我区" in text
    assert "我镇" not in text and "我乡" not in text and "我街道" not in text
    assert [x for x in result["figures"] if not x["ok"]] == [], text
    assert result["figures"], "the check reads the draft's figures"
    assert result["uncovered"] == [], text
    assert result["missing_parts"] == [] and result["year"] == YEAR
    assert [r for r in result["rates"] if r["ok"] is False] == [], text
    assert result["enumerations"] == [] and result["approximations"] == [], text
    assert result["year_mismatches"] == [] and result["copied"] == []
    assert result["deadline"]["on_time"] is True
    silent_name = TOWNSHIPS[silent][0]
    assert f"{silent_name}全年" in text  # part 三 names the township that recorded nothing
