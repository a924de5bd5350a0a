"""Display styles of figures: exact, approximate (约数) and percent (domain.md §4).

Approximate: below 10 the number is exact; from 10 it is rounded down to tens, from 1,000 to
hundreds — also from 10,000 up, so 12,345 reads "12300余" — and "余" marks that something was
dropped. The shown number therefore never overstates the count.

Percent: rounded half-up to a whole percent, with exact rational arithmetic (no floats). 100% and
0% are shown only when exact; otherwise one more decimal is used until the value is neither, up to
four decimals. Past four (a denominator above two million) the value is pinned to 0.0001% or
99.9999% rather than shown as a false 0% or 100%.
"""

import functools
import re
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "APPROX",
    "COVERAGE",
    "EXACT",
    "FULL",
    "NO_VALUE",
    "PERCENT",
    "STYLES",
    "STYLE_LABELS",
    "approx_bounds",
    "stated_agrees",
    "format_approx",
    "format_exact",
    "format_percent",
    "percent_value",
    "render",
]

EXACT = "exact"
APPROX = "approx"
PERCENT = "percent"
# A rate of exactly 100% said in words ("均按时答复"), or as "N个村（社区）均配置法律顾问，覆盖率100%".
FULL = "full"
COVERAGE = "coverage"
STYLES = (EXACT, APPROX, PERCENT, FULL, COVERAGE)
# The styles by their names in the editor (domain.md §4).
STYLE_LABELS = {EXACT: "确数", APPROX: "约数", PERCENT: "百分比", FULL: "全部·均", COVERAGE: "覆盖率100%"}
# Shown for a rate with a zero denominator; a sentence that would quote it is left out.
NO_VALUE = "—"

_MAX_DECIMALS = 4
_APPROX_RE = re.compile(r"(\d+)(余?)")


def format_exact(n: int | Decimal) -> str:
    """Return the number as written, without exponent: 4 → "4"."""
    if isinstance(n, Decimal):
        return format(n, "f")
    return str(n)


def _approx_unit(n: int) -> int:
    """Return the place value a count is rounded down to; 1 means shown exactly."""
    if n < 10:
        return 1
    return 10 if n < 1000 else 100


def _as_count(n) -> int:
    if isinstance(n, bool) or int(n) != n or n < 0:
        raise ValueError(f"an approximate figure needs a non-negative whole number, got {n!r}")
    return int(n)


def format_approx(n: int) -> str:
    """Round a count down to tens (hundreds from 1,000), adding 余 when anything was dropped."""
    n = _as_count(n)
    unit = _approx_unit(n)
    shown = n // unit * unit
    return f"{shown}余" if shown < n else str(shown)


def approx_bounds(text: str) -> tuple[int, int]:
    """Return (low, high_exclusive), the counts that format_approx writes as text.

    A plain number agrees only with itself ("60" → (60, 61)). "X余" must follow the convention —
    X at least 10 and a multiple of 10 (of 100 from 1,000) — else ValueError: "60余" → (61, 70),
    "1200余" → (1201, 1300).
    """
    match = _APPROX_RE.fullmatch("".join(str(text).split()).replace(",", ""))
    if not match:
        raise ValueError(f"not an approximate figure: {text!r}")
    shown, more = int(match.group(1)), bool(match.group(2))
    if not more:
        return shown, shown + 1
    unit = _approx_unit(shown)
    if unit == 1 or shown % unit:
        raise ValueError(f"{text!r} breaks the 余 convention (below 10, or not rounded to {unit})")
    return shown + 1, shown + unit


def _round_half_up(value: Fraction, decimals: int) -> int:
    """Return value × 10**decimals rounded half away from zero, as an integer."""
    scaled = abs(value) * 10**decimals
    rounded = int(scaled + Fraction(1, 2))
    return rounded if value >= 0 else -rounded


@functools.lru_cache(maxsize=8192)
def percent_value(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """Return the percentage as shown (95, 99.5, 0.3), or None when the denominator is 0. Kept per
    (numerator, denominator): the district's trends ask for thousands of rates of small counts, the
    same pairs again and again, and exact rounding with fractions is slow."""
    if denominator == 0:
        return None
    true = Fraction(numerator) * 100 / Fraction(denominator)
    for decimals in range(_MAX_DECIMALS + 1):
        units = _round_half_up(true, decimals)
        boundary = units in (0, 100 * 10**decimals)
        if not boundary or true == units / Fraction(10**decimals):
            return Decimal(units).scaleb(-decimals)
    # Still 0 or 100 at the finest precision although not exact: step one unit inside.
    if units == 0:
        units = 1 if true > 0 else -1
    else:
        units += -1 if true < 100 else 1
    return Decimal(units).scaleb(-_MAX_DECIMALS)


def format_percent(numerator: int | Decimal, denominator: int | Decimal) -> str | None:
    """Return "95%", "99.5%", …; None when the denominator is 0, as the sentence is left out."""
    value = percent_value(numerator, denominator)
    return None if value is None else f"{format(value, 'f')}%"


def render(value, style: str, unit: str) -> str:
    """Render a figure in a display style; a percent takes (numerator, denominator) as value.

    The unit follows the number ("4件", "60余人"); for a percent it is ignored, as "%" is part of
    the number. A rate with a zero denominator renders as "—".
    """
    if style == EXACT:
        return format_exact(value) + unit
    if style == APPROX:
        return format_approx(value) + unit
    if style == PERCENT:
        numerator, denominator = value
        text = format_percent(numerator, denominator)
        return NO_VALUE if text is None else text
    raise ValueError(f"unknown display style {style!r}; expected one of {STYLES}")


_STATED_RE = re.compile(r"([\d,]+(?:\.\d+)?)(余?)")


def stated_agrees(text: str, value, numerator=None, denominator=None) -> bool:
    """Whether a figure as someone typed it ("350余次", "353次", "95%") states the records' value.

    One rule for the draft page and the report check: a 约数 agrees when it follows the convention and
    the records lie in its range (approx_bounds); a percent when the records round to it at the
    precision typed. Text without a number never agrees.
    """
    match = _STATED_RE.search(text.replace(" ", ""))
    if not match:
        return False
    number = match.group(1).replace(",", "")
    if text.strip().endswith("%"):
        if not denominator:
            return False
        decimals = len(number.split(".")[1]) if "." in number else 0
        true = Fraction(numerator or 0) * 100 / Fraction(denominator)
        return Decimal(_round_half_up(true, decimals)).scaleb(-decimals) == Decimal(number)
    if value is None:
        return False
    if match.group(2):
        try:
            low, high = approx_bounds(number + "余")
        except ValueError:
            return False
        return low <= Decimal(str(value)) < high
    return Decimal(number) == Decimal(str(value))
