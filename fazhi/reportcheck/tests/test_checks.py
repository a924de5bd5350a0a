"""Tests of the report check on whole reports, on single sentences, and on rounding (hypothesis)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fazhi.reportcheck.checks import check_text, expected_percent, format_text
from fazhi.reportcheck.loader import load_report, report_from_string
from fazhi.reportcheck.tests.docx_builder import build_docx

FIXTURES = Path(__file__).parent / "fixtures"

SCHEMA_KEYS = {
    "year",
    "year_source",
    "publication",
    "date",
    "deadline",
    "parts",
    "missing_parts",
    "rates",
    "enumerations",
    "figures",
    "uncovered",
    "header",
    "approximations",
    "year_mismatches",
    "copied",
}


def check(name: str) -> dict:
    return check_text(load_report(FIXTURES / name)).to_json()


def check_string(text: str) -> dict:
    return check_text(report_from_string(text)).to_json()


def parts(result: dict) -> list[tuple[str, int]]:
    return [(p["key"], p["line"]) for p in result["parts"]]


def header_lines(result: dict) -> dict[str, list[int]]:
    return {k: v["lines"] for k, v in result["header"].items()}


# --- whole reports -------------------------------------------------------------------------------


def test_it_finds_nothing_wrong_in_a_clean_report():
    result = check("qingshan_2024_clean.txt")
    assert set(result) == SCHEMA_KEYS
    assert result["year"] == 2024
    assert result["date"] == "2025-02-20"
    assert result["deadline"] == {"due": "2025-03-01", "on_time": True, "days_late": 0}
    assert parts(result) == [("measures", 10), ("responsibility", 34), ("shortcomings", 40), ("plans", 45)]
    assert result["parts"][3]["title"] == "四、2025年推进法治政府建设的主要安排"
    for key in (
        "missing_parts",
        "rates",
        "enumerations",
        "figures",
        "uncovered",
        "approximations",
        "year_mismatches",
        "copied",
    ):
        assert result[key] == [], key
    assert header_lines(result) == {
        "issuing_organs": [1, 2],
        "doc_number": [4],
        "title": [6],
        "addressee": [8],
        "signature_organs": [56, 57],
        "date": [58],
        "cc": [66],
        "publication": [],  # not a web copy
    }
    assert all(item["present"] for key, item in result["header"].items() if key != "publication")


def test_it_reads_the_same_report_from_word_with_automatic_numbering(tmp_path):
    lines = (FIXTURES / "qingshan_2024_clean.txt").read_text(encoding="utf-8").splitlines()
    path = build_docx(lines, tmp_path / "青山镇.docx")
    assert check_text(load_report(path)).to_json() == check("qingshan_2024_clean.txt")


def test_it_checks_a_report_with_the_leaders_part_second_and_nested_numbering():
    result = check("baishi_2024_leaders_second.md")
    assert result["year"] == 2024
    assert result["date"] == "2025-02-26"  # 二〇二五年二月二十六日
    assert result["deadline"] == {"due": "2025-03-01", "on_time": True, "days_late": 0}
    assert parts(result) == [
        ("measures", 10),
        ("responsibility", 54),
        ("shortcomings", 66),
        ("plans", 70),
        ("other", 80),
    ]
    assert [p["title"] for p in result["parts"]][:2] == [
        "一、主要工作及成效",
        "二、党政主要负责人第一责任人职责履行情况",
    ]
    assert result["missing_parts"] == []
    assert result["enumerations"] == []
    assert result["approximations"] == []
    assert result["year_mismatches"] == []
    assert result["header"]["title"]["texts"] == ["关于2024年度法治政府建设情况的报告"]
    assert result["header"]["date"]["texts"] == ["二〇二五年二月二十六日"]
    assert [
        (r["line"], r["numerator"], r["denominator"], r["stated_percent"], r["ok"]) for r in result["rates"]
    ] == [
        (18, 118, 120, 98.3, True),
        (18, 112, 118, 94.9, True),  # 通过率 over the 参考 count stated before
        (22, None, None, 100, None),
        (32, 3, 3, 100, True),
        (38, 59, 62, 95.2, True),
        (38, 199, 200, 99.5, True),
        (42, 12, 12, 100, True),  # 十二件 in Chinese numerals
        (42, None, None, 98, None),
    ]
    assert result["rates"][4] == {
        "line": 38,
        "text": "全镇共受理矛盾纠纷62件次，成功化解59件，化解率95.2%",
        "numerator": 59,
        "denominator": 62,
        "stated_percent": 95.2,
        "computed_percent": 95.2,
        "ok": True,
    }


def test_it_checks_a_web_copy_with_spaces_lost_brackets_broken_lines_and_traditional_characters():
    result = check("shiqiao_2023_web_copy.txt")
    assert result["year"] == 2023
    assert result["date"] == "2024-02-28"
    assert result["deadline"] == {"due": "2024-03-01", "on_time": True, "days_late": 0}
    assert parts(result) == [("measures", 10), ("responsibility", 31), ("shortcomings", 35), ("plans", 39)]
    # Titles are quoted as published, traditional characters and stray spaces included.
    assert result["parts"][1]["title"] == "二、2023年黨政主要負責人履行推進法治建設第一責任人職責情況"
    assert result["parts"][2]["title"] == "三 、2023年推進法治政府建設存在的不足和原因"
    # "一)…四)" are subsections whose opening bracket was lost: in order, no finding, no extra part.
    assert result["enumerations"] == []
    assert result["approximations"] == []
    assert result["year_mismatches"] == []
    assert result["rates"] == [
        {
            "line": 13,
            "text": "应考 86 人，实际参考 86 人，参考率 100％",
            "numerator": 86,
            "denominator": 86,
            "stated_percent": 100,
            "computed_percent": 100,
            "ok": True,
        },
        {
            "line": 23,
            "text": "全年共受理矛盾纠纷 48 件，成功化解 46 件，化解率 95.8％",
            "numerator": 46,
            "denominator": 48,
            "stated_percent": 95.8,
            "computed_percent": 95.8,
            "ok": True,
        },
        {
            "line": 24,
            "text": "受理信访事项 25 件，按期办结24 件，按期办结率 96％",
            "numerator": 24,
            "denominator": 25,
            "stated_percent": 96,
            "computed_percent": 96,
            "ok": True,
        },
    ]
    assert header_lines(result)["title"] == [1]
    assert header_lines(result)["signature_organs"] == [44, 46]
    assert header_lines(result)["date"] == [47]


def test_it_reports_every_slip_in_a_careless_report():
    result = check("liuxi_2024_slips.txt")
    assert result["year"] == 2024
    assert result["date"] == "2025-03-15"
    assert result["deadline"] == {"due": "2025-03-01", "on_time": False, "days_late": 14}
    assert parts(result) == [("measures", 10), ("responsibility", 30), ("plans", 35)]
    assert result["missing_parts"] == ["shortcomings"]
    assert result["year_mismatches"] == [
        {
            "line": 10,
            "text": "一、2023年推进法治政府建设的主要举措和成效",
            "problem": "报告年度为2024年，此部分写本年度的情况，应为2024年，实写2023年",
        }
    ]
    assert result["approximations"] == [
        {"line": 12, "text": "4余次", "problem": "“余”不用于10以下的数，应写确数（4）"},
        {"line": 12, "text": "63余人", "problem": "“余”前的数应取整到十位，如“60余”"},
        {"line": 21, "text": "1230余个", "problem": "“余”前的数应取整到百位，如“1200余”"},
    ]
    assert result["enumerations"] == [
        {"line": 12, "text": "二加强干部培训", "problem": "“一是”之后的分句以“二”开头，缺少“是”，应为“二是”"},
        {"line": 14, "text": "（三）深化普法宣传", "problem": "序号“（三）”之前缺少“（二）”"},
        {"line": 15, "text": "三是推进“法律明白人”培养", "problem": "“一是”之后缺少“二是”，直接出现“三是”"},
        {"line": 18, "text": "二是开展矛盾纠纷排查", "problem": "“二是”重复"},
    ]
    assert [
        (r["numerator"], r["denominator"], r["stated_percent"], r["computed_percent"], r["ok"])
        for r in result["rates"]
    ] == [
        (72, 80, 95, 90, False),
        (199, 200, 100, 99, False),  # 99.5% rounds to 100%, but 100% is written only when exact
        (None, None, 98, None, None),
    ]
    assert {r["line"] for r in result["rates"]} == {18}


def test_it_checks_a_gbk_report_with_the_leaders_part_third_and_varied_headings():
    result = check("qinghe_2022_gbk.txt")
    assert result["year"] == 2022  # from 关于二〇二二年度…的报告
    assert result["deadline"] == {"due": "2023-03-01", "on_time": True, "days_late": 0}
    assert parts(result) == [("measures", 8), ("shortcomings", 33), ("responsibility", 39), ("plans", 44)]
    assert result["missing_parts"] == []
    assert result["enumerations"] == [{"line": 16, "text": "2、打造法治文化阵地", "problem": "序号“2、”重复"}]
    assert result["approximations"] == []
    assert [(r["line"], r["numerator"], r["denominator"], r["ok"]) for r in result["rates"]] == [
        (12, 95, 95, True),
        (12, 93, 95, True),
        (23, None, None, None),
        (25, 2, 2, True),
        (27, 150, 153, True),
        (28, 35, 36, True),
        (31, None, None, None),
    ]


def test_it_renders_findings_in_chinese_with_line_numbers_and_quotes():
    result = check_text(load_report(FIXTURES / "liuxi_2024_slips.txt"))
    text = format_text(result)
    assert "报告年度：2024年" in text
    assert "报告日期：2025年3月15日；报送截止：2025年3月1日，逾期14天" in text
    assert "缺少：存在的不足和原因" in text
    assert "第12行“4余次”：“余”不用于10以下的数，应写确数（4）" in text
    assert "第18行“全年共受理矛盾纠纷80件，成功化解72件，化解率95%”：72/80，应为90%，写作95%，不相符" in text
    assert "第18行“群众满意率98%”：未写明分子分母，无法核对" in text
    assert "第14行“（三）深化普法宣传”：序号“（三）”之前缺少“（二）”" in text


# --- structure -----------------------------------------------------------------------------------


def test_it_does_not_take_a_subsection_for_a_part():
    result = check_string(
        "关于2024年度法治政府建设情况的报告\n"
        "一、主要举措和成效\n（一）规范执法\n执法工作有序开展。\n（二）化解纠纷\n纠纷化解及时。\n"
        "（三）存在问题的整改\n巡察反馈问题已全部整改。\n"
        "二、第一责任人职责履行情况\n书记镇长认真履职。\n"
        "三、下一步工作打算\n继续努力。\n"
    )
    assert parts(result) == [("measures", 2), ("responsibility", 9), ("plans", 11)]
    assert result["missing_parts"] == ["shortcomings"]


def test_it_recognises_unnumbered_headings_and_other_numbering_styles():
    result = check_string(
        "关于2024年度法治政府建设情况的报告\n"
        "主要做法和成效\n我镇扎实推进依法行政。\n"
        "党政主要负责人履行推进法治建设第一责任人职责情况\n书记镇长亲自部署。\n"
        "存在问题及原因\n执法力量薄弱。\n"
        "2025年工作计划\n继续推进。\n"
    )
    assert parts(result) == [("measures", 2), ("responsibility", 4), ("shortcomings", 6), ("plans", 8)]
    assert result["year_mismatches"] == []

    result = check_string("一)工作开展情况\n二)存在的不足\n三)主要负责人履职情况\n四)下一年度工作思路\n")
    assert [p["key"] for p in result["parts"]] == ["measures", "shortcomings", "responsibility", "plans"]


def test_it_flags_a_plans_heading_that_repeats_the_report_year():
    result = check_string(
        "关于2025年度法治政府建设情况的报告\n一、2025年主要举措和成效\n二、2025年存在的不足和原因\n"
        "三、2025年党政主要负责人履职情况\n四、2025年推进法治政府建设的主要安排\n五、2026年其他需要报告的情况\n"
    )
    assert [(f["line"], f["problem"]) for f in result["year_mismatches"]] == [
        (5, "报告年度为2025年，此部分写下一年度的安排，应为2026年，实写2025年"),
        (6, "报告年度为2025年，此部分写本年度的情况，应为2025年，实写2026年"),
    ]


def test_it_takes_the_year_from_headings_without_a_title_and_leaves_the_deadline_open_without_a_date():
    result = check_string("一、2024年推进法治政府建设的主要举措和成效\n正文。\n")
    assert result["year"] == 2024
    assert result["date"] is None
    assert result["deadline"] == {"due": "2025-03-01", "on_time": None, "days_late": None}


def test_it_uses_a_date_after_the_body_when_there_is_no_date_line():
    result = check_string(
        "关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n青山镇人民政府 2025年3月3日\n"
    )
    assert result["date"] == "2025-03-03"
    assert result["deadline"] == {"due": "2025-03-01", "on_time": False, "days_late": 2}


# --- approximations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("组织培训4余次", "“余”不用于10以下的数，应写确数（4）"),
        ("组织培训四余次", "“余”不用于10以下的数，应写确数（4）"),
        ("参加63余人", "“余”前的数应取整到十位，如“60余”"),
        ("发放资料1230余份", "“余”前的数应取整到百位，如“1200余”"),
        ("发放资料255余份", "“余”前的数应取整到十位，如“250余”"),
        ("发放资料250余份", None),  # 283 → "280余": tens below 1,000 (domain.md §4)
        ("开展活动10余场", None),
        ("参加60余人", None),
        ("发放资料1200余份", None),
        ("受众三十余人", None),
        ("挽回损失80余万元", None),
        ("接待百余人次", None),
        ("其余事项", None),
    ],
)
def test_it_knows_the_convention_for_approximate_figures(phrase, problem):
    found = check_string(f"一、主要举措和成效\n今年{phrase}。\n")["approximations"]
    assert [f["problem"] for f in found] == ([problem] if problem else [])


# --- enumerations --------------------------------------------------------------------------------


def enumerations(paragraph: str) -> list[str]:
    return [f["problem"] for f in check_string(f"一、主要举措和成效\n{paragraph}\n")["enumerations"]]


def test_it_raises_no_false_alarm_on_words_that_start_with_a_numeral():
    assert (
        enumerations(
            "一是学习党的二十大精神；二十大报告提出明确要求；三项制度全面落实；二是推行一村一法律顾问，"
            "四议两公开、三会一课、一站式服务、五星支部、七五普法、八五普法全面推进；两个维护坚决做到；"
            "三是群众说：“一是要懂法，二要守法。”四是完善制度。"
        )
        == []
    )


@pytest.mark.parametrize(
    ("paragraph", "problems"),
    [
        ("一是加强学习；二加强培训；三是强化考核。", ["“一是”之后的分句以“二”开头，缺少“是”，应为“二是”"]),
        ("一是加强学习；三是强化考核。", ["“一是”之后缺少“二是”，直接出现“三是”"]),
        ("一是加强学习；二是加强培训；二是强化考核。", ["“二是”重复"]),
        (
            "一是加强学习；三是强化考核；二是加强培训。",
            ["“一是”之后缺少“二是”，直接出现“三是”", "“二是”出现在“三是”之后，顺序颠倒"],
        ),
        ("一是加强学习，二是加强培训，三是强化考核。", []),
        ("二是加强培训；三是强化考核。", []),
    ],
)
def test_it_finds_broken_shi_enumerations_within_a_paragraph(paragraph, problems):
    assert enumerations(paragraph) == problems


def test_it_checks_heading_numbers_at_every_level_restarting_under_each_parent():
    result = check_string(
        "一、主要举措和成效\n(一)普法\n1.学法\n2、用法\n2、守法\n（三）执法\n1.规范\n3.公正\n"
        "二、第一责任人职责履行情况\n（一）部署\n（一）推动\n四、主要安排\n"
    )
    assert [(f["line"], f["problem"]) for f in result["enumerations"]] == [
        (5, "序号“2、”重复"),
        (6, "序号“（三）”之前缺少“（二）”"),
        (8, "序号“3.”之前缺少“2.”"),
        (11, "序号“（一）”重复"),
        (12, "序号“四、”之前缺少“三、”"),
    ]


# --- rates ---------------------------------------------------------------------------------------


def rates(sentence: str) -> list[tuple]:
    found = check_string(f"一、主要举措和成效\n{sentence}\n")["rates"]
    return [
        (r["numerator"], r["denominator"], r["stated_percent"], r["computed_percent"], r["ok"]) for r in found
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("共受理矛盾纠纷62件次，成功化解59件，化解率95%。", [(59, 62, 95, 95, True)]),
        (
            "应考人数120人，实际参考118人，参考率98.3%，通过112人，通过率94.9%。",
            [(118, 120, 98.3, 98.3, True), (112, 118, 94.9, 94.9, True)],
        ),
        ("行政诉讼案件开庭3次，行政机关负责人出庭应诉3次，出庭应诉率100%。", [(3, 3, 100, 100, True)]),
        ("行政诉讼案件开庭三次，负责人出庭应诉两次，出庭应诉率66.7%。", [(2, 3, 66.7, 66.7, True)]),
        ("受理信访事项１２件，按时办结１２件，按时办结率１００％。", [(12, 12, 100, 100, True)]),
        ("受理信访200件，按期办结199件，按期办结率99%。", [(199, 200, 99, 99, True)]),
        ("受理矛盾纠纷400件，成功化解1件，化解率0.3%。", [(1, 400, 0.3, 0.3, True)]),
        ("受理矛盾纠纷400件，成功化解0件，化解率0%。", [(0, 400, 0, 0, True)]),
        ("受理矛盾纠纷1,200件，成功化解1,150件，化解率95.8%。", [(1150, 1200, 95.8, 95.8, True)]),
        ("群众满意率达到99%，同比增长15%。", [(None, None, 99, None, None)]),
        ("开展活动12场，发放资料3000份，知晓率90%。", [(None, None, 90, None, None)]),
    ],
)
def test_it_finds_the_parts_of_each_rate(sentence, expected):
    assert rates(sentence) == expected


@pytest.mark.parametrize(
    ("n", "d", "decimals", "expected"),
    [
        (59, 62, 0, "95"),
        (59, 62, 1, "95.2"),
        (199, 200, 0, "99"),
        (199, 200, 1, "99.5"),
        (1, 400, 0, "1"),
        (1, 400, 1, "0.3"),
        (5, 5, 0, "100"),
        (1, 8, 1, "12.5"),
    ],
)
def test_it_rounds_half_up_and_writes_100_and_0_only_when_exact(n, d, decimals, expected):
    assert expected_percent(Decimal(n), Decimal(d), decimals) == Decimal(expected)


def format_rate(n: int, d: int) -> str:
    """The drafting rule: whole percent half-up; 100%/0% only when exact, else one decimal (more if still 0/100)."""
    exact = Fraction(n * 100, d)
    decimals = 0
    while True:
        scale = 10**decimals
        rounded = Fraction(floor(exact * scale + Fraction(1, 2)), scale)
        if exact in (0, 100) or rounded not in (0, 100):
            break
        decimals += 1
    value = Decimal(rounded.numerator) / Decimal(rounded.denominator)
    return f"{value:.{decimals}f}%"


def test_the_drafting_rule_examples():
    assert format_rate(199, 200) == "99.5%"
    assert format_rate(1, 400) == "0.3%"
    assert format_rate(59, 62) == "95%"
    assert format_rate(3, 3) == "100%"


@st.composite
def parts_of_a_rate(draw):
    d = draw(st.integers(min_value=1, max_value=100000))
    n = draw(st.integers(min_value=1, max_value=d))
    return n, d


@given(parts_of_a_rate())
def test_a_correctly_rounded_rate_is_verified(nd):
    n, d = nd
    found = rates(f"受理矛盾纠纷{d}件，成功化解{n}件，化解率{format_rate(n, d)}")
    assert len(found) == 1
    numerator, denominator, _, _, ok = found[0]
    assert (numerator, denominator, ok) == (n, d, True)


@given(parts_of_a_rate(), st.integers(min_value=2, max_value=100), st.sampled_from([1, -1]))
def test_a_rate_off_by_two_points_or_more_is_flagged(nd, delta, sign):
    n, d = nd
    stated = round(n * 100 / d) + sign * delta
    assume(0 <= stated <= 100 and abs(Fraction(stated) - Fraction(n * 100, d)) >= 2)
    found = rates(f"受理矛盾纠纷{d}件，成功化解{n}件，化解率{stated}%")
    assert [(r[0], r[1], r[4]) for r in found] == [(n, d, False)]


def test_today_is_accepted_and_does_not_change_a_dated_report():
    report = load_report(FIXTURES / "qingshan_2024_clean.txt")
    assert check_text(report, today=dt.date(2025, 6, 1)).to_json() == check_text(report).to_json()


def test_it_falls_back_to_bracketed_numbers_when_they_are_the_top_level():
    result = check_string(
        "关于2024年度法治政府建设情况的报告\n（一）主要举措和成效\n正文。\n（二）存在的不足和原因\n正文。\n"
        "（三）主要负责人履职情况\n正文。\n（四）2025年工作安排\n正文。\n"
    )
    assert parts(result) == [("measures", 2), ("shortcomings", 4), ("responsibility", 6), ("plans", 8)]


def test_it_copes_with_empty_and_headless_text():
    result = check_string("")
    assert result["year"] is None
    assert result["deadline"] == {"due": None, "on_time": None, "days_late": None}
    assert result["missing_parts"] == ["measures", "responsibility", "shortcomings", "plans"]
    assert not any(item["present"] for item in result["header"].values())
    assert "报告年度：未能识别" in format_text(check_text(report_from_string("")))
