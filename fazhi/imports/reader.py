"""Reading Excel workbooks: python-calamine for values (.xlsx and .xls), the zip for what it cannot see."""

import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from io import BytesIO

import python_calamine

MASK_PROPERTY = "fazhi_masked"
MASK_NOTICE = "此文件为脱敏导出，不能导入"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ERROR_VALUES = {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:t="e"[^>]*)?>(.*?)</c>', re.S)


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in Chinese."""


@dataclass
class RawSheet:
    """The cell values of one worksheet, with its merged ranges and unreadable formula cells."""

    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    unreadable: list[tuple[int, int]] = field(default_factory=list)  # (row, col), 0-based


@dataclass
class RawBook:
    """All worksheets of a workbook, and whether it was exported masked."""

    sheets: list[RawSheet]
    masked: bool = False

    def sheet(self, name: str) -> RawSheet | None:
        return next((s for s in self.sheets if s.name.strip() == name), None)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _xlsx_extras(
    content: bytes, scan: frozenset[str] | None = None
) -> tuple[bool, dict[str, list[tuple[int, int]]]]:
    """The masked mark (custom document property) and formula cells without a readable value, per sheet.

    `scan`: the worksheet entries that may hold formulas or error values (guard.check_xlsx has looked at
    every one); None reads them all."""
    masked = False
    unreadable: dict[str, list[tuple[int, int]]] = {}
    with zipfile.ZipFile(BytesIO(content)) as z:
        names = set(z.namelist())
        if "docProps/custom.xml" in names:
            custom = z.read("docProps/custom.xml")
            masked = (
                re.search(rb'name="%s"[^>]*>\s*<vt:lpwstr>1<' % MASK_PROPERTY.encode(), custom) is not None
            )
        workbook = z.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = z.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        for name, rid in re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
            target = targets.get(rid, b"").decode()
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if (
                path not in names
                or scan is not None
                and path.startswith("xl/worksheets/")
                and path not in scan
            ):
                continue
            xml = z.read(path)
            # Fast path: most sheets have neither formulas nor error values.
            if b"<f" not in xml and b't="e"' not in xml:
                continue
            bad = []
            for m in _CELL_REF.finditer(xml):
                head = xml[m.start() : m.start(2) + 200].split(b">", 1)[0]
                body = m.group(3)
                is_error = b't="e"' in head
                has_formula = b"<f" in body
                has_value = re.search(rb"<v>[^<]+</v>", body) is not None
                if is_error or (has_formula and not has_value):
                    bad.append((int(m.group(2)) - 1, _col_index(m.group(1))))
            if bad:
                sheet_name = _unescape(name.decode())
                unreadable[sheet_name] = bad
    return masked, unreadable


# The exporter writes text that a spreadsheet would run as a formula with a leading apostrophe
# (writer.guard_formula); reading it back takes the apostrophe off, so that an export re-imports as it was.
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _unguard(rows: list[list]) -> None:
    for row in rows:
        for i, value in enumerate(row):
            if value.__class__ is str and value.startswith(_GUARDED):
                row[i] = value[1:]


def unguard(values) -> dict[str, str]:
    """{value: value without its guard apostrophe} for the guarded texts among `values`."""
    return {v: v[1:] for v in values if v.__class__ is str and v.startswith(_GUARDED)}


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _read_sheet(content: bytes, name: str) -> tuple[list[list], list]:
    """One sheet's cells and merged ranges, from a workbook object of its own (one per thread)."""
    sheet = python_calamine.CalamineWorkbook.from_filelike(BytesIO(content)).get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=False)
    try:
        merged = list(sheet.merged_cell_ranges or [])
    except Exception:  # merged ranges are not available for every format
        merged = []
    return rows, merged


def read_book(content: bytes, filename: str) -> RawBook:
    """Read every sheet of an .xlsx or .xls file within the size limits; FileRefused for anything else.

    The zip is checked before any parser sees it, and the parse itself runs in a memory-limited child
    process (settings FAZHI_IMPORT_*), so that no file can exhaust the worker's memory.
    """
    from django.conf import settings

    from . import guard, sandbox

    _check_kind(content, filename)
    limits = guard.Limits.from_settings()
    check = partial(guard.check_xlsx, content, limits) if content[:4] == b"PK\x03\x04" else None
    if not settings.FAZHI_IMPORT_ISOLATED:
        scan = check() if check is not None else None
        return parse_book(content, filename, max_rows=limits.max_rows, scan=scan)
    return sandbox.parse_isolated(
        content,
        filename,
        memory_mb=settings.FAZHI_IMPORT_MEMORY_MB,
        timeout=settings.FAZHI_IMPORT_PARSE_SECONDS,
        max_rows=limits.max_rows,
        check=check,
    )


def _check_kind(content: bytes, filename: str) -> None:
    lower = (filename or "").lower()
    if not lower.endswith((".xlsx", ".xls")):
        raise FileRefused("只能导入 .xlsx 或 .xls 格式的Excel文件")
    if not content:
        raise FileRefused("文件为空")
    is_zip = content[:4] == b"PK\x03\x04"
    is_ole = content[:8] == OLE_MAGIC
    if lower.endswith(".xlsx") and is_ole:
        # An encrypted .xlsx is an OLE container holding the encrypted package.
        raise FileRefused("文件已加密（设有打开密码），请取消密码后再导入")
    if lower.endswith(".xlsx") and not is_zip or lower.endswith(".xls") and not (is_ole or is_zip):
        raise FileRefused("文件已损坏或不是有效的Excel文件")


def parse_book(
    content: bytes,
    filename: str,
    *,
    max_rows: int,
    unguarded: bool = True,
    scan: frozenset[str] | None = None,
) -> RawBook:
    """Parse every sheet (no size checks of its own: read_book runs it behind them).

    `unguarded=False` leaves the exporter's guard apostrophes on (the sandbox takes them off while it
    compacts the columns); `scan` as for _xlsx_extras."""
    _check_kind(content, filename)
    is_zip = content[:4] == b"PK\x03\x04"
    # The zip scan and every sheet's parse run side by side: calamine and zlib release the GIL while
    # they work, so a second core reads the child sheets while the first reads the main one.
    with ThreadPoolExecutor(max_workers=2) as pool:
        extras = pool.submit(_xlsx_extras, content, scan) if is_zip else None
        try:
            names = python_calamine.CalamineWorkbook.from_filelike(BytesIO(content)).sheet_names
            rest = [pool.submit(_read_sheet, content, name) for name in names[1:]]
            parsed = [_read_sheet(content, names[0])] if names else []
            parsed += [f.result() for f in rest]
        except python_calamine.PasswordError as exc:
            raise FileRefused("文件已加密（设有打开密码），请取消密码后再导入") from exc
        except Exception as exc:  # calamine raises several kinds for a damaged file
            if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
                raise FileRefused("文件已加密（设有打开密码），请取消密码后再导入") from exc
            raise FileRefused("文件已损坏或不是有效的Excel文件") from exc
        masked, unreadable = False, {}
        if extras is not None:
            try:
                masked, unreadable = extras.result()
            except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, OSError) as exc:
                raise FileRefused("文件已损坏或不是有效的Excel文件") from exc
    if unguarded:
        for rows, _ in parsed:
            _unguard(rows)
    if any(len(rows) > max_rows + 50 for rows, _ in parsed):  # .xls files have no zip to check first
        raise FileRefused(f"文件行数超过上限（每个工作表最多{max_rows}行数据），请分成多个文件导入")
    sheets = [
        RawSheet(name, rows, merged, unreadable.get(name, []))
        for name, (rows, merged) in zip(names, parsed, strict=True)
    ]
    for sheet in sheets:
        for row in sheet.rows[:3]:
            if any(isinstance(v, str) and MASK_NOTICE in v for v in row):
                masked = True
    if masked:
        raise FileRefused(MASK_NOTICE)
    return RawBook(sheets, masked)
