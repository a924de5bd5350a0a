"""区级总览 as an .xlsx workbook: one row per township, the district's total and median."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from . import overview
from .overview import Overview

_LOW = PatternFill("solid", fgColor="F8D7DA")
_HIGH = PatternFill("solid", fgColor="D1E7DD")
_EMPTY = PatternFill("solid", fgColor="E2E3E5")


def overview_xlsx(table: Overview) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "区级总览"
    ws.append(
        [f"{table.district.name}区级总览（{table.period.label}，数据截至{table.period.as_of:%Y-%m-%d}）"]
    )
    ws["A1"].font = Font(bold=True)
    ws.append(["乡镇", *[c.heading for c in table.columns], "全年无记录的台账"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append([row.township.name, *[c.text for c in row.cells], "、".join(row.empty_ledgers)])
        for i, cell in enumerate(row.cells, start=2):
            fill = _EMPTY if cell.empty_ledger else {"low": _LOW, "high": _HIGH}.get(cell.far)
            if fill is not None:
                ws.cell(row=ws.max_row, column=i).fill = fill
    if table.own is not None:
        ws.append([overview.OWN_LABEL, *[c.text for c in table.own.cells], ""])
    ws.append(["全区", *[overview.value_text(value) for value in table.total], ""])
    ws.append(["中位数", *[_median_text(m, c) for m, c in zip(table.median, table.columns, strict=True)], ""])
    ws.column_dimensions["A"].width = 14
    for letter in "BCDEFGHIJKL":
        ws.column_dimensions[letter].width = 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _median_text(median, column) -> str:
    if median is None:
        return "—"
    if column.metric_id in ("legalservice.advisor_coverage",) or "rate" in column.metric_id:
        return f"{median:g}%"
    return f"{median:g}"
