"""Figures against the records, approval freezes and coverage, on reports of township A for 2024."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.disputes.choices import DisputeStatus
from fazhi.legalservice.tests.samples import make_advisor
from fazhi.oversight.tests.samples import make_rectification
from fazhi.reportcheck.analysis import analyse
from fazhi.reportcheck.figures import agrees, stated_figures
from fazhi.reportcheck.loader import report_from_string
from fazhi.reportcheck.tests.reports import qingshan_2024
from tests import factories as f


def disputes(cast, accepted: int, resolved: int):
    for i in range(accepted):
        done = i < resolved
        f.DisputeFactory(
            township=cast.a,
            village=cast.a1,
            received_on=date(2024, 3, 1),
            status=DisputeStatus.RESOLVED if done else DisputeStatus.REGISTERED,
            closed_on=date(2024, 4, 1) if done else None,
        )
    # Not the year's: another year and another township.
    f.DisputeFactory(township=cast.a, village=cast.a1, received_on=date(2023, 5, 1))
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(2024, 5, 1))


def figures(text: str, township, **kwargs) -> list[tuple]:
    result = analyse(report_from_string(text), township=township, **kwargs).to_json()
    return [(x["metric"], x["stated"], x["records"], x["ok"]) for x in result["figures"]]


def test_it_finds_figures_that_agree_with_the_records(cast):
    disputes(cast, accepted=5, resolved=4)
    assert figures(qingshan_2024(), cast.a) == [
        ("disputes.accepted", "5件次", 5, True),
        ("disputes.resolved", "4件", 4, True),
        ("disputes.resolution_rate", "80%", 80, True),
    ]


def test_it_reports_a_figure_that_disagrees_with_the_records_with_both_values(cast):
    disputes(cast, accepted=5, resolved=3)
    result = analyse(report_from_string(qingshan_2024()), township=cast.a).to_json()
    wrong = [x for x in result["figures"] if x["ok"] is False]
    assert [(x["line"], x["text"], x["stated"], x["records"]) for x in wrong] == [
        (14, "成功化解4件", "4件", 3),
        (14, "化解率80%", "80%", 60),
    ]
    # The text's own arithmetic holds (4/5 = 80%): only the records show the slip.
    assert [r["ok"] for r in result["rates"]] == [True]


def test_an_approximate_figure_agrees_within_its_step(cast):
    disputes(cast, accepted=12, resolved=12)
    assert figures(qingshan_2024(accepted="10余件", resolved="12件", rate="100%"), cast.a) == [
        ("disputes.accepted", "10余件", 12, True),
        ("disputes.resolved", "12件", 12, True),
        ("disputes.resolution_rate", "100%", 100, True),
    ]
    assert figures(qingshan_2024(accepted="20余件", resolved="12件", rate="100%"), cast.a)[0][3] is False


@pytest.mark.parametrize(
    ("stated", "records", "ok"),
    [
        ("60余人次", 61, True),
        ("60余人次", 69, True),
        ("60余人次", 60, False),
        ("60余人次", 70, False),
        ("4余次", 4, None),
        ("95%", (59, 62), True),
        ("95.2%", (59, 62), True),
        ("96%", (59, 62), False),
        ("100%", (199, 200), False),
        ("99.5%", (199, 200), True),
        ("0%", (0, 0), None),
    ],
)
def test_it_judges_a_stated_figure_to_the_rounding_it_uses(stated, records, ok):
    para = report_from_string(f"受理{stated}").paragraphs[0]
    (figure,) = stated_figures(para)
    assert agrees(figure, records) is ok


def test_it_reports_records_changed_since_approval_apart_from_a_text_that_disagrees(cast):
    disputes(cast, accepted=6, resolved=4)  # one more dispute received after approval
    frozen = {
        "disputes.accepted": {"value": 5, "numerator": None, "denominator": None},
        "disputes.resolved": {"value": 4, "numerator": None, "denominator": None},
        "disputes.resolution_rate": {"value": 80, "numerator": 4, "denominator": 5},
    }
    result = analyse(
        report_from_string(qingshan_2024(resolved="3件", rate="60%")), township=cast.a, frozen=frozen
    )
    got = [
        (x["metric"], x["ok"], x["approved"], x["records"], x["changed_since_approval"])
        for x in result.figures
    ]
    assert got == [
        ("disputes.accepted", True, 5, 6, True),  # right when approved; the records moved since
        ("disputes.resolved", False, 4, 4, False),  # the text was typed over: it disagrees
        ("disputes.resolution_rate", False, 80, 67, True),
    ]


def test_it_leaves_figures_alone_without_a_township(cast):
    disputes(cast, accepted=5, resolved=3)
    assert figures(qingshan_2024(), None) == []


def test_it_does_not_compare_the_plans_nor_a_part_after_qizhong(cast):
    disputes(cast, accepted=5, resolved=4)
    text = (
        qingshan_2024()
        .replace("二是提升执法水平。", "二是提升执法水平，力争受理矛盾纠纷全部化解，成功化解100件。")
        .replace("化解率80%。", "化解率80%，其中村级成功化解2件。")
    )
    assert [x[0] for x in figures(text, cast.a)] == [
        "disputes.accepted",
        "disputes.resolved",
        "disputes.resolution_rate",
    ]


# --- coverage ------------------------------------------------------------------------------------


def test_it_lists_problems_in_the_records_that_part_three_does_not_mention(cast):
    make_rectification(cast, received_on=date(2024, 3, 1), due_on=date(2024, 6, 30))
    make_advisor(cast, contract_start=date(2024, 1, 1), contract_end=date(2024, 12, 31))  # covers A1 only
    result = analyse(report_from_string(qingshan_2024()), township=cast.a)
    problems = [u for u in result.uncovered if u.startswith("第三部分")]
    assert len(problems) == 2
    assert "2024年交办的整改事项中有1件逾期未完成（青山-整改-2024-0001）" in problems[0]
    assert problems[1].endswith("有1个村（社区）没有在聘法律顾问（红星村）")


def test_part_three_that_mentions_the_problems_leaves_nothing_uncovered(cast):
    make_rectification(cast, received_on=date(2024, 3, 1), due_on=date(2024, 6, 30))
    text = qingshan_2024(shortcomings="二是审计反馈问题整改进度偏慢，有1件逾期。三是红星村尚未聘请法律顾问。")
    assert analyse(report_from_string(text), township=cast.a).uncovered == []


def test_it_lists_ledger_areas_the_report_never_mentions(db):
    text = qingshan_2024().replace("依法办理12345热线工单", "依法办理群众诉求")
    result = analyse(report_from_string(text))
    assert result.uncovered == ["报告未提及12345热线和互联网+督查工单（§2.5）方面的工作"]


def test_it_lists_a_ledger_with_records_that_the_report_never_mentions(cast):
    make_rectification(cast, received_on=date(2024, 3, 1), due_on=date(2024, 12, 31), source="audit")
    f.DisputeFactory(township=cast.a, village=cast.a1, received_on=date(2024, 3, 1))
    text = qingshan_2024().replace("，认真抓好审计发现问题整改", "")
    uncovered = analyse(report_from_string(text), township=cast.a).uncovered
    assert "报告未提及“整改事项”，台账中2024年有1条记录" in uncovered


# --- the command ---------------------------------------------------------------------------------


def test_the_command_compares_figures_for_a_township(cast, tmp_path):
    disputes(cast, accepted=5, resolved=3)
    path = tmp_path / "青山镇.txt"
    path.write_text(qingshan_2024(), encoding="utf-8")
    out = StringIO()
    call_command("check-report", str(path), "--township", cast.a.code, stdout=out)
    assert "成功化解矛盾纠纷：报告写4件，台账为3，不相符" in out.getvalue()
    out = StringIO()
    call_command("check-report", str(path), "--township", "青山镇", "--json", stdout=out)
    assert '"ok": false' in out.getvalue()


def test_the_command_refuses_an_unknown_township(cast, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(qingshan_2024(), encoding="utf-8")
    with pytest.raises(CommandError, match="平台上没有乡镇“白马镇”"):
        call_command("check-report", str(path), "--township", "白马镇")


def test_with_the_records_an_unmentioned_area_counts_only_when_it_has_records(cast):
    from fazhi.petitions.tests.samples import make_petition

    text = qingshan_2024().replace("畅通信访渠道，", "")
    assert "报告未提及信访（§2.4）方面的工作" in analyse(report_from_string(text)).uncovered
    assert (
        "报告未提及信访（§2.4）方面的工作" not in analyse(report_from_string(text), township=cast.a).uncovered
    )
    make_petition(cast, received_on=date(2024, 5, 6))
    assert "报告未提及信访（§2.4）方面的工作" in analyse(report_from_string(text), township=cast.a).uncovered
