"""Drafting the report from the records (domain.md §5).

A body is JSON kept in each version:
    {"year", "township_id", "sections": [{"key", "part", "level", "heading",
                                          "paragraphs": [{"key", "text", "edited"}]}],
     "figures": {"f1": {"paragraph", "metric", "label", "unit", "style", "value", "numerator",
                        "denominator", "text", "typed"}},
     "warnings": [...]}
A paragraph's text holds placeholders {f1}; the figures table says what each is bound to. Headings are
stored without their numbers (一、/（一）), which are given when the body is laid out in the township's
part order.
"""

import re
from decimal import Decimal

from fazhi.core import ledgers
from fazhi.core.numerals import cn_label
from fazhi.metrics import display, phrases
from fazhi.metrics.registry import MetricValue, Period, Ratio, Total, compute, records, registry, uncountable
from fazhi.orgs.models import Organisation
from fazhi.reports.problems import data_problems

from . import blueprint as bp
from . import wording

PLACEHOLDER = re.compile(r"\{(f\d+)\}")
PART_ORDERS = {
    "leaders_third": ("intro", "measures", "shortcomings", "leaders", "plans", "other"),
    "leaders_second": ("intro", "measures", "leaders", "shortcomings", "plans", "other"),
}


def period_for(year: int) -> Period:
    return Period.year(year)


def figure_text(mv: MetricValue, style: str, unit: str) -> str:
    """The figure as this place writes it: "62件次", "60余人次", "95%"."""
    if isinstance(mv.metric, Ratio) or style == display.PERCENT:
        shown = display.format_percent(mv.numerator or 0, mv.denominator or 0)
        return display.NO_VALUE if shown is None else shown
    if mv.value is None:
        return display.NO_VALUE
    if style == display.APPROX and int(mv.value) == mv.value:
        return display.format_approx(int(mv.value)) + unit
    return display.format_exact(mv.value) + unit


def restyle(fig: dict, style: str) -> dict:
    """The figure in another display style (确数 or 约数; a rate stays a percent), re-rendered from its
    value; ValueError for a style the figure cannot take."""
    if fig.get("denominator") is not None or fig["style"] == display.PERCENT:
        if style != display.PERCENT:
            raise ValueError("比率只能以百分比表示")
        return fig
    if style not in (display.EXACT, display.APPROX):
        raise ValueError(style)
    value = Decimal(str(fig["value"])) if fig.get("value") is not None else None
    if value is None:
        return {**fig, "style": style}
    if style == display.APPROX and value == value.to_integral_value():
        text = display.format_approx(int(value)) + fig["unit"]
    else:
        text = display.format_exact(_plain_number(fig["value"])) + fig["unit"]
    return {**fig, "style": style, "text": text}


def _plain_number(v):
    return int(v) if isinstance(v, int) or (isinstance(v, str) and v.isdigit()) else Decimal(str(v))


def _plain(v):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return str(v)
    return v


class _Builder:
    """Renders the blueprint against computed values, numbering the figure slots f1, f2, …"""

    def __init__(
        self, values: dict[str, MetricValue], missing: set[str], unset: dict[str, str] | None = None
    ):
        self.values = values
        self.missing = missing
        # Metrics whose category has no active entry: a hint at the top of the draft, never a 0.
        self.unset = unset or {}
        self.figures: dict[str, dict] = {}
        self.warnings: list[str] = []
        self.counter = 0

    def clause(self, clause: bp.Clause, para_key: str) -> str | None:
        for bind in clause.binds.values():
            if bind.metric in self.missing:
                return None
            if bind.metric in self.unset:
                label = self.values[bind.metric].metric.label
                hint = f"本年度无法统计：{label}（{self.unset[bind.metric]}类别未设置或已停用）"
                if hint not in self.warnings:
                    self.warnings.append(hint)
                return None
            mv = self.values[bind.metric]
            keep = mv.metric.keep_zero if clause.keep_zero is None else clause.keep_zero
            if isinstance(mv.metric, Ratio) or mv.denominator is not None:
                if not mv.denominator or (not mv.numerator and not keep):
                    return None
            elif not mv.value and not keep:
                return None
        if clause.full and clause.full_of and self.values[clause.binds[clause.full_of].metric].exact_full:
            text = clause.full
        else:
            text = clause.text
        out = text
        for slot, bind in clause.binds.items():
            if "{" + slot + "}" not in out:
                continue
            self.counter += 1
            fid = f"f{self.counter}"
            self.figures[fid] = new_figure(self.values[bind.metric], bind, para_key)
            words = (phrases.say(bind.metric) or "") if bind.said else ""
            out = out.replace("{" + slot + "}", words + "{" + fid + "}")
        return out

    def clauses(self, point: bp.Point, para_key: str) -> list[str]:
        """The point's clauses that are kept; when the clause that opens a 其中 breakdown is left out
        (its figure is zero), the next kept part of the breakdown opens it instead."""
        out = []
        carry = False
        for clause in point.clauses:
            text = self.clause(clause, para_key)
            if text is None:
                carry = carry or clause.text.startswith("其中")
                continue
            if carry and _is_part(clause) and not text.startswith("其中"):
                text = "其中" + text
            carry = False
            out.append(text)
        return out

    def para(self, para: bp.Para, fmt: dict) -> dict | None:
        points = []
        for point in para.points:
            clauses = self.clauses(point, para.key)
            if point.clauses and not clauses:
                continue
            claim = point.claim.format(**fmt)
            points.append("，".join([claim, *clauses]) if claim else "，".join(clauses))
        if para.points and not points and not para.keep_lead:
            return None
        lead = para.lead.format(**fmt)
        if para.numbered and len(points) > 1:
            body = "；".join(f"{cn_label(i)}是{p}" for i, p in enumerate(points, 1))
        else:
            body = "；".join(points)
        text = lead + (body + "。" if body else "")
        return {"key": para.key, "text": text, "edited": False}


def _is_part(clause: bp.Clause) -> bool:
    """Whether the clause states a 其中 part of a figure (its metric's phrase has `part_of`)."""
    parts = {p.metric for p in phrases.all_phrases() if p.part_of}
    return any(bind.metric in parts for bind in clause.binds.values())


def new_figure(mv: MetricValue, bind: bp.Bind, para_key: str) -> dict:
    metric = mv.metric
    unit = bind.unit if bind.unit is not None else metric.unit
    style = bind.style or (display.PERCENT if isinstance(metric, Ratio) else metric.style)
    return {
        "paragraph": para_key,
        "metric": metric.id,
        "label": metric.label,
        "unit": unit,
        "style": style,
        "value": _plain(mv.value),
        "numerator": _plain(mv.numerator),
        "denominator": _plain(mv.denominator),
        "text": figure_text(mv, style, unit),
        "typed": None,
    }


def compute_values(township: Organisation, year: int) -> tuple[dict[str, MetricValue], set[str]]:
    """Every bound metric in one `compute` call (one query per ledger); ids not registered are returned
    apart so that the draft can say which sentences could not be written."""
    ids = bp.bound_metric_ids()
    missing = set()
    present = []
    for mid in ids:
        try:
            registry.get(mid, year)
            present.append(mid)
        except KeyError:
            missing.add(mid)
    return compute(present, township, period_for(year)), missing


def build_body(township: Organisation, year: int, computed=None) -> dict:
    """The platform's first draft for a township and year."""
    values, missing = computed or compute_values(township, year)
    builder = _Builder(values, missing, uncountable(values, township, year))
    fmt = {"year": year, "next_year": year + 1, "township": township.name, **wording.words(township)}
    sections = [
        {
            "key": "intro",
            "part": "intro",
            "level": 0,
            "heading": "",
            "paragraphs": [{"key": "intro", "text": bp.INTRO.format(**fmt), "edited": False}],
        }
    ]
    for section in (*bp.MEASURES, *bp.LEADERS):
        sections.append(_section(section, builder, fmt))
    sections.append(shortcomings_section(township, year, builder, fmt))
    for section in bp.PLANS:
        sections.append(_section(section, builder, fmt))
    # A level-2 section left without paragraphs says nothing: leave its heading out too.
    sections = [s for s in sections if s["level"] != 2 or s["paragraphs"]]
    warnings = [
        f"统计口径“{mid}”尚未登记，引用它的语句未生成。" for mid in sorted(missing)
    ] + builder.warnings
    return {
        "year": year,
        "township_id": township.pk,
        "sections": sections,
        "figures": builder.figures,
        "warnings": warnings,
    }


def _section(section: bp.Section, builder: _Builder, fmt: dict) -> dict:
    paragraphs = [p for p in (builder.para(para, fmt) for para in section.paras) if p]
    return {
        "key": section.key,
        "part": section.part,
        "level": section.level,
        "heading": section.heading.format(**fmt),
        "paragraphs": paragraphs,
    }


def shortcomings_section(township: Organisation, year: int, builder: _Builder, fmt: dict) -> dict:
    """Part 三 from the problems the records show (`fazhi.reports.problems`, the list the check expects
    part 三 to mention), silent ledgers and low on-time rates, then a general point."""
    period = period_for(year)
    points = []
    late = []
    for problem in data_problems(township, year):
        if problem.kind == "advisors":
            points.append(f"一村一法律顾问制度落实还不到位，{'、'.join(problem.names)}尚未配备法律顾问")
        elif problem.kind == "rectifications":
            clause = bp.C(
                f"问题整改还不够及时，{year}年交办的整改事项尚有{{n}}超过整改期限未完成",
                n=bp.Bind(bp.OVERDUE_RECTIFICATIONS, said=False),
            )
            text = builder.clause(clause, "shortcomings")
            if text:
                points.append(text)
        else:
            late.append(problem.text)
    silent = silent_ledgers(township, period)
    if silent:
        points.append(f"部分工作开展不够经常，全年{'、'.join(silent)}方面没有工作记录")
    for metric_id, label in bp.ON_TIME_RATES:
        mv = builder.values.get(metric_id)
        if mv is None or mv.omitted or mv.value is None or mv.value >= bp.LOW_RATE_PERCENT:
            continue
        text = builder.clause(bp.C(label + "为{r}", r=bp.Bind(metric_id, said=False)), "shortcomings")
        if text:  # a clause whose figure cannot be stated is left out, never written as "None"
            late.append(text)
    if late:
        points.append("办理时效有待提高，" + "，".join(late))
    points.append(bp.SHORTCOMINGS_GENERAL)
    body = "；".join(f"{cn_label(i)}是{p}" for i, p in enumerate(points, 1)) if len(points) > 1 else points[0]
    return {
        "key": "shortcomings",
        "part": "shortcomings",
        "level": 1,
        "heading": bp.SHORTCOMINGS_HEADING.format(**fmt),
        "paragraphs": [
            {
                "key": "shortcomings",
                "text": bp.SHORTCOMINGS_LEAD.format(**fmt) + body + "。",
                "edited": False,
            },
            {"key": "shortcomings.cause", "text": bp.SHORTCOMINGS_CAUSE, "edited": False},
        ],
    }


def silent_ledgers(township: Organisation, period: Period) -> list[str]:
    """Labels of expected ledgers with no active record dated in the period (one query per ledger)."""
    out = []
    for key, label in ledgers.expected_yearly():
        spec = ledgers.get(key)
        if spec is None:
            continue
        qs = spec.model.objects.filter(
            township_id=township.pk,
            voided=False,
            **{f"{spec.date_field}__gte": period.start, f"{spec.date_field}__lte": period.end},
        )
        if not qs.exists():
            out.append(label)
    return out


def refresh_body(body: dict, township: Organisation) -> tuple[dict, list[dict]]:
    """Re-render what nobody touched; keep typed figures (marked disagreeing); list what changed.

    An unedited paragraph is drafted again from its template, so wording and omitted sentences follow the
    new values; an edited paragraph keeps its prose and only its untyped figures are re-rendered.
    """
    year = body["year"]
    values, missing = compute_values(township, year)
    fresh = build_body(township, year, (values, missing))
    fresh_paras = {p["key"]: (s, p) for s in fresh["sections"] for p in s["paragraphs"]}
    old_figs = body.get("figures", {})
    changes: list[dict] = []
    figures: dict[str, dict] = {}
    counter = max([int(k[1:]) for k in old_figs] + [0])

    def old_texts(para_key, figs):
        return {(f["metric"], f["paragraph"]): f["text"] for f in figs.values() if f["paragraph"] == para_key}

    sections = []
    seen = set()
    for section in body["sections"]:
        new_paras = []
        for para in section["paragraphs"]:
            seen.add(para["key"])
            if not para.get("edited") and para["key"] in fresh_paras:
                _, fresh_para = fresh_paras[para["key"]]
                # Renumber the fresh draft's slots after the old ones so ids never clash.
                mapping = {}
                for fid in PLACEHOLDER.findall(fresh_para["text"]):
                    counter += 1
                    mapping[fid] = f"f{counter}"
                    figures[mapping[fid]] = fresh["figures"][fid]
                text = _renumber(fresh_para["text"], mapping)
                before = old_texts(para["key"], {k: old_figs[k] for k in PLACEHOLDER.findall(para["text"])})
                after = {
                    (f["metric"], f["paragraph"]): f["text"] for f in (figures[v] for v in mapping.values())
                }
                for key in sorted(set(before) | set(after)):
                    if before.get(key) != after.get(key):
                        changes.append(_change(key[0], before.get(key), after.get(key)))
                new_paras.append({**para, "text": text})
            elif not para.get("edited") and para["key"] not in fresh_paras and _was_generated(para["key"]):
                # Every sentence of the paragraph is now left out.
                for fid in PLACEHOLDER.findall(para["text"]):
                    changes.append(_change(old_figs[fid]["metric"], old_figs[fid]["text"], None))
            else:
                for fid in PLACEHOLDER.findall(para["text"]):
                    fig = dict(old_figs[fid])
                    mv = values.get(fig["metric"])
                    if mv is not None:
                        new_text = figure_text(mv, fig["style"], fig["unit"])
                        if new_text != fig["text"]:
                            changes.append(_change(fig["metric"], fig["text"], new_text))
                        fig.update(
                            value=_plain(mv.value),
                            numerator=_plain(mv.numerator),
                            denominator=_plain(mv.denominator),
                            text=new_text,
                        )
                    figures[fid] = fig
                new_paras.append(para)
        sections.append({**section, "paragraphs": new_paras})
    # Paragraphs the new data brings (a ledger that had nothing before) go into their sections.
    by_key = {s["key"]: s for s in sections}
    for fresh_section in fresh["sections"]:
        for para in fresh_section["paragraphs"]:
            if para["key"] in seen or fresh_section["key"] not in by_key:
                continue
            mapping = {}
            for fid in PLACEHOLDER.findall(para["text"]):
                counter += 1
                mapping[fid] = f"f{counter}"
                figures[mapping[fid]] = fresh["figures"][fid]
                changes.append(_change(fresh["figures"][fid]["metric"], None, fresh["figures"][fid]["text"]))
            text = _renumber(para["text"], mapping)
            by_key[fresh_section["key"]]["paragraphs"].append({**para, "text": text})
    out = {**body, "sections": sections, "figures": figures, "warnings": fresh["warnings"]}
    return out, changes


def _renumber(text: str, mapping: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: "{" + mapping[m.group(1)] + "}", text)


def _was_generated(key: str) -> bool:
    return not key.startswith("manual-")


def _change(metric_id: str, before: str | None, after: str | None) -> dict:
    try:
        label = registry.get(metric_id).label
    except KeyError:
        label = metric_id
    return {
        "metric": metric_id,
        "label": label,
        "before": before or "（无）",
        "after": after or "（语句略去）",
    }


def disagrees(fig: dict) -> bool:
    """Whether a figure typed over by hand does not state the records. A typed 约数 ("350余次" for
    353) or another rounding of the same rate agrees, as the report check judges it."""
    typed = fig.get("typed")
    if typed in (None, "") or typed == fig["text"]:
        return False
    return not display.stated_agrees(typed, fig.get("value"), fig.get("numerator"), fig.get("denominator"))


def disagreements(body: dict) -> dict[str, str]:
    """Figures typed over by hand that do not state the records: {slot: computed text}."""
    return {fid: fig["text"] for fid, fig in body.get("figures", {}).items() if disagrees(fig)}


def shown_text(fig: dict) -> str:
    return fig["typed"] if fig.get("typed") not in (None, "") else fig["text"]


def leaf_metrics(metric_id: str, year: int) -> list:
    """The countable metrics behind a figure (a ratio's two parts, a total's parts)."""
    metric = registry.get(metric_id, year)
    if isinstance(metric, Ratio):
        return leaf_metrics(metric.numerator, year) + leaf_metrics(metric.denominator, year)
    if isinstance(metric, Total):
        return [m for part in metric.parts for m in leaf_metrics(part, year)]
    return [metric]


def freeze(body: dict, township: Organisation) -> dict:
    """Each figure's value and the ids of the records behind it, as of now (one query per distinct
    countable metric behind the figures)."""
    year = body["year"]
    period = period_for(year)
    ids_by_metric: dict[str, list[int]] = {}
    frozen = {}
    for fid, fig in body.get("figures", {}).items():
        behind = {}
        for leaf in leaf_metrics(fig["metric"], year):
            if leaf.id not in ids_by_metric:
                qs = records(leaf, township, period)
                ids_by_metric[leaf.id] = sorted(qs.values_list("pk", flat=True))
            behind[leaf.id] = {"ledger": leaf.ledger, "ids": ids_by_metric[leaf.id]}
        frozen[fid] = {
            "metric": fig["metric"],
            "value": fig["value"],
            "numerator": fig["numerator"],
            "denominator": fig["denominator"],
            "text": shown_text(fig),
            "records": behind,
        }
    return frozen


def stale_figures(body: dict, township: Organisation) -> list[dict]:
    """Untyped figures whose text no longer matches the records (the draft needs 刷新数据)."""
    values, _ = compute_values(township, body["year"])
    out = []
    for fig in body.get("figures", {}).values():
        mv = values.get(fig["metric"])
        if mv is None:
            continue
        now = figure_text(mv, fig["style"], fig["unit"])
        if now != fig["text"]:
            out.append(_change(fig["metric"], fig["text"], now))
    return out


def layout(body: dict, part_order: str) -> list[dict]:
    """The body as blocks in the township's part order, numbered: heading blocks (level 1/2) carrying
    "一、…"/"（一）…" and paragraph blocks carrying segments (str or figure dict with its slot)."""
    order = PART_ORDERS.get(part_order, PART_ORDERS["leaders_second"])
    rank = {part: i for i, part in enumerate(order)}
    sections = sorted(
        enumerate(body["sections"]), key=lambda pair: (rank.get(pair[1]["part"], len(order)), pair[0])
    )
    blocks: list[dict] = []
    n1 = 0
    n2 = 0
    figures = body.get("figures", {})
    for _, section in sections:
        paras = [p for p in section["paragraphs"] if p["text"].strip()]
        if section["level"] == 1:
            n1 += 1
            n2 = 0
            blocks.append({"kind": "h1", "text": f"{cn_label(n1)}、{section['heading']}"})
        elif section["level"] == 2:
            if not paras:
                continue
            n2 += 1
            blocks.append({"kind": "h2", "text": f"（{cn_label(n2)}）{section['heading']}"})
        elif section["level"] == 3:
            blocks.append({"kind": "h3", "text": section["heading"]})
        for para in paras:
            blocks.append({"kind": "p", "key": para["key"], "segments": segments(para["text"], figures)})
    return blocks


def segments(text: str, figures: dict) -> list:
    out: list = []
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            out.append(text[pos : match.start()])
        fig = figures.get(match.group(1))
        out.append({**fig, "slot": match.group(1)} if fig else match.group(0))
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def plain(segs: list) -> str:
    return "".join(s if isinstance(s, str) else shown_text(s) for s in segs)
