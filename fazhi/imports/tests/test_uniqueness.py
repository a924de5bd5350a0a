"""A value the whole table keeps unique (an 执法证号) already held elsewhere is a row error in Chinese, and
nothing is written — never the database refusing the write."""

from fazhi.core import ledgers
from fazhi.enforcement.tests.samples import make_officer
from fazhi.imports.columns import record_sheet, sheet_title
from fazhi.imports.importer import import_workbook

from .helpers import count, workbook


def _book(rows):
    spec = ledgers.get("enforcement-officers")
    sheet = record_sheet(spec)
    values = {
        "乡镇": "青山镇",
        "村/社区": "青山村",
        "姓名": "王五",
        "发证机关": "云岭区人民政府",
        "发证日期": "2023-01-10",
        "有效期至": "2028-01-09",
        "执法单位": "青山镇综合行政执法办公室",
    }
    head = [c.header for c in sheet.columns]
    lines = []
    for n, cert in enumerate(rows, 1):
        row = {**values, "编号": str(n), "执法证号": cert}
        lines.append([row.get(h, "") for h in head])
    return spec, workbook({sheet_title(spec.label): [head, *lines]})


def _run(cast, content):
    spec = ledgers.get("enforcement-officers")
    before = count(spec)
    result = import_workbook(spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx")
    return result, count(spec) - before


def test_a_number_held_by_another_township_is_a_row_error(cast):
    make_officer(cast, township=cast.b, village=cast.b1, cert_number="云岭00009999", user=cast.clerk_b)
    _, content = _book(["云岭00000001", "云岭00009999"])
    result, written = _run(cast, content)
    assert written == 0
    messages = [str(e) for e in result.errors]
    assert messages == [
        f"{sheet_title(ledgers.get('enforcement-officers').label)} 第3行 执法证号 该执法证号已登记"
    ]


def test_a_number_twice_in_the_file_is_a_row_error(cast):
    _, content = _book(["云岭00000001", "云岭00000001"])
    result, written = _run(cast, content)
    assert written == 0 and len(result.errors) >= 1
    # The 执法证号 is the ledger's natural key, so the second row reads as a repeat of the first.
    assert [str(e) for e in result.errors] == ["执法人员 第3行 与第2行内容重复"]


def test_the_own_records_number_is_no_clash(cast):
    _, content = _book(["云岭00000001", "云岭00000002"])
    result, written = _run(cast, content)
    assert result.ok and written == 2, [str(e) for e in result.errors]
    result, written = _run(cast, content)  # the same file again: matched by natural key, nothing new
    assert result.ok and written == 0, [str(e) for e in result.errors]
