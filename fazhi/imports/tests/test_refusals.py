"""Every refusal gives a clear Chinese message and writes nothing."""

from datetime import date

import pytest
from openpyxl.packaging.custom import StringProperty

from fazhi.core import ledgers
from fazhi.disputes.tests.samples import dispute
from fazhi.imports import writer
from fazhi.imports.importer import import_workbook
from tests.factories import valid_id

from .helpers import count, edit, workbook

HEAD = ["编号", "村/社区", "受理日期", "来源", "化解层级", "纠纷类型", "纠纷概要"]
PARTY_HEAD = ["编号", "身份", "姓名/名称", "身份证号", "联系电话"]


def _book(rows, parties=None):
    parties = parties if parties is not None else [["1", "申请人", "张三", valid_id(seq=3), "13812345678"]]
    return workbook({"矛盾纠纷": [HEAD, *rows], "当事人": [PARTY_HEAD, *parties]})


GOOD = ["1", "青山", "2023.5.6", "群众申请", "村", "邻里", "排水沟堵塞"]


def _run(cast, content, filename="x.xlsx", **kw):
    spec = ledgers.get("disputes")
    before = count(spec)
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename=filename, **kw
    )
    return result, count(spec) - before


def _messages(result):
    return [str(e) for e in result.errors]


def test_it_imports_a_tolerant_but_valid_sheet(cast):
    rows = [
        GOOD,
        ["2", " 红星村 ", "２０２３年５月７日", "排查发现", "村级", "邻里", "邻里纠纷"],
        ["3", "青山村", date(2023, 5, 8), "群众申请", "村", "邻里", "第三起"],
        ["4", "青山社区", "2023/5/9", "群众申请", "村", "邻里", "第四起"],
    ]
    parties = [[str(i), "申请人", "张三", valid_id(seq=i), "+86 138-1234-5678"] for i in range(1, 5)]
    parties[3][1] = "申请人"
    content = workbook({"矛盾纠纷": [HEAD, *rows[:3]], "当事人": [PARTY_HEAD, *parties[:3]]})
    result, written = _run(cast, content)
    assert result.ok, _messages(result)
    assert written == 6
    d = ledgers.get("disputes").model.objects.get(summary="邻里纠纷")
    assert (d.received_on, d.village, d.level) == (date(2023, 5, 7), cast.a2, "village")
    assert d.parties.get().phone == "13812345678"


@pytest.mark.parametrize(
    "content,filename,message",
    [
        (b"hello", "x.csv", "只能导入 .xlsx 或 .xls 格式的Excel文件"),
        (b"PK\x03\x04garbage", "x.xlsx", "文件已损坏或不是有效的Excel文件"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "x.xlsx",
            "文件已加密（设有打开密码），请取消密码后再导入",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.xls", "文件已损坏或不是有效的Excel文件"),
        (b"", "x.xlsx", "文件为空"),
    ],
)
def test_it_refuses_files_that_are_not_readable_workbooks(cast, content, filename, message):
    result, written = _run(cast, content, filename)
    assert _messages(result) == [message]
    assert written == 0


def test_it_refuses_a_sheet_without_data_rows(cast):
    result, written = _run(cast, _book([], []))
    assert "文件中没有数据行" in _messages(result)[0]
    assert written == 0


def test_it_refuses_unknown_and_missing_headers(cast):
    content = workbook(
        {"矛盾纠纷": [["编号", "村/社区", "受理时间", "纠纷概要"], ["1", "青山", "2023-5-6", "x"]]}
    )
    result, written = _run(cast, content)
    text = " ".join(_messages(result))
    assert "表头“受理时间”无法识别" in text
    assert "缺少必填列“受理日期”" in text and "缺少必填列“纠纷类型”" in text
    assert result.unknown_headers == {"矛盾纠纷": ["受理时间"]}
    assert written == 0


def test_it_uses_the_saved_column_mapping(cast):
    from fazhi.imports.services import column_mapping_save

    head = ["序号", "编号", "村/社区", "受理时间", "来源", "化解层级", "纠纷类型", "纠纷概要", "备注"]
    content = workbook(
        {
            "矛盾纠纷": [["青山镇矛盾纠纷台账"], head, [1, *GOOD[:1], "青山", "2023-5-6", *GOOD[3:], "无"]],
            "当事人": [PARTY_HEAD, ["1", "申请人", "张三", valid_id(seq=3), ""]],
        }
    )
    result, _ = _run(cast, content)
    assert result.unknown_headers == {"矛盾纠纷": ["受理时间"]}
    column_mapping_save(
        township=cast.a,
        ledger="disputes",
        sheet="矛盾纠纷",
        mapping={"受理时间": "received_on"},
        user=cast.clerk,
    )
    from fazhi.imports.services import mapping_for

    result, written = _run(cast, content, mapping=mapping_for(township=cast.a, ledger="disputes"))
    assert result.ok, _messages(result)
    assert written == 2


def test_it_reads_title_rows_and_two_level_merged_headers(cast):
    def shape(wb):
        ws = wb["矛盾纠纷"]
        ws.insert_rows(1, 2)
        ws["A1"] = "青山镇2023年矛盾纠纷排查化解台账"
        ws.merge_cells("A1:G1")
        ws.insert_rows(3)
        for col in "ABCDE":
            ws[f"{col}3"] = ws[f"{col}4"].value
            ws[f"{col}4"] = None
            ws.merge_cells(f"{col}3:{col}4")
        ws["F3"] = "纠纷情况"
        ws.merge_cells("F3:G3")

    content = edit(_book([GOOD]), shape)
    result, written = _run(cast, content)
    assert result.ok, _messages(result)
    assert written == 2


def test_it_refuses_merged_cells_in_the_data_area(cast):
    content = edit(_book([GOOD, ["2", *GOOD[1:]]]), lambda wb: wb["矛盾纠纷"].merge_cells("B2:B3"))
    result, written = _run(cast, content)
    assert any("数据区域有合并单元格" in m for m in _messages(result))
    assert written == 0


def test_it_refuses_formulas_without_a_readable_value(cast):
    def formula(wb):
        wb["矛盾纠纷"]["G2"] = "=CONCAT(A1,B1)"

    result, written = _run(cast, edit(_book([GOOD]), formula))
    assert "矛盾纠纷 第2行 纠纷概要 公式的值无法读取，请将公式转为数值后再导入" in _messages(result)
    assert written == 0


def test_it_refuses_rows_of_another_township(cast):
    rows = [GOOD, ["清河-纠纷-2023-0001", *GOOD[1:]]]
    content = workbook(
        {"矛盾纠纷": [HEAD + ["乡镇"], GOOD + ["清河镇"], rows[1] + ["青山镇"]], "当事人": [PARTY_HEAD]}
    )
    result, written = _run(cast, content)
    text = _messages(result)
    assert "矛盾纠纷 第2行 乡镇 该行属于“清河镇”，不能导入青山镇的台账" in text
    assert "矛盾纠纷 第3行 编号 编号“清河-纠纷-2023-0001”属于其他乡镇，不能导入青山镇的台账" in text
    assert written == 0


@pytest.mark.parametrize(
    "column,value,message",
    [
        (3, "500101198005170012", "身份证号"),
        (4, "12345", "联系电话"),
    ],
)
def test_it_refuses_invalid_personal_identifiers(cast, column, value, message):
    party = ["1", "申请人", "张三", valid_id(seq=3), "13812345678"]
    party[column] = value
    result, written = _run(cast, _book([GOOD], [party]))
    assert result.errors and all(
        e.sheet == "当事人" and e.row == 2 and e.column == message for e in result.errors
    )
    assert written == 0


def test_it_refuses_an_invalid_credit_code(cast):
    from fazhi.enforcement.tests.samples import SAMPLES

    spec = ledgers.get("enforcement-cases")
    SAMPLES["enforcement-cases"](cast)
    content = writer.export(spec, spec.model.objects.all(), masked=False)

    def bad(wb):
        ws = wb[spec.label]
        col = [c.value for c in ws[1]].index("统一社会信用代码") + 1
        ws.cell(row=2, column=col, value="91350100M000100Y4X")
        ws.cell(row=2, column=1, value="")
        ws.cell(row=2, column=[c.value for c in ws[1]].index("案号") + 1, value="新案号-1")

    before = count(spec)
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=edit(content, bad), filename="x.xlsx"
    )
    assert any(e.column == "统一社会信用代码" for e in result.errors), [str(e) for e in result.errors]
    assert count(spec) == before


def test_it_reports_every_error_with_row_and_column_and_writes_nothing(cast):
    rows = [GOOD, ["2", "不存在村", "2023-13-45", "群众申请", "村", "邻里", ""], ["3", *GOOD[1:]]]
    parties = [
        ["1", "申请人", "张三", "", ""],
        ["2", "申请人", "李四", "", ""],
        ["3", "申请人", "王五", "", ""],
    ]
    result, written = _run(cast, _book(rows, parties))
    text = _messages(result)
    assert "矛盾纠纷 第3行 村/社区 “不存在村”不是青山镇的村/社区" in text
    assert any(m.startswith("矛盾纠纷 第3行 受理日期") for m in text)
    assert any(m.startswith("矛盾纠纷 第3行 纠纷概要") for m in text)
    assert written == 0


def test_it_refuses_a_masked_export(cast):
    dispute(cast)
    spec = ledgers.get("disputes")
    content = writer.export(spec, spec.model.objects.all(), masked=True)
    result, written = _run(cast, content)
    assert _messages(result) == ["此文件为脱敏导出，不能导入"]
    assert written == 0


def test_it_refuses_a_masked_export_that_lost_its_property(cast):
    dispute(cast)
    spec = ledgers.get("disputes")

    def drop(wb):
        wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name != "fazhi_masked"]
        wb.custom_doc_props.append(StringProperty(name="other", value="1"))

    content = edit(writer.export(spec, spec.model.objects.all(), masked=True), drop)
    result, written = _run(cast, content)
    assert _messages(result) == ["此文件为脱敏导出，不能导入"]
    assert written == 0


def test_it_reports_conflicts_and_updates_only_when_asked(cast):
    d = dispute(cast)
    spec = ledgers.get("disputes")
    content = writer.export(spec, spec.model.objects.all(), masked=False)

    def change(wb):
        ws = wb[spec.label]
        col = [c.value for c in ws[1]].index("承办人/调解员") + 1
        ws.cell(row=2, column=col, value="新调解员")

    changed = edit(content, change)
    result, written = _run(cast, changed)
    assert result.conflicts == [{"row": 2, "number": d.number, "columns": ["承办人/调解员"]}]
    assert written == 0 and not result.written
    result, written = _run(cast, changed, on_conflict="skip")
    assert (result.skipped, written) == (1, 0)
    d.refresh_from_db()
    assert d.handler == ""
    result, written = _run(cast, changed, on_conflict="update")
    assert result.updated == 1 and written == 0
    d.refresh_from_db()
    assert (d.handler, d.version) == ("新调解员", 2)
    assert d.history.count() == 2


def test_it_writes_history_for_imported_rows(cast):
    result, _ = _run(cast, _book([GOOD]))
    d = ledgers.get("disputes").model.objects.get()
    assert d.number == "青山-纠纷-2023-0001"
    assert d.history.count() == 1 and d.parties.get().history.count() == 1
    assert d.created_by == cast.clerk


def test_it_lets_no_outsider_import(cast):
    spec = ledgers.get("disputes")
    before = count(spec)
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk_b, content=_book([GOOD]), filename="x.xlsx"
    )
    assert _messages(result) == ["您没有权限向青山镇导入矛盾纠纷"]
    assert count(spec) == before


@pytest.mark.parametrize(
    "column,value",
    [(5, "外星"), (3, "天上掉下来"), (4, "火星级"), (1, "远方村")],
    ids=["category", "choice", "level", "village"],
)
def test_a_bad_choice_cell_gives_exactly_one_error(cast, column, value):
    row = list(GOOD)
    row[column] = value
    result, written = _run(cast, _book([row]))
    errors = [e for e in result.errors if e.column == HEAD[column]]
    assert len(errors) == 1, _messages(result)
    assert len(result.errors) == 1 and written == 0


def test_a_bad_party_role_gives_exactly_one_error(cast):
    result, written = _run(cast, _book([GOOD], [["1", "路人", "张三", valid_id(seq=3), "13812345678"]]))
    assert [e.column for e in result.errors] == ["身份"], _messages(result)
    assert written == 0
