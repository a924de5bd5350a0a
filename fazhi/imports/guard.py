"""Checks of a workbook's zip before any parser sees it: a few KB must not ask for gigabytes.

A cell at XFD1048576 makes calamine allocate the whole rectangle up to it, and a small sharedStrings
entry may inflate to gigabytes; both are refused here from the zip directory and a streamed scan of the
worksheets (a few MB of memory whatever the file), with the limits in settings.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from .reader import FileRefused

_CHUNK = 1 << 20
_TAIL = 256  # bytes kept across chunks so that a tag cut in two is still seen


@dataclass(frozen=True)
class Limits:
    """How large a workbook may be, unpacked."""

    max_rows: int = 100_000
    max_columns: int = 200
    max_entry_bytes: int = 300 * 1024 * 1024
    max_total_bytes: int = 600 * 1024 * 1024
    max_ratio: int = 200
    max_entries: int = 2000

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        return cls(
            max_rows=settings.FAZHI_IMPORT_MAX_ROWS,
            max_columns=settings.FAZHI_IMPORT_MAX_COLUMNS,
            max_entry_bytes=settings.FAZHI_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
            max_total_bytes=2 * settings.FAZHI_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
        )


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(f"文件行数超过上限（每个工作表最多{limits.max_rows}行数据），请分成多个文件导入")


def _too_many_columns(limits: Limits) -> FileRefused:
    return FileRefused(
        f"工作表的列数超过上限（最多{limits.max_columns}列），请删除表格右侧多余的列（含空白格式）后再导入"
    )


def check_xlsx(content: bytes, limits: Limits) -> frozenset[str]:
    """Refuse a zip whose entries unpack too large, or whose sheets reach too far.

    Returns the worksheet entries that may hold a formula or an error value, which the reader then
    scans for unreadable cells (the others need not be unpacked a second time)."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as z:
            infos = z.infolist()
            if len(infos) > limits.max_entries:
                raise FileRefused("文件结构异常（包含的部件过多），不是有效的Excel文件")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if (
                    info.file_size > limits.max_entry_bytes
                    or total > limits.max_total_bytes
                    or (info.file_size > _CHUNK and ratio > limits.max_ratio)
                ):
                    raise FileRefused("文件解压后过大（可能是异常压缩的文件），请检查文件或分成多个文件导入")
            return frozenset(
                info.filename
                for info in infos
                if info.filename.startswith("xl/worksheets/")
                and info.filename.endswith(".xml")
                and _scan_sheet(z, info, limits)
            )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise FileRefused("文件已损坏或不是有效的Excel文件") from exc


def _scan_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bool:
    """Stream one worksheet and stop at the first row or column beyond the limits; whether it may
    hold a formula or an error value."""
    # Title and header rows come on top of the data rows.
    row_limit = limits.max_rows + 50
    # Literal-prefixed patterns keep the scan near memchr speed on a 100,000-row sheet; a cell or row
    # written otherwise still meets the parser's memory limit.
    far_row = re.compile(rb'<row r="(\d{%d,})"[^>]*?(/?)>' % len(str(row_limit)))
    far_cell = re.compile(rb'<c r="([A-Z]{%d,})(\d+)"' % len(_letters(limits.max_columns)))
    rows_seen = 0
    formulas = False
    tail = b""
    with z.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            rows_seen += chunk.count(b"<row")
            for m in far_row.finditer(text):
                if int(m.group(1)) > row_limit and not m.group(2):  # an empty <row/> holds no cell
                    raise _too_many_rows(limits)
            for m in far_cell.finditer(text):
                if col_number(m.group(1)) > limits.max_columns:
                    raise _too_many_columns(limits)
                if int(m.group(2)) > row_limit:
                    raise _too_many_rows(limits)
            if rows_seen > row_limit:
                raise _too_many_rows(limits)
            formulas = formulas or b"<f" in text or b't="e"' in text
            tail = text[-_TAIL:]
    return formulas


def _letters(n: int) -> bytes:
    out = b""
    while n:
        n, r = divmod(n - 1, 26)
        out = bytes([65 + r]) + out
    return out
