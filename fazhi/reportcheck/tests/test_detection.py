"""Detection fixes: lists across paragraphs, digit items about a year, headings by meaning, rates
paired within their own clause group, synonyms for coverage."""

import pytest

from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.loader import report_from_string

HEAD = "关于2024年度法治政府建设情况的报告\n区委、区政府：\n"
TAIL = "\n中共青山镇委员会\n青山镇人民政府\n2025年2月20日\n"


def check(body: str) -> dict:
    return check_text(report_from_string(HEAD + body + TAIL)).to_json()


def problems(body: str) -> list[tuple[int, str]]:
    return [(f["line"], f["problem"]) for f in check(body)["enumerations"]]


PARTS = """一、主要举措和成效
（一）深化法治宣传
{items}
二、党政主要负责人履行推进法治建设第一责任人职责情况
　　书记带头讲法治课。
三、存在的不足和原因
　　队伍力量不足。
四、下一步工作安排
　　继续加强普法。"""


def test_a_gap_in_a_list_of_one_paragraph_per_item_is_found():
    items = "　　一是开展宪法宣传周活动。\n　　二是组织法律明白人培训。\n　　四是建设法治文化广场。"
    assert problems(PARTS.format(items=items)) == [
        (7, "“二是”之后缺少“三是”，直接出现“四是”"),
    ]


def test_a_missing_shi_at_a_paragraph_start_is_found():
    items = "　　一是开展宪法宣传周活动。\n　　二加强法律明白人培训。"
    assert problems(PARTS.format(items=items)) == [
        (6, "“一是”之后的分句以“二”开头，缺少“是”，应为“二是”"),
    ]


def test_numeral_words_and_new_sections_raise_no_alarm_across_paragraphs():
    items = (
        "　　一是开展宪法宣传周活动。\n　　二十大精神宣讲进村入户。\n　　二是落实三项制度。\n"
        "（二）推进依法决策\n　　一是落实合法性审查。\n　　二是规范重大行政决策程序。"
    )
    assert problems(PARTS.format(items=items)) == []


def test_a_numbered_item_starting_with_a_year_is_an_item():
    items = "1.2024年强化统筹部署，召开专题会议4次。\n2. 2024年深化普法，开展活动12场。\n3.推进依法决策。"
    result = check(PARTS.format(items=items))
    assert result["enumerations"] == []


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("三、存在的困难和问题", ["shortcomings"]),
        ("三、存在的问题及下一步工作打算", ["shortcomings", "plans"]),
    ],
)
def test_shortcoming_headings_by_meaning(heading, keys):
    body = PARTS.format(items="　　开展活动。").replace("三、存在的不足和原因", heading)
    if "plans" in keys:
        body = body.replace("四、下一步工作安排\n　　继续加强普法。", "")
    result = check(body)
    assert [p["key"] for p in result["parts"] if p["title"] == heading] == keys
    assert result["missing_parts"] == []


def test_parts_written_as_di_yi_bu_fen():
    body = (
        "第一部分 2024年法治政府建设主要举措和成效\n　　开展普法。\n"
        "第二部分 党政主要负责人履行第一责任人职责情况\n　　书记讲法治课。\n"
        "第三部分 存在的不足和原因\n　　力量不足。\n"
        "第五部分 2025年工作安排\n　　继续普法。"
    )
    result = check(body)
    assert [p["key"] for p in result["parts"]] == ["measures", "responsibility", "shortcomings", "plans"]
    assert [f["problem"] for f in result["enumerations"]] == ["序号“第五部分”之前缺少“第四部分”"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "受理行政复议案件3件，纠错1件，纠错率33.3%；办理热线工单17件，按时办结17件，按时办结率100%。",
            [(1, 3, True), (17, 17, True)],
        ),
        ("共受理纠纷40件次，成功调处38件，调处成功率95%。", [(38, 40, True)]),
        ("辖区共有村居12个，其中法律顾问覆盖村居12个，占比100%。", [(12, 12, True)]),
        ("辖区共有村居12个，其中法律顾问覆盖村居11个，占比95%。", [(11, 12, False)]),
    ],
)
def test_rates_are_paired_within_their_own_clause_group(sentence, expected):
    rates = check(PARTS.format(items="　　" + sentence))["rates"]
    assert [(r["numerator"], r["denominator"], r["ok"]) for r in rates] == expected


def test_study_in_other_words_counts_as_mentioning_publicity():
    body = PARTS.format(items="　　镇班子会议专题学习法律综合知识。").replace(
        "继续加强普法。", "继续抓好学习。"
    )
    body = body.replace("书记带头讲法治课。", "书记带头讲课。")
    assert "报告未提及普法和学法（§2.1）方面的工作" not in check(body)["uncovered"]
