"""`fazhi check-report` on a file and on a folder."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def test_it_prints_one_json_object_for_a_file():
    out = StringIO()
    call_command("check-report", str(FIXTURES / "liuxi_2024_slips.txt"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["year"] == 2024
    assert result["deadline"] == {"due": "2025-03-01", "on_time": False, "days_late": 14}
    assert "shortcomings" in result["missing_parts"]


def test_it_prints_one_json_line_per_file_of_a_folder():
    out = StringIO()
    call_command("check-report", str(FIXTURES), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len([p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".md", ".docx"}])
    assert {line["file"] for line in lines} >= {"qingshan_2024_clean.txt", "qinghe_2022_gbk.txt"}


def test_it_reports_findings_in_chinese_by_default():
    out = StringIO()
    call_command("check-report", str(FIXTURES / "liuxi_2024_slips.txt"), stdout=out)
    assert "逾期14天" in out.getvalue()
    assert "缺少：存在的不足和原因" in out.getvalue()


def test_it_refuses_a_missing_path():
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("check-report", "/nonexistent/report.txt")
