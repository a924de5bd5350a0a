"""`fazhi import`: exit code 0 when written, non-zero with the same errors when not."""

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import ledgers
from tests.factories import valid_id

from .helpers import count, workbook

HEAD = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要"]


def _file(tmp_path, date="2023-05-06"):
    path = tmp_path / "纠纷.xlsx"
    path.write_bytes(
        workbook(
            {
                "矛盾纠纷": [HEAD, ["1", "青山", date, "群众申请", "村", "邻里", "排水沟"]],
                "当事人": [
                    ["编号", "身份", "姓名/名称", "身份证号"],
                    ["1", "申请人", "张三", valid_id(seq=2)],
                ],
            }
        )
    )
    return path


def test_it_imports_from_the_command_line(cast, tmp_path, capsys):
    spec = ledgers.get("disputes")
    call_command("import", str(_file(tmp_path)), township="青山", ledger="disputes", user=cast.clerk.username)
    assert count(spec) == 2
    assert "导入完成" in capsys.readouterr().out
    call_command("import", str(_file(tmp_path)), township=cast.a.code, ledger="disputes")
    assert count(spec) == 2  # the same rows again create nothing


def test_it_checks_only_on_dry_run(cast, tmp_path, capsys):
    call_command("import", str(_file(tmp_path)), "--dry-run", township="青山镇", ledger="disputes")
    assert count(ledgers.get("disputes")) == 0
    assert "校验通过" in capsys.readouterr().out


def test_it_exits_non_zero_with_the_errors(cast, tmp_path, capsys):
    with pytest.raises(CommandError, match="未导入任何记录"):
        call_command("import", str(_file(tmp_path, "2023-02-30")), township="青山镇", ledger="disputes")
    assert "矛盾纠纷 第2行 受理日期" in capsys.readouterr().err
    assert count(ledgers.get("disputes")) == 0


def test_it_exits_non_zero_for_unknown_ledger_or_township(cast, tmp_path):
    with pytest.raises(CommandError, match="没有台账"):
        call_command("import", str(_file(tmp_path)), township="青山镇", ledger="nope")
    with pytest.raises(CommandError, match="没有乡镇"):
        call_command("import", str(_file(tmp_path)), township="无此镇", ledger="disputes")
