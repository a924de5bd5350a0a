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

from fazhi.core import ledgers
from fazhi.core.numerals import cn_label
from fazhi.metrics import display, phrases
from fazhi.metrics.registry import MetricValue, Period, Ratio, compute, registry, uncountable
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.reports.problems import data_problems

from . import blueprint as bp
from . import wording
from .figures import (  # noqa: F401 — the body's figure helpers, named here for callers of drafting
    PLACEHOLDER,
    disagreements,
    disagrees,
    figure_text,
    new_figure,
    restyle,
    shown_text,
)
from .layout import PART_ORDERS, layout, plain, segments  # noqa: F401
from .models import ReportSettings


def period_for(year: int) -> Period:
    return Period.year(year)


class _Builder:
    """Renders the blueprint against computed values, numbering the figure slots f1, f2, …"""

    def __init__(
        self,
        values: dict[str, MetricValue],
        missing: set[str],
        unset: dict[str, str] | None = None,
        approx_units: frozenset[str] | None = None,
    ):
        self.values = values
        # The township's units that default to 约数 (None: each metric's own default).
        self.approx_units = approx_units
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
        full = bool(clause.full and self.values[clause.binds[clause.full_of].metric].exact_full)
        templates = {display.PERCENT: clause.text}
        if full:
            # The rate's placeholder ends the words, so that the editor can offer its styles.
            rate = "{" + clause.full_of + "}"
            templates[display.FULL] = clause.full if rate in clause.full else clause.full + rate
            if clause.coverage:
                templates[display.COVERAGE] = clause.coverage
        ids = {}
        for slot, bind in clause.binds.items():
            if any("{" + slot + "}" in t for t in templates.values()):
                self.counter += 1
                ids[slot] = f"f{self.counter}"
                self.figures[ids[slot]] = new_figure(
                    self.values[bind.metric], bind, para_key, self.approx_units
                )
        forms = {
            style: _render(template, clause, ids, said=style != display.COVERAGE)
            for style, template in templates.items()
        }
        if not full:
            return forms[display.PERCENT]
        rate_fig = self.figures[ids[clause.full_of]]
        rate_fig.update(style=display.FULL, text="", forms=forms)
        return forms[display.FULL]

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


def _render(template: str, clause: bp.Clause, ids: dict[str, str], said: bool = True) -> str:
    """The clause with each slot written as its metric's phrase (unless `said` is off) and placeholder."""
    out = template
    for slot, bind in clause.binds.items():
        if slot in ids:
            words = (phrases.say(bind.metric) or "") if bind.said and said else ""
            out = out.replace("{" + slot + "}", words + "{" + ids[slot] + "}")
    return out


def _is_part(clause: bp.Clause) -> bool:
    """Whether the clause states a 其中 part of a figure (its metric's phrase has `part_of`)."""
    parts = {p.metric for p in phrases.all_phrases() if p.part_of}
    return any(bind.metric in parts for bind in clause.binds.values())


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
    """The platform's first draft for a township and year (a district's own report: district_drafting)."""
    if township.kind == OrgKind.DISTRICT:
        from .district_drafting import build_district_body

        return build_district_body(township, year, computed)
    values, missing = computed or compute_values(township, year)
    settings = ReportSettings.objects.filter(township=township).first()
    approx_units = settings.approx_unit_set() if settings else None
    builder = _Builder(values, missing, uncountable(values, township, year), approx_units)
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
    silent = silent_ledgers(township, period_for(year))
    return shortcomings(
        township,
        year,
        builder,
        fmt,
        advisors="一村一法律顾问制度落实还不到位，{names}尚未配备法律顾问",
        silent=f"部分工作开展不够经常，全年{'、'.join(silent)}方面没有工作记录" if silent else None,
    )


def shortcomings(
    org: Organisation, year: int, builder: _Builder, fmt: dict, *, advisors: str, silent
) -> dict:
    """Part 三 of a township's or a district's report: the organisation's problems (advisors worded by
    `advisors`), the `silent` point if any, low on-time rates, then a general point."""
    points = []
    late = []
    for problem in data_problems(org, year):
        if problem.kind == "advisors":
            points.append(advisors.format(names="、".join(problem.names)))
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
    if silent:
        points.append(silent)
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
