"""One summary row per checked report (per township), on screen and as .xlsx."""

from __future__ import annotations

import io
from collections.abc import Iterable

from .checks import PART_LABELS
from .models import ReportFile

COLUMNS = (
    ("township", "乡镇"),
    ("filename", "文件"),
    ("year", "报告年度"),
    ("date", "报告日期"),
    ("on_time", "按时报送"),
    ("missing_parts", "缺少部分"),
    ("wrong_rates", "比率计算错误"),
    ("enumerations", "序号问题"),
    ("figure_disagreements", "与台账不符"),
    ("copied", "雷同段落"),
    ("uncovered", "未提及"),
    ("filed", "已归档"),
)


def summary_row(report_file: ReportFile) -> dict:
    result = report_file.result or {}
    deadline = result.get("deadline") or {}
    if deadline.get("on_time") is True:
        on_time = "按时"
    elif deadline.get("on_time") is False:
        on_time = f"逾期{deadline.get('days_late')}天"
    else:
        on_time = "无法判断"
    return {
        "pk": report_file.pk,
        "township": report_file.township_label,
        "filename": report_file.filename,
        "year": report_file.year or result.get("year") or "",
        "date": result.get("date") or "",
        "on_time": on_time,
        "missing_parts": "、".join(PART_LABELS[k] for k in result.get("missing_parts", [])),
        "wrong_rates": sum(1 for r in result.get("rates", []) if r.get("ok") is False),
        "enumerations": len(result.get("enumerations", [])),
        "figure_disagreements": sum(1 for f in result.get("figures", []) if f.get("ok") is False),
        "copied": len(result.get("copied", [])),
        "uncovered": len(result.get("uncovered", [])),
        "filed": "是" if report_file.filed else "否",
    }


def summary_rows(files: Iterable[ReportFile]) -> list[dict]:
    return sorted((summary_row(f) for f in files), key=lambda r: (str(r["township"]), str(r["year"])))


def summary_xlsx(rows: list[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "报告检查汇总"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([label for _, label in COLUMNS])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row[key] for key, _ in COLUMNS])
    for column, width in zip("ABCDEFGHIJKL", (14, 30, 10, 12, 12, 40, 12, 10, 12, 10, 10, 8), strict=True):
        ws.column_dimensions[column].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
