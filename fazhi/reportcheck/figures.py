"""Stated figures against the records: which metric a figure phrase quotes, and whether it agrees.

A report states a figure as a clause that ends in a number and its measure word ("全镇共受理矛盾纠纷
62件次", "化解率95.2%", "参训600余人次"). `PHRASES` says, per metric id, which words lead up to the
number, which units it may carry and, for short words such as 化解, what the sentence must also speak
of. A registered metric without a phrase is still recognised when its own label leads up to the
number with a unit of its family. Ids that are not registered for the year are simply not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from fazhi.metrics import display
from fazhi.reportcheck.checks import CN_NUM_CHARS, CheckResult, _json_number, expected_percent, parse_number
from fazhi.reportcheck.loader import Paragraph


@dataclass(frozen=True)
class Phrase:
    """How reports word one metric: the lead words before the number, its units, and required context."""

    metric: str
    lead: str
    units: tuple[str, ...]
    context: str | None = None


_COUNT = ("件次", "件", "起", "宗")
_ITEMS = ("件", "项", "个", "起")
_TIMES = ("次", "场", "场次", "期")
_PEOPLE_TIMES = ("人次",)
_PEOPLE = ("人", "名")
_NOT_SEP = "[^,;:。]"

# The figures township reports quote (domain.md §2), by metric id of fazhi.metrics. The longest lead
# wins when several match; on a tie the earlier phrase wins. A metric's own label always counts too.
PHRASES: tuple[Phrase, ...] = (
    # 矛盾纠纷 (§2.6)
    Phrase("disputes.accepted", rf"(?:受理|排查|摸排|收到|接到|登记){_NOT_SEP}{{0,6}}纠纷$", _COUNT),
    Phrase("disputes.resolved", r"(?:成功)?化解(?:矛盾纠纷|纠纷)?$", _COUNT, context=r"纠纷"),
    Phrase("disputes.resolution_rate", r"化解率(?:达到?|为)?$", ("%",)),
    Phrase("disputes.screenings", rf"(?:开展|组织){_NOT_SEP}{{0,8}}排查$", ("次", "轮", "场")),
    Phrase("mediations.total", rf"(?:调委会|调解委员会|人民调解){_NOT_SEP}{{0,8}}$", _COUNT),
    Phrase("mediations.success", rf"(?:调解成功|成功调解|达成调解协议){_NOT_SEP}{{0,4}}$", _COUNT),
    Phrase("mediations.success_rate", r"调解成功率(?:达到?|为)?$", ("%",)),
    # 普法 and 学法 (§2.1)
    Phrase(
        "publicity.activities", rf"(?:开展|举办|组织){_NOT_SEP}{{0,10}}普法{_NOT_SEP}{{0,6}}活动$", _TIMES
    ),
    Phrase(
        "publicity.audience", r"(?:普法)?受众$", _PEOPLE_TIMES, context=r"普法|法治宣传|进学校|进企业|进农村"
    ),
    Phrase("publicity.books_materials", rf"发放{_NOT_SEP}{{0,6}}书籍资料$", ("份",)),
    Phrase("publicity.materials", rf"发放{_NOT_SEP}{{0,6}}资料$", ("份",)),
    Phrase("publicity.books", rf"发放{_NOT_SEP}{{0,6}}书籍$", ("册", "本")),
    Phrase("publicity.households", rf"(?:走访|入户){_NOT_SEP}{{0,6}}(?:农户|群众家庭)$", ("户",)),
    Phrase("publicity.volunteers_trained", rf"培训{_NOT_SEP}{{0,6}}(?:法律明白人|普法骨干)$", _PEOPLE),
    Phrase("publicity.funds", rf"普法(?:工作)?经费{_NOT_SEP}{{0,4}}$", ("万元",)),
    Phrase("study.central_group", r"(?:开展)?集中学法$", _TIMES, context=r"中心组"),
    Phrase("study.central_group", rf"中心组{_NOT_SEP}{{0,6}}学法$", _TIMES),
    Phrase("study.sessions", rf"(?:开展|组织){_NOT_SEP}{{0,4}}学法(?:活动)?$", _TIMES),
    Phrase("study.lecture", r"法治讲座$", _TIMES),
    Phrase("study.participants", r"(?:参训|参学|参加学习)$", _PEOPLE_TIMES, context=r"学法|讲座|培训"),
    Phrase("exam.required", r"应考(?:人员|人数)?$", _PEOPLE),
    Phrase("exam.sat", r"(?:实际)?参考(?:人员|人数)?$", _PEOPLE, context=r"考试|应考"),
    Phrase("exam.passed", r"(?:考试)?(?:通过|合格)(?:人员|人数)?$", _PEOPLE, context=r"考试|应考"),
    Phrase("exam.sit_rate", r"参考率(?:达到?|为)?$", ("%",)),
    Phrase("exam.pass_rate", r"(?:通过|合格)率(?:达到?|为)?$", ("%",), context=r"考试|应考|参考"),
    # 依法决策 (§2.2)
    Phrase("reviews.total", rf"合法性审查{_NOT_SEP}{{0,6}}$", ("件", "份", "次")),
    Phrase("reviews.normative", r"审查规范性文件$", ("件", "份")),
    Phrase("reviews.contract", r"审查(?:政府)?合同$", ("件", "份")),
    Phrase("decisions.major", r"重大行政决策(?:事项)?$", _ITEMS),
    Phrase("risk.total", rf"(?:开展|完成){_NOT_SEP}{{0,8}}风险评估$", ("件", "次", "项")),
    # 行政执法 (§2.3)
    Phrase("enforcement.cases.penalty", rf"(?:办理|查处|办结){_NOT_SEP}{{0,4}}行政处罚案件$", _COUNT),
    Phrase("enforcement.cases", rf"(?:办理|查处|办结){_NOT_SEP}{{0,4}}(?:行政)?执法案件$", _COUNT),
    Phrase("enforcement.publish_on_time_rate", r"(?:按期)?公示率(?:达到?|为)?$", ("%",)),
    # 信访 and 工单 (§2.4, §2.5)
    Phrase("receptions.count", rf"(?:领导)?(?:接访|下访|接访下访){_NOT_SEP}{{0,4}}$", _TIMES),
    Phrase("receptions.people", r"接待(?:来访)?群众$", _PEOPLE_TIMES, context=r"接访|下访"),
    Phrase(
        "petitions.received",
        rf"(?:受理|收到|登记|接待){_NOT_SEP}{{0,4}}信访(?:事项|件)?$",
        ("件", "件次", "批次"),
    ),
    Phrase("petitions.reply_on_time_rate", r"(?:按期|按时)?(?:答复|办结)率$", ("%",), context=r"信访"),
    Phrase("tickets.12345.received", rf"12345{_NOT_SEP}{{0,6}}工单$", ("件", "单")),
    Phrase("tickets.supervision.received", rf"互联网\+督查{_NOT_SEP}{{0,4}}工单$", ("件", "单")),
    Phrase("tickets.received", rf"(?:平台|上级){_NOT_SEP}{{0,6}}工单$", ("件", "单")),
    Phrase(
        "tickets.12345.on_time_rate", r"(?:按时|按期)?(?:答复|办结|回复)率$", ("%",), context=r"12345|热线"
    ),
    # 公共法律服务 (§2.7)
    Phrase("consultations.count", r"(?:开展|提供|解答)?法律咨询$", ("次", "件")),
    Phrase("consultations.people", r"(?:开展|提供|解答)?法律咨询$", _PEOPLE_TIMES),
    Phrase("legalservice.advisor_coverage", r"覆盖率(?:达到?|为)?$", ("%",), context=r"法律顾问"),
    # 监督 (§2.8)
    Phrase(
        "rectification.received",
        rf"(?:收到|交办|反馈|发现|指出){_NOT_SEP}{{0,8}}(?:问题|事项|建议)$",
        ("件", "个", "项", "条"),
        context=r"整改",
    ),
    Phrase("rectification.done", r"(?:完成整改|整改到位|已整改|整改完成)$", ("件", "个", "项", "条")),
    Phrase("litigation.cases", r"行政诉讼(?:案件)?$", _COUNT),
    Phrase("litigation.reviews", r"行政复议(?:案件)?$", _COUNT),
    Phrase("litigation.hearings_agency", r"出庭应诉$", ("次",)),
    Phrase("litigation.hearings_head", r"负责人出庭(?:应诉)?$", ("次",)),
    Phrase("litigation.head_appearance_rate", r"(?:负责人)?出庭(?:应诉)?率(?:达到?|为)?$", ("%",)),
    Phrase("disclosures.total", r"(?:主动)?公开(?:政府)?信息$", ("条", "件")),
    Phrase("warning.sessions", r"警示教育(?:活动)?$", _TIMES),
    # 第一责任人 (§2.9)
    Phrase("duties.account", r"述法$", ("次",)),
)

# Units of one family agree (件 and 件次 are the same count); 人 and 人次 never do (domain.md §4).
_FAMILIES = (
    set(_COUNT),
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
    r"其中|同比|较上年|比上年|累计|近[一二三四五]?年|以来|平均|人均|每[个村年月]|提高|下降|增长|减少|增加"
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
            )
        )
    return out


def _unit_fits(metric, unit: str) -> bool:
    metric_unit = getattr(metric, "unit", "")
    if metric_unit == "%" or unit == "%":
        return metric_unit == unit
    return bool(metric_unit) and _family(metric_unit) == _family(unit)


def match_metric(figure: StatedFigure, available: Mapping[str, object]) -> str | None:
    """The id of the registered metric this figure quotes, or None; `available` maps ids to metrics."""
    if _SKIP_LEAD.search(figure.lead):
        return None
    best: tuple[int, str] | None = None

    def consider(length: int, metric_id: str) -> None:
        nonlocal best
        if best is None or length > best[0]:
            best = (length, metric_id)

    for phrase in PHRASES:
        if phrase.metric not in available or figure.unit not in phrase.units:
            continue
        m = re.search(phrase.lead, figure.lead)
        if m and not (phrase.context and not re.search(phrase.context, figure.sentence)):
            consider(len(m.group(0)), phrase.metric)
    # A metric's own label right before the number, in a unit of its family.
    for metric_id, metric in available.items():
        if _unit_fits(metric, figure.unit) and figure.lead.endswith(metric.label):
            consider(len(metric.label), metric_id)
    return best[1] if best else None


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
        for figure in stated_figures(para):
            metric_id = match_metric(figure, available)
            if metric_id and not (figure.in_part and metric_id in seen):
                found.append((figure, metric_id))
                seen.add(metric_id)
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
