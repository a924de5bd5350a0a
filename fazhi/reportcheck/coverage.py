"""Coverage: the ledger areas of domain.md §2 a report never mentions, and the problems the records
show (overdue rectifications, villages without an advisor, late petitions and tickets) that its part
三 (存在的不足和原因) does not mention. Findings are Chinese sentences in CheckResult.uncovered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from fazhi.reportcheck.loader import Paragraph
from fazhi.reportcheck.result import CheckResult

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


# Callables giving {area or ledger key: phrases}; the metrics' phrase tables plug in here, so that
# a report using a metric's own wording counts as mentioning its area and ledger.
PHRASE_PROVIDERS: list[Callable[[], Mapping[str, Iterable[str]]]] = []


def register_phrases(provider: Callable[[], Mapping[str, Iterable[str]]]) -> None:
    PHRASE_PROVIDERS.append(provider)


def words_for(key: str, base: str | None) -> str | None:
    """`base` widened with every provider's phrases for `key` (an area or a ledger)."""
    extra = [re.escape(p) for provider in PHRASE_PROVIDERS for p in provider().get(key, ()) if p]
    if not extra:
        return base
    return "|".join(([base] if base else []) + extra)


def _text(paragraphs: Iterable[Paragraph]) -> str:
    return "\n".join(p.norm for p in paragraphs)


def check_areas(result: CheckResult, paragraphs: list[Paragraph]) -> list[str]:
    """The areas of §2 the whole report never mentions (text only, no records needed)."""
    text = _text(paragraphs)
    found = [area_message(label) for key, label, words in AREAS if not re.search(words_for(key, words), text)]
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
    area_words = {key: words_for(key, words) for key, _, words in AREAS}
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
        words = words_for(spec.key, spec.report_words or None)  # declared by the ledger
        if not count or words is None or re.search(words, text):
            continue
        if spec.group in area_words and not re.search(area_words[spec.group], text):
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
