"""The rule registry: the check, the summary columns and the result iterate it."""

from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.loader import report_from_string
from fazhi.reportcheck.result import CheckResult, Finding
from fazhi.reportcheck.rules import RULES, register_check
from fazhi.reportcheck.summary import _columns
from fazhi.reportcheck.tests.reports import qingshan_2024


def test_every_rule_has_its_result_field_and_summary_column():
    assert list(RULES) == ["rates", "enumerations", "approximations"]
    columns = dict(_columns())
    for rule in RULES.values():
        assert columns[rule.key] == rule.label
        assert rule.key in CheckResult().to_json()


def test_a_registered_rule_runs_in_the_check_and_gets_a_column():
    original = RULES["approximations"]

    @register_check("approximations", "约数问题（测试）")
    def flag_first_paragraph(context):
        para = context.paragraphs[0]
        return [Finding(para.line, para.norm[:5], "测试")]

    try:
        result = check_text(report_from_string(qingshan_2024())).to_json()
        assert [f["problem"] for f in result["approximations"]] == ["测试"]
        assert ("approximations", "约数问题（测试）") in _columns()
    finally:
        RULES["approximations"] = original
