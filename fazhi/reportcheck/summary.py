"""One summary row per checked report (per township), on screen and as .xlsx."""

from __future__ import annotations

import io
from collections.abc import Iterable

from .checks import PART_LABELS
from .models import ReportFile
from .rules import RULES


def _columns() -> tuple[tuple[str, str], ...]:
    # The text rules' columns come from their registry: a new rule adds its own column.
    return (
        ("township", "乡镇"),
        ("filename", "文件"),
        ("year", "报告年度"),
        ("date", "报告日期"),
        ("on_time", "按时报送"),
        ("published", "按时公开"),
        ("missing_parts", "缺少部分"),
        *((rule.key, rule.label) for rule in RULES.values()),
        ("figure_disagreements", "与台账不符"),
        ("copied", "雷同段落"),
        ("uncovered", "未提及"),
        ("filed", "已归档"),
    )


COLUMNS = _columns()
# Columns whose non-empty value is a problem, shown in red.
PROBLEM_KEYS = {"missing_parts", *RULES, "figure_disagreements", "copied"}


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
        "published": _published(result.get("publication") or {}),
        "missing_parts": "、".join(PART_LABELS[k] for k in result.get("missing_parts", [])),
        **{rule.key: rule.count(result) for rule in RULES.values()},
        "figure_disagreements": sum(1 for f in result.get("figures", []) if f.get("ok") is False),
        "copied": len(result.get("copied", [])),
        "uncovered": len(result.get("uncovered", [])),
        "filed": "是" if report_file.filed else "否",
    }


def _published(publication: dict) -> str:
    if publication.get("on_time") is True:
        return "按时"
    if publication.get("on_time") is False:
        return f"逾期{publication.get('days_late')}天"
    return "未知"


def cells(row: dict) -> list[tuple[str, object, bool]]:
    """(key, value, is a problem) per column, for the template."""
    return [
        (key, row[key], bool(row[key]) and (key in PROBLEM_KEYS or str(row[key]).startswith("逾期")))
        for key, _ in COLUMNS
    ]


def summary_rows(files: Iterable[ReportFile]) -> list[dict]:
    rows = sorted((summary_row(f) for f in files), key=lambda r: (str(r["township"]), str(r["year"])))
    for row in rows:
        row["cells"] = cells(row)
    return rows


def summary_xlsx(rows: list[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

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
    widths = {"township": 14, "filename": 30, "missing_parts": 40, "date": 12, "on_time": 12}
    for index, (key, _) in enumerate(COLUMNS):
        ws.column_dimensions[get_column_letter(index + 1)].width = widths.get(key, 10)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
