"""Finding the header of a real sheet (title rows, two-level merged headers, 序号/备注) and its data rows."""

from dataclasses import dataclass, field

from .columns import IGNORED_HEADERS, Sheet, normalize_header
from .reader import ERROR_VALUES, RawSheet

HEADER_SCAN_ROWS = 15


@dataclass
class RowError:
    """One problem, placed by sheet, row (as Excel numbers it) and column."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        parts = [
            self.sheet if self.sheet else "",
            f"第{self.row}行" if self.row else "",
            self.column,
            self.message,
        ]
        return " ".join(p for p in parts if p)

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class ErrorList(list):
    """The first FAZHI_IMPORT_MAX_ERRORS errors of an import, and how many there were in all."""

    def __init__(self, *args):
        from django.conf import settings

        super().__init__(*args)
        self.cap = settings.FAZHI_IMPORT_MAX_ERRORS
        self.total = len(self)

    def append(self, error) -> None:
        self.total += 1
        if len(self) < self.cap:
            super().append(error)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors):
        self.extend(errors)
        return self


@dataclass
class Layout:
    """Where a sheet's header is, which column holds which field, and what is left unknown."""

    header_rows: list[int]
    columns: dict[int, str]  # 0-based column -> Column.name
    headers: dict[int, str]  # 0-based column -> header text as written
    unknown: dict[int, str] = field(default_factory=dict)
    first_data_row: int = 0


def _known(sheet: Sheet, text, mapping: dict) -> str | None:
    h = normalize_header(text)
    if not h:
        return None
    if h in mapping:
        return mapping[h] or ""  # "" = mapped to nothing: ignore the column
    col = sheet.by_header.get(h)
    return col.name if col else None


def find_layout(raw: RawSheet, sheet: Sheet, mapping: dict) -> Layout | None:
    """The header row (or two) is the row among the first ones that names most known columns."""
    rows = raw.rows[:HEADER_SCAN_ROWS]
    best, best_row = 0, None
    for r, row in enumerate(rows):
        hits = sum(1 for v in row if _known(sheet, v, mapping))
        if hits > best:
            best, best_row = hits, r
    if best_row is None:
        return None
    header_rows = [best_row]
    nxt = best_row + 1
    if nxt < len(raw.rows):
        below = raw.rows[nxt]
        merged_above = any(a[0] == best_row and b[1] > a[1] for a, b in raw.merged)
        if sum(1 for v in below if _known(sheet, v, mapping)) and (
            merged_above or any(str(v).strip() == "" for v in raw.rows[best_row])
        ):
            header_rows.append(nxt)
    width = max(len(raw.rows[r]) for r in header_rows)
    columns, headers, unknown = {}, {}, {}
    for c in range(width):
        texts = [raw.rows[r][c] if c < len(raw.rows[r]) else "" for r in header_rows]
        # The deeper level of a two-level header wins; a label merged down stays in the upper row.
        name, shown = None, ""
        for text in reversed(texts):
            k = _known(sheet, text, mapping)
            if k is not None:
                name, shown = k, str(text).strip()
                break
        if name is None:
            shown = next((str(t).strip() for t in reversed(texts) if str(t).strip()), "")
            if shown and normalize_header(shown) not in IGNORED_HEADERS:
                # An upper-level group label over known sub-columns is not a column of its own.
                lower = [raw.rows[r][c] for r in header_rows[1:] if c < len(raw.rows[r])]
                if not (
                    len(header_rows) > 1
                    and str(texts[0]).strip()
                    and not any(str(x).strip() for x in lower)
                    and _spans(raw, header_rows[0], c)
                ):
                    unknown[c] = shown
            continue
        if name:
            columns[c] = name
            headers[c] = shown
    return Layout(header_rows, columns, headers, unknown, header_rows[-1] + 1)


def _spans(raw: RawSheet, row: int, col: int) -> bool:
    return any(a[0] <= row <= b[0] and a[1] <= col <= b[1] and b[1] > a[1] for a, b in raw.merged)


def data_rows(raw: RawSheet, layout: Layout, sheet: Sheet, errors: list[RowError]):
    """(Excel row number, {field: cell value}) of every non-empty data row; problems go to `errors`."""
    start = layout.first_data_row
    for (r1, c1), (r2, c2) in raw.merged:
        if r2 >= start and (r1 != r2 or c1 != c2):
            errors.append(
                RowError("数据区域有合并单元格，请取消合并并在每个单元格中填写内容", r1 + 1, sheet=raw.name)
            )
    bad = {(r, c) for r, c in raw.unreadable if r >= start}
    headers = layout.headers
    cols = list(layout.columns.items())
    out = []
    names = [name for _, name in cols]
    index = [c for c, _ in cols]
    need = max(index, default=-1) + 1
    bad_rows = {r for r, _ in bad}
    rows = raw.rows
    common = [r for r in range(start, len(rows)) if len(rows[r]) >= need and r not in bad_rows]
    # The common rows, a column at a time: the same values as the cell-by-cell loop below.
    columns = []
    for c in index:
        column = [rows[r][c] for r in common]
        columns.append([v.strip() if v.__class__ is str else v for v in column])
    if not all(ERROR_VALUES.isdisjoint(col) for col in columns):
        common, columns = [], [[] for _ in index]  # an error value somewhere: every row cell by cell
    empty = range(len(common))  # rows with nothing in any column seen so far
    for col in columns:
        empty = [i for i in empty if col[i] == "" or col[i] is None]
    empty = set(empty)
    done = dict.fromkeys(common)
    for i, values in enumerate(zip(*columns, strict=True)):
        if i not in empty:
            done[common[i]] = dict(zip(names, values, strict=True))
    for r in range(start, len(rows)):
        if r in done:
            if done[r] is not None:
                out.append((r + 1, done[r]))
            continue
        row = rows[r]
        values = {}
        empty = True
        for c, name in cols:
            v = row[c] if c < len(row) else ""
            if isinstance(v, str):
                v = v.strip()
                if v in ERROR_VALUES:
                    bad.add((r, c))
                    v = ""
            if v != "" and v is not None:
                empty = False
            values[name] = v
        if empty:
            if any((r, c) in bad for c, _ in cols):
                empty = False
            else:
                continue
        for c, _ in cols:
            if (r, c) in bad:
                errors.append(
                    RowError("公式的值无法读取，请将公式转为数值后再导入", r + 1, headers[c], raw.name)
                )
        out.append((r + 1, values))
    return out
