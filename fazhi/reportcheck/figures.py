"""Stated figures against the records: which metric a figure phrase quotes, and whether it agrees.

A report states a figure as a clause that ends in a number and its measure word ("全镇共受理矛盾纠纷
62件次", "化解率95.2%", "参训600余人次"). The phrase table (`fazhi.metrics.phrases`, declared by each
ledger app next to its metrics) says which words lead up to each metric's number — the very words the
drafter writes — which units it may carry and what the sentence must also speak of; a 其中 part is
read as a part of the figure before it, a rate after a count as that count's rate. A registered metric
without a phrase is still recognised when its own label leads up to the number with a unit of its
family. Ids that are not registered for the year are simply not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from fazhi.metrics import display, phrases
from fazhi.metrics.phrases import COUNT
from fazhi.reportcheck.checks import CN_NUM_CHARS, CheckResult, _json_number, expected_percent, parse_number
from fazhi.reportcheck.loader import Paragraph

# Units of one family agree (件 and 件次 are the same count); 人 and 人次 never do (domain.md §4).
_FAMILIES = (
    set(COUNT),
    {"次", "场", "场次", "期", "轮"},
    {"人次"},
    {"人", "名", "位"},
    {"份", "册"},
    {"个", "项"},
    {"户"},
    {"条"},
    {"万元"},
)
_UNITS = "件次|人次|户次|场次|万元|件|次|人|名|个|起|宗|场|户|份|册|项|条|期|位|轮|单|批次"
_FIGURE_RE = re.compile(
    rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)(万)?(余)?({_UNITS})|(\d+(?:\.\d+)?)%"
)
_BOUNDARY = ",;:。!?()"
# A figure of a part, a change or another period is not the year's figure of the township.
_SKIP_LEAD = re.compile(
    r"同比|较上年|比上年|累计|近[一二三四五]?年|以来|平均|人均|每[个村年月]|提高|下降|增长|减少|增加"
)


def _family(unit: str) -> int | None:
    for i, family in enumerate(_FAMILIES):
        if unit in family:
            return i
    return None


@dataclass
class StatedFigure:
    """A number with its unit as the text states it, and the clause that leads up to it."""

    line: int
    text: str
    lead: str
    sentence: str
    value: Decimal
    approx: bool
    unit: str  # "%" for a percent
    stated: str
    decimals: int = 0
    # After 其中 in its sentence: a part of a figure stated before, when it quotes the same metric.
    in_part: bool = False
    # Offsets in the paragraph: the figure, the start of its clause list (after ；/。) and its 其中 (-1).
    pos: int = 0
    point: int = 0
    qizhong: int = -1


def stated_figures(para: Paragraph) -> list[StatedFigure]:
    """Every number with a measure word or % in a paragraph, with its lead clause."""
    norm = para.norm
    out = []
    for m in _FIGURE_RE.finditer(norm):
        if m.group(5) is not None:
            raw, unit, approx, wan = m.group(5), "%", False, None
        else:
            raw, wan, approx, unit = m.group(1), m.group(2), bool(m.group(3)), m.group(4)
            # 一村一法律顾问: a Chinese numeral glued to more numerals is a name, not a count.
            if not raw[0].isdigit() and m.end() < len(norm) and norm[m.end()] in CN_NUM_CHARS:
                continue
        value = parse_number(raw)
        if value is None:
            continue
        if wan:
            value *= 10000
        k = m.start()
        while k > 0 and norm[k - 1] not in _BOUNDARY:
            k -= 1
        sentence_start = para.sentence_start(m.start())
        end = len(norm)
        for stop in "。!?":
            found = norm.find(stop, m.end())
            if found != -1:
                end = min(end, found)
        decimals = len(raw.split(".")[1]) if unit == "%" and "." in raw else 0
        point = max(norm.rfind(c, 0, m.start()) for c in ";。!?") + 1
        out.append(
            StatedFigure(
                line=para.line_at(k),
                text=para.quote(k, m.end()),
                lead=norm[k : m.start()],
                sentence=norm[sentence_start:end],
                value=value,
                approx=approx,
                unit=unit,
                stated=para.quote(m.start(), m.end()),
                decimals=decimals,
                in_part="其中" in norm[sentence_start : m.start()],
                pos=m.start(),
                point=point,
                qizhong=norm.rfind("其中", point, m.start()),
            )
        )
    return out


def _unit_fits(metric, unit: str) -> bool:
    metric_unit = getattr(metric, "unit", "")
    if metric_unit == "%" or unit == "%":
        return metric_unit == unit
    return bool(metric_unit) and _family(metric_unit) == _family(unit)


def _lead_length(phrase, lead: str) -> int:
    """How many characters of the lead the phrase accounts for (0: it does not match)."""
    length = len(phrase.say) if phrase.say and lead.endswith(phrase.say) else 0
    if phrase.lead:
        m = re.search(phrase.lead, lead)
        if m:
            length = max(length, len(m.group(0)))
    return length


def match_metric(
    figure: StatedFigure, available: Mapping[str, object], earlier: Iterable[tuple[int, str]] = ()
) -> str | None:
    """The id of the registered metric this figure quotes, or None; `available` maps ids to metrics.

    `earlier` holds (offset, metric id) of the figures matched before it in the same clause list: a
    breakdown phrase (`part_of`) or a rate phrase (`follows`) matches only after its figure, and wins
    over a free-standing phrase; among them the nearest figure wins, then the longest lead.
    """
    lead = figure.lead.removeprefix("其中")
    if _SKIP_LEAD.search(lead):
        return None
    earlier = list(earlier)
    best: tuple | None = None
    for order, phrase in enumerate(phrases.all_phrases()):
        metric = available.get(phrase.metric)
        if metric is None:
            continue
        if not (figure.unit in phrase.units if phrase.units else _unit_fits(metric, figure.unit)):
            continue
        length = _lead_length(phrase, lead)
        if not length or (phrase.context and not re.search(phrase.context, figure.sentence)):
            continue
        anchor = -1
        if phrase.part_of or phrase.follows:
            limit = figure.qizhong if phrase.part_of else figure.pos
            wanted = phrase.part_of or phrase.follows
            at = [pos for pos, mid in earlier if mid == wanted and pos < limit]
            if not at:
                continue
            anchor = max(at)
        candidate = (anchor, length, -order, phrase.metric)
        best = candidate if best is None or candidate > best else best
    # A metric's own label right before the number, in a unit of its family.
    for metric_id, metric in available.items():
        if _unit_fits(metric, figure.unit) and lead.endswith(metric.label):
            candidate = (-1, len(metric.label), -(10**6), metric_id)
            best = candidate if best is None or candidate > best else best
    return best[3] if best else None


def agrees(figure: StatedFigure, value) -> bool | None:
    """Whether the stated figure agrees with a value from the records; None when it cannot be judged.

    For a percent, `value` is (numerator, denominator). "N余" agrees when the records hold more than N
    and fewer than the next step (display.approx_bounds); an approximation that breaks the convention
    ("4余") is already reported and is not judged here.
    """
    if figure.unit == "%":
        numerator, denominator = value
        if not denominator:
            return None
        return expected_percent(Decimal(numerator), Decimal(denominator), figure.decimals) == figure.value
    if value is None:
        return None
    if figure.approx:
        if figure.value != figure.value.to_integral_value():
            return None
        try:
            low, high = display.approx_bounds(f"{int(figure.value)}余")
        except ValueError:
            return None
        return low <= value < high
    return Decimal(value) == figure.value


def _records_number(figure: StatedFigure, value) -> int | float | None:
    if figure.unit == "%":
        numerator, denominator = value
        if not denominator:
            return None
        return _json_number(expected_percent(Decimal(numerator), Decimal(denominator), figure.decimals))
    return _json_number(Decimal(value)) if value is not None else None


def _value_of(metric_value) -> object:
    """The comparable value of a MetricValue (or of a frozen entry): a number, or (num, den) for a rate."""
    if isinstance(metric_value, Mapping):
        if metric_value.get("denominator") is not None:
            return metric_value.get("numerator") or 0, metric_value["denominator"]
        return metric_value.get("value")
    if metric_value.denominator is not None or metric_value.metric.unit == "%":
        return metric_value.numerator or 0, metric_value.denominator or 0
    return metric_value.value


def compare_figures(
    result: CheckResult,
    paragraphs: Iterable[Paragraph],
    *,
    township,
    year: int,
    base=None,
    frozen: Mapping[str, Mapping] | None = None,
) -> list[dict]:
    """Fill result.figures: each figure quoting a registered metric against the records of the year.

    `frozen` ({metric id: {"value", "numerator", "denominator"}}) is what an approved version froze:
    the text is then judged against it, and a change of the records since approval is reported apart.
    """
    from fazhi.metrics.registry import Period, compute, registry

    available = {m.id: m for m in registry.all(year)}
    found: list[tuple[StatedFigure, str]] = []
    for para in _figure_paragraphs(result, paragraphs):
        seen: set[str] = set()
        earlier: list[tuple[int, str]] = []
        for figure in stated_figures(para):
            if earlier and earlier[-1][0] < figure.point:
                earlier = []
            metric_id = match_metric(figure, available, earlier)
            if metric_id and not (figure.in_part and metric_id in seen):
                found.append((figure, metric_id))
                seen.add(metric_id)
                earlier.append((figure.pos, metric_id))
    if not found:
        return []
    values = compute(sorted({mid for _, mid in found}), township, Period.year(year), base=base)
    figures = []
    for figure, metric_id in found:
        current = _value_of(values[metric_id])
        entry = {
            "line": figure.line,
            "text": figure.text,
            "metric": metric_id,
            "label": available[metric_id].label,
            "stated": figure.stated,
            "records": _records_number(figure, current),
            "ok": agrees(figure, current),
        }
        if frozen and metric_id in frozen:
            approved = _value_of(frozen[metric_id])
            entry["approved"] = _records_number(figure, approved)
            entry["ok"] = agrees(figure, approved)
            entry["changed_since_approval"] = _records_number(figure, approved) != entry["records"]
        figures.append(entry)
    result.figures = figures
    return figures


def _figure_paragraphs(result: CheckResult, paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """Paragraphs reporting the year's work: not the shortcomings (may cite last year) nor the plans."""
    paragraphs = list(paragraphs)
    if not result.parts:
        return paragraphs
    skipped = []
    ordered = sorted(result.parts, key=lambda p: p.line)
    for i, part in enumerate(ordered):
        if part.key in ("shortcomings", "plans"):
            end = ordered[i + 1].line if i + 1 < len(ordered) else 10**9
            skipped.append((part.line, end))
    first = ordered[0].line
    return [
        p for p in paragraphs if p.line > first and not any(start <= p.line < end for start, end in skipped)
    ]
