"""Coverage: the ledger areas of domain.md §2 a report never mentions, and the problems the records
show (overdue rectifications, villages without an advisor, late petitions and tickets) that its part
三 (存在的不足和原因) does not mention. Findings are Chinese sentences in CheckResult.uncovered."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fazhi.reportcheck.loader import Paragraph
from fazhi.reportcheck.result import CheckResult
from fazhi.reportcheck.synonyms import SYNONYMS

# Areas of domain.md §2 and the words by which a report speaks of them (after normalisation).
AREAS: tuple[tuple[str, str, str], ...] = (
    (
        "publicity",
        "普法和学法（§2.1）",
        r"普法|学法|法治宣传|法律明白人|宪法宣传|法治讲座|学习.{0,8}法律|法律.{0,6}(?:知识|学习|培训)|尊法|守法|用法",
    ),
    ("decisions", "依法决策（§2.2）", r"合法性审查|重大行政决策|依法决策|风险评估|规范性文件"),
    ("enforcement", "行政执法（§2.3）", r"执法|行政处罚|三项制度"),
    ("petitions", "信访（§2.4）", r"信访|接访|下访"),
    ("tickets", "12345热线和互联网+督查工单（§2.5）", r"12345|热线|工单|互联网\+督查"),
    ("disputes", "矛盾纠纷排查化解（§2.6）", r"纠纷|调解"),
    ("legalservice", "公共法律服务（§2.7）", r"法律顾问|法律咨询|公共法律服务|法律援助"),
    ("oversight", "监督（§2.8）", r"整改|行政诉讼|行政复议|应诉|政务公开|信息公开|警示教育|监督"),
    ("duties", "第一责任人履职（§2.9）", r"第一责任人|履职|述法|履行.{0,10}职责"),
)


@dataclass(frozen=True)
class Words:
    """One way a report speaks of an area or ledger: a regex, and one the paragraph must also match."""

    pattern: re.Pattern
    context: re.Pattern | None = None
    literal: str = ""  # a literal every match contains: absent from the text, no regex search is needed

    def found_in(self, text: str) -> bool:
        if self.literal and self.literal not in text:
            return False
        for m in self.pattern.finditer(text):
            if self.context is None:
                return True
            start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
            if self.context.search(text, start, end if end >= 0 else len(text)):
                return True
        return False


def _closing(pattern: str, start: int) -> int:
    """The index of the parenthesis closing the group opened at `start`; -1 if unbalanced."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def essential(pattern: str) -> str:
    """`pattern` without optional groups at its start and end ("(?:开展)?集中学法(?:活动)?" → "集中学法"):
    the same paragraphs match it, and a search that starts at a literal is many times faster."""
    original = pattern
    while pattern.startswith("(?:"):
        end = _closing(pattern, 0)
        if end < 0 or pattern[end + 1 : end + 2] != "?" or pattern[end + 2 : end + 3] in ("?", "+"):
            break
        pattern = pattern[end + 2 :]
    while pattern.endswith(")?"):
        start = next(
            (
                i
                for i in range(len(pattern) - 2, -1, -1)
                if pattern.startswith("(?:", i) and _closing(pattern, i) == len(pattern) - 2
            ),
            -1,
        )
        if start <= 0 or pattern[start - 1] == "\\":
            break
        pattern = pattern[:start]
    return pattern or original


_QUANTIFIER = re.compile(r"[?*+{]")
_PLAIN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` contains (outside groups, classes
    and quantifiers); empty when there is none or the pattern has alternatives at its top level."""
    runs, run, i = [], "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "|":
            return ""
        if ch == "(":
            end = _closing(pattern, i)
            if end < 0:
                return ""
            runs.append(run)
            run, i = "", end + 1
            continue
        if ch in "[{":
            end = pattern.find("]" if ch == "[" else "}", i + 2)
            runs.append(run)
            run, i = "", (end + 1 if end > 0 else len(pattern))
            continue
        if ch == "\\" or not _PLAIN.match(ch):
            runs.append(run)
            run, i = "", i + (2 if ch == "\\" else 1)
            continue
        if _QUANTIFIER.match(pattern[i + 1 : i + 2] or " "):
            runs.append(run)  # this character may be absent or repeated
            run, i = "", i + 1
            continue
        run += ch
        i += 1
    runs.append(run)
    return max(runs, key=len)


def _phrase_words(phrase) -> list[tuple[str, str | None]]:
    """A metric's phrase as words of its area and ledger: `say` as written, `lead` unanchored. A phrase
    that only follows another metric's figure (通过率 after 参考) says nothing on its own."""
    if phrase.follows:
        return []
    out = [(re.escape(phrase.say), phrase.context)] if phrase.say else []
    if phrase.lead:
        out.append((essential(phrase.lead.removesuffix("$")), phrase.context))
    return out


@functools.cache
def vocabulary() -> dict[str, tuple[Words, ...]]:
    """Every way to mention each area (domain.md §2) and each ledger: the area's own words, the
    ledgers' `report_words`, the metrics' phrase table (fazhi.metrics.phrases, declared in each
    ledger app's metrics.py) and the synonyms. A ledger's words count for its area only when they
    are the phrase table's or synonyms (a ledger's `report_words` such as 经费 or 公开 are too loose
    to say that a whole area is reported)."""
    from fazhi.core import ledgers
    from fazhi.metrics import phrases
    from fazhi.metrics.registry import ledger_of, registry

    raw: dict[str, list[tuple[str, str | None]]] = {}
    for key, _, words in AREAS:
        raw.setdefault(key, []).append((words, None))
    groups = {spec.key: spec.group for spec in ledgers.all_ledgers()}
    for spec in ledgers.all_ledgers():
        if spec.report_words:
            raw.setdefault(spec.key, []).append((spec.report_words, None))
    for phrase in phrases.all_phrases():
        if phrase.metric not in registry:
            continue
        ledger = ledger_of(registry.get(phrase.metric))
        for words in _phrase_words(phrase):
            if ledger is not None:
                raw.setdefault(ledger, []).append(words)
            if groups.get(ledger):
                raw.setdefault(groups[ledger], []).append(words)
    for key, patterns in SYNONYMS.items():
        targets = [key] + ([groups[key]] if key in groups else [])
        for target in targets:
            raw.setdefault(target, []).extend((p, None) for p in patterns)
    return {
        key: tuple(
            Words(re.compile(p), re.compile(c) if c else None, required_literal(p))
            for p, c in dict.fromkeys(entries)
        )
        for key, entries in raw.items()
    }


def mentions(key: str, text: str) -> bool:
    """Whether `text` (paragraphs joined by newlines) speaks of an area or ledger in any of its words."""
    return any(words.found_in(text) for words in vocabulary().get(key, ()))


def _text(paragraphs: Iterable[Paragraph]) -> str:
    return "\n".join(p.norm for p in paragraphs)


def check_areas(result: CheckResult, paragraphs: list[Paragraph]) -> list[str]:
    """The areas of §2 the whole report never mentions (text only, no records needed)."""
    text = _text(paragraphs)
    found = [area_message(label) for key, label, _ in AREAS if not mentions(key, text)]
    result.uncovered.extend(found)
    return found


def area_message(label: str) -> str:
    return f"报告未提及{label}方面的工作"


def part_paragraphs(result: CheckResult, paragraphs: list[Paragraph], key: str) -> list[Paragraph]:
    """The paragraphs of one recognised part (from its heading to the next part)."""
    ordered = sorted(result.parts, key=lambda p: p.line)
    for i, part in enumerate(ordered):
        if part.key == key:
            end = ordered[i + 1].line if i + 1 < len(ordered) else 10**9
            return [p for p in paragraphs if part.line <= p.line < end]
    return []


def check_ledgers(
    result: CheckResult, paragraphs: list[Paragraph], *, township, year: int, base=None
) -> list[str]:
    """Ledgers whose records hold figures for the year that the report never mentions.

    With the records at hand, an area the report never mentions is a finding only when its ledgers
    hold something to report: a figure a report quotes (a metric of the phrase table) that is not
    zero. A township with no 12345 tickets has nothing to report on them, and a roster of officers
    or a study plan alone is no figure (fazhi's own draft leaves such ledgers out by the same rule).
    """
    from fazhi.core import ledgers
    from fazhi.metrics.registry import org_condition

    text = _text(paragraphs)
    area_records: dict[str, int] = {}
    reportable = reportable_ledgers(township, year, base=base)
    found = []
    for spec in ledgers.all_ledgers():
        if spec.key not in reportable:
            continue
        qs = base(spec.model) if base is not None else spec.model.objects.all()
        # A district (its own report) counts every township's records and its own.
        count = (
            qs.filter(org_condition(township))
            .filter(voided=False, **{f"{spec.date_field}__year": year})
            .count()
        )
        area_records[spec.group] = area_records.get(spec.group, 0) + count
        if not count or spec.key not in vocabulary() or mentions(spec.key, text):
            continue
        if spec.group in {key for key, _, _ in AREAS} and not mentions(spec.group, text):
            continue  # the whole area is reported as not mentioned
        found.append(f"报告未提及“{spec.label}”，台账中{year}年有{count}条记录")
    empty_areas = {area_message(label) for key, label, _ in AREAS if not area_records.get(key)}
    result.uncovered[:] = [u for u in result.uncovered if u not in empty_areas]
    result.uncovered.extend(found)
    return found


def reportable_ledgers(township, year: int, *, base=None) -> set[str]:
    """Keys of the ledgers with a quotable figure (a metric with a phrase) that is not left out for the
    year: not zero unless kept, a rate with a denominator."""
    from fazhi.metrics import phrases
    from fazhi.metrics.registry import Period, compute, ledger_of, registry

    ids = sorted({p.metric for p in phrases.all_phrases()} & {m.id for m in registry.all(year)})
    values = compute(ids, township, Period.year(year), base=base)
    return {ledger_of(mv.metric, year) for mv in values.values() if not mv.omitted and mv.value} - {None}


def check_problems(
    result: CheckResult, paragraphs: list[Paragraph], *, township, year: int, base=None
) -> list[str]:
    """Problems the records show (the list part 三 of fazhi's draft is written from) that part 三
    (存在的不足和原因) does not mention."""
    from fazhi.reports.problems import data_problems

    part_three = _text(part_paragraphs(result, paragraphs, "shortcomings"))
    found = [
        f"第三部分（存在的不足和原因）未提及：{problem.text}"
        for problem in data_problems(township, year, base=base)
        if not re.search(problem.words, part_three)
    ]
    result.uncovered.extend(found)
    return found
