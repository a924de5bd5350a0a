"""`fazhi check-report` on a file and on a folder."""

import json
import os
import subprocess
import sys
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


def _fazhi_without_database(tmp_path, *args):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
    }
    code = "import sys; from fazhi.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "check-report", *args],
        env=env,
        cwd=Path(__file__).parents[3],
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_it_checks_a_file_before_the_database_exists(tmp_path):
    done = _fazhi_without_database(tmp_path, str(FIXTURES / "liuxi_2024_slips.txt"), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deadline"]["days_late"] == 14
    refused = _fazhi_without_database(tmp_path, str(FIXTURES), "--township", "青山镇")
    assert refused.returncode == 1
    assert "请先运行 fazhi migrate" in refused.stderr and "Traceback" not in refused.stderr


def test_an_unreadable_file_is_named_with_its_reason(tmp_path):
    (tmp_path / "空.txt").write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError, match="部分文件无法读取"):
        call_command("check-report", str(tmp_path / "空.txt"), stderr=err)
    assert err.getvalue().strip() == "空.txt：文件为空"
