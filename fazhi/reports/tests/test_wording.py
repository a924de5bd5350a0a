"""The draft's words: from the kind of township (乡/镇/街道), 其中 kept when the first part is zero, and a
typed 约数 consistent with the records not marked as disagreeing."""

from datetime import date

import pytest

from fazhi.publicity.tests.samples import make_activity, qijin
from fazhi.reports import drafting, wording
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "we", "whole", "leaders"),
    [
        ("石桥乡", "我乡", "全乡", "乡党委书记、乡长"),
        ("青山镇", "我镇", "全镇", "镇党委书记、镇长"),
        ("东城街道", "我街道", "全街道", "街道党工委书记、办事处主任"),
    ],
)
def test_it_words_the_report_from_the_kind_of_township(cast, name, we, whole, leaders):
    town = f.township(cast.district, name, name[:2])
    text = "\n".join(p["text"] for s in drafting.build_body(town, 2025)["sections"] for p in s["paragraphs"])
    assert we in text and whole in text and text.count(leaders) == 1
    others = {"乡", "镇", "街道"} - {wording.township_kind(town)}
    assert not any(f"我{o}" in text or f"全{o}" in text for o in others)


def test_it_keeps_qizhong_when_the_first_part_is_zero(cast):
    # No 进学校 activity: the breakdown opens with 进村社.
    make_activity(cast, qijin=qijin(cast.a, "xiangcun"), held_on=date(2025, 5, 1))
    body = drafting.build_body(cast.a, 2025)
    text = next(p["text"] for s in body["sections"] for p in s["paragraphs"] if p["key"] == "publicity")
    shown = drafting.plain(drafting.segments(text, body["figures"]))
    assert "全年开展普法活动1场，其中进村社1场，" in shown
    assert "进学校" not in shown


@pytest.mark.parametrize(
    ("typed", "disagrees"),
    [
        ("350余次", False),
        ("353次", False),
        ("340余次", True),
        ("360次", True),
        ("4余次", True),
        ("约三百", True),
    ],
)
def test_a_typed_approximation_consistent_with_the_records_agrees(typed, disagrees):
    fig = {"value": 353, "numerator": None, "denominator": None, "text": "353次", "typed": typed}
    assert drafting.disagrees(fig) is disagrees
    assert bool(drafting.disagreements({"figures": {"f1": fig}})) is disagrees


@pytest.mark.parametrize(("typed", "disagrees"), [("95%", False), ("94.6%", False), ("94%", True)])
def test_a_typed_rate_agrees_when_the_records_round_to_it(typed, disagrees):
    fig = {"value": "94.6", "numerator": 35, "denominator": 37, "text": "95%", "typed": typed}
    assert drafting.disagrees(fig) is disagrees
