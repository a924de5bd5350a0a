"""The report's year from the title, headings, body or date; publication lines of web copies."""

import pytest

from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.loader import report_from_string

BODY = """区委、区政府：
　　现将我镇{year}年法治政府建设工作情况报告如下。
一、主要举措和成效
　　全年开展普法活动12场。
二、党政主要负责人履行推进法治建设第一责任人职责情况
　　镇党委书记带头学法。
三、存在的不足和原因
　　队伍力量不足。
四、下一步工作安排
　　继续加强普法。
中共青山镇委员会
青山镇人民政府
{date}
"""


def check(head: str, *, year: str = "", date: str = "2025年2月20日") -> dict:
    body = (
        BODY.format(year=year, date=date)
        if year
        else BODY.replace("现将我镇{year}年", "现将我镇").format(date=date)
    )
    return check_text(report_from_string(head + "\n" + body)).to_json()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("关于2024年度法治政府建设\n工作情况的报告", 2024),
        ("中共青山镇委员会 青山镇人民政府关于2024年度法治政府建设\n工作的报告", 2024),
        ("青山镇法治政府建设年度报告（2024年度）", 2024),
        ("青山镇法治政府建设年度报告(二〇二三年度)", 2023),
    ],
)
def test_the_year_comes_from_titles_wrapped_or_bracketed(head, expected):
    result = check(head)
    assert (result["year"], result["year_source"]) == (expected, "title")
    assert result["deadline"]["due"] == f"{expected + 1}-03-01"


def test_without_a_year_in_the_title_the_body_opening_gives_it():
    result = check("青山镇法治政府建设工作情况的报告", year="2024")
    assert (result["year"], result["year_source"]) == (2024, "body")
    assert result["deadline"] == {"due": "2025-03-01", "on_time": True, "days_late": 0}


@pytest.mark.parametrize(("date", "year"), [("2025年3月5日", 2024), ("二〇二五年一月八日", 2024)])
def test_a_report_dated_january_to_march_is_about_the_year_before(date, year):
    result = check("青山镇法治政府建设工作情况的报告", date=date)
    assert (result["year"], result["year_source"]) == (year, "date")


def test_a_report_dated_later_in_the_year_gives_no_year_rather_than_a_guess():
    result = check("青山镇法治政府建设工作情况的报告", date="2025年6月5日")
    assert (result["year"], result["year_source"]) == (None, None)


@pytest.mark.parametrize(
    ("line", "date", "on_time", "late"),
    [
        ("发布时间：2025-04-11 09:30:00", "2025-04-11", False, 10),
        ("發布時間：2025-03-28", "2025-03-28", True, 0),
        ("发布日期：2025年4月1日  来源：青山镇人民政府", "2025-04-01", True, 0),
    ],
)
def test_publication_lines_are_recognised_and_judged_against_1_april(line, date, on_time, late):
    head = f"关于2024年度法治政府建设情况的报告\n{line}\n来源：青山镇人民政府\n浏览次数：128"
    result = check(head)
    assert result["header"]["addressee"]["texts"] == ["区委、区政府："]
    assert result["header"]["publication"]["texts"][0] == line
    assert result["publication"] == {
        "date": date,
        "url": "",
        "due": "2025-04-01",
        "on_time": on_time,
        "days_late": late,
        "source": "text",
        "text_date": date,
    }


def test_a_publication_line_is_never_taken_for_the_addressee():
    text = "关于2024年度法治政府建设情况的报告\n发布时间：\n" + BODY.replace("区委、区政府：\n", "").format(
        year="2024", date="2025年2月20日"
    )
    result = check_text(report_from_string(text)).to_json()
    assert result["header"]["addressee"]["present"] is False
    assert result["publication"]["date"] is None
