"""约数: 余 only after a round number of 10 or more ("4余次" and "283余人" are wrong)."""

from __future__ import annotations

import re
from decimal import Decimal

from fazhi.core.numerals import CN_NUM_CHARS, parse_number
from fazhi.reportcheck.loader import Paragraph
from fazhi.reportcheck.result import Finding, _json_number
from fazhi.reportcheck.rules import Context, register_check
from fazhi.reportcheck.rules.rates import UNITS

APPROX_RE = re.compile(rf"(\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)(万|亿)?余")


def approximation_problem(value: Decimal) -> str | None:
    """The convention (display.format_approx): 余 only from 10 up, after a number rounded down to
    tens, or to hundreds from 1,000 (283 → "280余", 1234 → "1200余")."""
    if value < 10:
        return f"“余”不用于10以下的数，应写确数（{_json_number(value)}）"
    step = 10 if value < 1000 else 100
    if value % step:
        rounded = int(value // step * step)
        return f"“余”前的数应取整到{'十' if step == 10 else '百'}位，如“{rounded}余”"
    return None


def check_approximations(para: Paragraph) -> list[Finding]:
    findings = []
    for m in APPROX_RE.finditer(para.norm):
        value = parse_number(m.group(1))
        if value is None:
            continue
        value *= {"万": 10000, "亿": 100000000}.get(m.group(2) or "", 1)
        problem = approximation_problem(value)
        if problem:
            unit = re.match(rf"(?:{UNITS}|[\u4e00-\u9fff])", para.norm[m.end() :])
            end = m.end() + (unit.end() if unit else 0)
            findings.append(Finding(para.sentence_line(m.start()), para.quote(m.start(), end), problem))
    return findings


@register_check("approximations", "约数问题", title="约数")
def approximations(context: Context) -> list[Finding]:
    return [f for para in context.paragraphs for f in check_approximations(para)]
