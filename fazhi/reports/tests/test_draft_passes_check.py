"""Property: whatever a township's ledgers hold for a year, the draft fazhi writes from them passes
fazhi's own check with that township's records — every figure agrees, nothing the draft leaves out by
rule is reported as 未提及, and no structural finding — for a 乡, a 镇 and a 街道, in both part orders."""

import random
from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.services import record_create
from fazhi.demo.builder import demo_modules
from fazhi.orgs.roles import Role
from fazhi.publicity.models import LawExam, PublicityActivity
from fazhi.reportcheck import drafts
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.loader import report_from_string
from fazhi.reports.models import PartOrder, ReportSettings
from fazhi.reports.services import latest_version, report_start
from tests import factories as f

YEAR = 2025
# Every ledger app's demo data (the test below checks that no app with a demo is left out).
APPS = (
    "disputes",
    "publicity",
    "decisions",
    "enforcement",
    "petitions",
    "tickets",
    "legalservice",
    "oversight",
    "duties",
)
KINDS = {"乡": ("石桥乡", "石桥"), "镇": ("青岗镇", "青岗"), "街道": ("东城街道", "东城")}


@st.composite
def townships(draw):
    return {
        "kind": draw(st.sampled_from(sorted(KINDS))),
        "order": draw(st.sampled_from([PartOrder.LEADERS_SECOND, PartOrder.LEADERS_THIRD])),
        "seed": draw(st.integers(0, 10**6)),
        # Which ledger apps hold records at all, and over how many days of the year (one day: zero or
        # one record in most ledgers; the whole year: many).
        "apps": draw(st.sets(st.sampled_from(APPS))),
        "days": draw(st.sampled_from([1, 7, 30])),
        "villages": draw(st.integers(1, 4)),
        "full_exam": draw(st.booleans()),  # 应考 = 参考 = 通过: 100%
        "crowd": draw(st.sampled_from([0, 9, 10, 999, 1000, 123456])),  # one large head count
    }


def _fill(case, cast):
    name, short = KINDS[case["kind"]]
    town = f.township(cast.district, name, short)
    for i in range(case["villages"]):
        f.village(town, f"{short}{i + 1}村" if case["kind"] != "街道" else f"{short}{i + 1}社区")
    ReportSettings.objects.create(
        township=town,
        party_committee=f"中共{name}委员会",
        government=f"{name}人民政府",
        part_order=case["order"],
    )
    clerk = f.user_with_role(f"clerk_{short}", Role.TOWNSHIP_CLERK, town)
    rng = random.Random(case["seed"])
    start = date(YEAR, 1, 1) + timedelta(days=rng.randrange(0, 366 - case["days"]))
    end = start + timedelta(days=case["days"] - 1)
    for app in APPS:
        if app in case["apps"]:
            import_module(f"fazhi.{app}.demo").build(town, clerk, rng, start, end)
    if case["full_exam"]:
        record_create(
            spec=LawExam.ledger_spec,
            user=clerk,
            data={
                "township": town,
                "name": "法治理论知识考试",
                "exam_on": date(YEAR, 11, 5),
                "organiser": "区委依法治区办",
                "required_count": 40,
                "sat_count": 40,
                "passed_count": 40,
            },
        )
    if case["crowd"]:
        from fazhi.core.models import Category

        record_create(
            spec=PublicityActivity.ledger_spec,
            user=clerk,
            data={
                "township": town,
                "held_on": date(YEAR, 6, 1),
                "title": "宪法宣传周广场活动",
                "qijin": Category.objects.for_township("qijin", town).first(),
                "form": "stall",
                "audience_count": case["crowd"],
            },
        )
    return town, clerk


# Each example fills a year of ledgers through the write services: minutes, not seconds.
@pytest.mark.timeout(1800)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(case=townships())
def test_it_passes_its_own_check_whatever_the_records(cast, case):
    with transaction.atomic():
        with time_machine.travel(datetime(YEAR + 1, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
            town, clerk = _fill(case, cast)
            report = report_start(township=town, year=YEAR, user=clerk)
            text = drafts.version_text(report, latest_version(report))
            result = analyse(report_from_string(text), township=town, year=YEAR).to_json()
        transaction.set_rollback(True)
    wrong = [x for x in result["figures"] if not x["ok"]]
    assert wrong == [], text
    assert result["uncovered"] == [], text
    assert result["missing_parts"] == [] and result["year"] == YEAR
    assert [r for r in result["rates"] if r["ok"] is False] == [], text
    assert result["enumerations"] == [] and result["approximations"] == [], text
    assert result["year_mismatches"] == [] and result["copied"] == []
    assert result["deadline"]["on_time"] is True
    _assert_wording(text, case["kind"])


def _assert_wording(text: str, kind: str) -> None:
    others = {"乡", "镇", "街道"} - {kind}
    for other in others:
        assert f"我{other}" not in text and f"全{other}" not in text, text


def test_it_covers_every_ledger_app_with_demo_data():
    assert {m.__name__ for m in demo_modules()} == {f"fazhi.{app}.demo" for app in APPS}
