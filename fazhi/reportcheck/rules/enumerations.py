"""Enumerations: 一是/二是… within a paragraph or one paragraph per item (a gap, a repeat, a
missing 是), and gaps or repeats in 一、/（一）/1./（1）/第一部分 headings — without false alarms on
words that start with a numeral (二十大, 三项制度)."""

from __future__ import annotations

import re

from fazhi.core.numerals import cn_label, cn_to_int
from fazhi.reportcheck.loader import Paragraph
from fazhi.reportcheck.result import Finding
from fazhi.reportcheck.rules import Context, register_check

_CN_SEQ = "一二三四五六七八九十"
LEVEL_LABELS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}

_QUOTED_RE = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"|‘[^’]*’")
_CLAUSE_START_RE = re.compile(rf"(?:^|(?<=[,;:。!?]))([{_CN_SEQ}]{{1,3}})(是)?")
# What follows a numeral that makes it a word (三项制度, 二十大, 一站式, 五星) rather than an enumeration.
_NUMERAL_WORD_NEXT = set(
    "项个次件名人位村会站星大化心严型级年月日号批类种支条家户场期轮方点线网室堂本册万千百亿成倍届周天些部所"
    "张元份组队套篇门层段片岗员长委道代头步体维联环中基季农资务查改清好风下治老稳保进规小审定"
)


def _mask_quotes(norm: str) -> str:
    return _QUOTED_RE.sub(lambda m: "□" * len(m.group(0)), norm)


def _clause_text(para: Paragraph, start: int) -> str:
    end = start
    while end < len(para.norm) and para.norm[end] not in ",;。!?" and end - start < 30:
        end += 1
    return para.quote(start, end)


def _missing_shi(last: int, value: int) -> str:
    label = cn_label(value)
    return f"“{cn_label(last)}是”之后的分句以“{label}”开头，缺少“是”，应为“{label}是”"


def check_shi_clauses(para: Paragraph, state: dict | None = None) -> list[Finding]:
    """一是…二是… within a paragraph, or across paragraphs when each item is its own paragraph
    (`state` carries the last number from one paragraph to the next): a missing 是, a skipped,
    repeated or reordered number."""
    norm = _mask_quotes(para.norm)
    findings = []
    state = {} if state is None else state
    last: int | None = state.get("last")
    for m in _CLAUSE_START_RE.finditer(norm):
        value = cn_to_int(m.group(1))
        if value is None:
            continue
        start = m.start(1)
        line = para.sentence_line(start)
        if m.group(2):
            if value == 1:
                last = 1
                continue
            if last is None:
                continue
            held = state.pop("bare", None)
            if value == last:
                problem = f"“{cn_label(value)}是”重复"
            elif value == last + 2 and held and held[0] == last + 1:
                # "二规范…" looked like a word (二规); the jump to 三是 shows it was item 二.
                findings.append(Finding(held[2], held[3], _missing_shi(last, held[0])))
                last = value
                continue
            elif value > last + 1:
                missing = "、".join(f"“{cn_label(v)}是”" for v in range(last + 1, value))
                problem = f"“{cn_label(last)}是”之后缺少{missing}，直接出现“{cn_label(value)}是”"
            elif value < last:
                problem = f"“{cn_label(value)}是”出现在“{cn_label(last)}是”之后，顺序颠倒"
            else:
                last = value
                continue
            findings.append(Finding(line, _clause_text(para, start), problem))
            last = max(last, value)
            continue
        if last is None or value != last + 1:
            continue
        following = norm[m.end() : m.end() + 1]
        if not following:
            continue
        if following in _NUMERAL_WORD_NEXT:
            state["bare"] = (value, start, line, _clause_text(para, start))
            continue
        findings.append(Finding(line, _clause_text(para, start), _missing_shi(last, value)))
        last = value
    state["last"] = last
    return findings


def check_heading_sequences(headings: list) -> list[Finding]:
    """Gaps, repeats and wrong order in 一、/(一)/1./(1) numbering, restarting under each parent."""
    findings = []
    last: dict[int, int] = {}
    for h in headings:
        if h.value is None:
            continue
        for deeper in [k for k in last if k > h.level]:
            del last[deeper]
        fmt = LEVEL_LABELS[h.level]
        if h.para.norm.startswith("第") and h.level == 1:
            fmt = "第{}部分"
        elif h.level in (1, 3):
            # Quote the document's own separator (一、 or 一. / 1. or 1、).
            fmt = "{}" + h.para.norm[h.label_end - 1]

        def label(n: int, fmt: str = fmt, level: int = h.level) -> str:
            return fmt.format(n if level in (3, 4) else cn_label(n))

        previous = last.get(h.level, 0)
        problem = None
        if h.value == previous + 1:
            pass
        elif h.value == previous:
            problem = f"序号“{label(h.value)}”重复"
        elif h.value > previous + 1:
            missing = "、".join(f"“{label(v)}”" for v in range(previous + 1, h.value))
            problem = f"序号“{label(h.value)}”之前缺少{missing}"
        else:
            problem = f"序号“{label(h.value)}”出现在“{label(previous)}”之后，顺序颠倒"
        if problem:
            findings.append(Finding(h.para.line, _clause_text(h.para, 0), problem))
        last[h.level] = max(previous, h.value)
    return findings


@register_check("enumerations", "序号问题", title="序号")
def enumerations(context: Context) -> list[Finding]:
    heading_lines = {h.para.line for h in context.headings}
    state: dict = {}
    findings = []
    for para in context.paragraphs:
        if para.line in heading_lines:
            state = {}  # a heading starts a new list
        findings.extend(check_shi_clauses(para, state))
    findings.extend(check_heading_sequences(context.headings))
    return sorted(findings, key=lambda f: f.line)
