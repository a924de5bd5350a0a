"""Turning what people type into cells into what the forms accept, tolerant where people differ."""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from fazhi.core.validators import to_half_width

_DATE_RE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_DATETIME_RE = re.compile(
    r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})"
    r"(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?$"
)
TRUE = {"是", "1", "true", "√", "✓", "y", "yes", "有"}
FALSE = {"否", "0", "false", "×", "n", "no", "无", ""}
VILLAGE_SUFFIXES = ("村民委员会", "居民委员会", "村委会", "居委会", "社区", "村")


def text(value) -> str:
    """A cell as text: numbers without a trailing .0, full-width forms made half-width, trimmed."""
    if value.__class__ is str:  # the common case first
        return to_half_width(value).strip()
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return to_half_width(str(value)).strip()


def as_date(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = text(value)
    m = _DATE_RE.match(s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return s
    return s


def as_datetime(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return f"{value.isoformat()} 00:00:00"
    s = text(value)
    m = _DATETIME_RE.match(s)
    if m:
        y, mo, d, h, mi, sec = m.groups()
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d} {int(h):02d}:{int(mi):02d}:{int(sec or 0):02d}"
    d = as_date(s)
    return f"{d} 00:00:00" if _DATE_RE.match(d) or re.match(r"^\d{4}-\d{2}-\d{2}$", d) else s


def as_number(value) -> str:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        try:
            return str(Decimal(repr(value)))
        except InvalidOperation:
            return repr(value)
    return text(value).replace(",", "")


def as_bool(value) -> str | None:
    """'true'/'false' for the form, None when the cell is neither yes nor no."""
    if isinstance(value, bool):
        return "true" if value else "false"
    s = text(value).lower()
    if s in TRUE:
        return "true"
    if s in FALSE:
        return "false"
    return None


def village_variants(name: str) -> set[str]:
    """A village name with and without its 村/社区 suffix."""
    n = text(name)
    out = {n}
    for suffix in VILLAGE_SUFFIXES:
        if n.endswith(suffix) and len(n) > len(suffix):
            out.add(n[: -len(suffix)])
            break
    return out
