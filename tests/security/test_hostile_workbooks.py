"""High 1+2: a hostile workbook is refused before parsing, or kills only the memory-limited parser child."""

import pytest

from fazhi.core import ledgers
from fazhi.imports import sandbox
from fazhi.imports.importer import import_workbook
from fazhi.imports.models import ImportJob, JobStatus
from fazhi.imports.reader import FileRefused, read_book
from fazhi.imports.services import import_job_create
from fazhi.imports.tests.helpers import workbook

from . import bombs


def test_it_refuses_a_header_and_one_cell_at_xfd1048576(cast):
    with pytest.raises(FileRefused, match="行数超过上限"):
        read_book(bombs.far_cell(), "bomb.xlsx")


def test_it_refuses_a_cell_far_to_the_right():
    content = bombs.xlsx(bombs.HEADER_ROW + b'<row r="2"><c r="XFD2"><v>1</v></c></row>')
    with pytest.raises(FileRefused, match="列数超过上限"):
        read_book(content, "wide.xlsx")


def test_it_refuses_shared_strings_that_unpack_to_a_gigabyte():
    content = bombs.string_bomb(1024)
    assert len(content) < 2 * 1024 * 1024
    with pytest.raises(FileRefused, match="解压后过大"):
        read_book(content, "strings.xlsx")


def test_it_refuses_1048576_rows():
    with pytest.raises(FileRefused, match="最多100000行"):
        read_book(bombs.many_rows(), "rows.xlsx")


def test_a_bomb_past_the_checks_kills_only_the_parser_child():
    # No zip check here: the parse itself meets the memory ceiling, and the caller gets a refusal.
    with pytest.raises(FileRefused, match="超出内存上限"):
        sandbox.parse_isolated(bombs.far_cell(), "bomb.xlsx", memory_mb=1024, timeout=60, max_rows=10**7)


def test_an_ordinary_workbook_still_reads_through_the_child():
    book = read_book(workbook({"矛盾纠纷": [["编号", "纠纷概要"], ["1", "排水沟堵塞"]]}), "ok.xlsx")
    assert book.sheets[0].rows[1] == ["1", "排水沟堵塞"]


def test_the_import_job_of_a_bomb_ends_failed_with_a_chinese_message(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            township=cast.a,
            ledger="disputes",
            user=cast.clerk,
            filename="bomb.xlsx",
            content=bombs.far_cell(),
            dry_run=True,
        )
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED
    assert "行数超过上限" in job.result["errors"][0]["message"]


def test_it_keeps_only_the_first_errors_and_counts_the_rest(cast, settings):
    settings.FAZHI_IMPORT_MAX_ERRORS = 5
    head = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要"]
    rows = [[str(i), "青山", "不是日期", "群众申请", "村", "邻里", f"第{i}起"] for i in range(1, 13)]
    content = workbook({"矛盾纠纷": [head, *rows], "当事人": [["编号", "身份", "姓名/名称"]]})
    result = import_workbook(
        spec=ledgers.get("disputes"), township=cast.a, user=cast.clerk, content=content, filename="x.xlsx"
    )
    assert len(result.errors) == 5
    assert result.errors.total >= 12
    assert f"发现{result.errors.total}处错误（仅列出前5处）" in result.summary()
