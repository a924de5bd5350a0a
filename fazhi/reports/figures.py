"""One figure of a draft: how it reads in its display style, restyled, typed over by hand.

A paragraph's text holds placeholders {f1}; the body's figures table says what each is bound to:
    {"paragraph", "metric", "label", "unit", "style", "value", "numerator", "denominator", "text", "typed"}
A rate of exactly 100% whose sentence can be said in words also has "forms": {style: the sentence in
that style, with its placeholders}; choosing another style swaps the sentence in the paragraph. In the
全部·均 form the rate's own placeholder stands at the end of the words and reads as nothing.
"""

import re
from decimal import Decimal

from fazhi.metrics import display
from fazhi.metrics.registry import MetricValue, Ratio

PLACEHOLDER = re.compile(r"\{(f\d+)\}")


def figure_text(mv: MetricValue, style: str, unit: str) -> str:
    """The figure as this place writes it: "62件次", "60余人次", "95%"; a rate said as 全部/均 reads as
    nothing while it is exactly 100% (the words say it), else as its percent."""
    if style == display.FULL and mv.exact_full:
        return ""
    if isinstance(mv.metric, Ratio) or style in (display.PERCENT, display.FULL, display.COVERAGE):
        shown = display.format_percent(mv.numerator or 0, mv.denominator or 0)
        return display.NO_VALUE if shown is None else shown
    if mv.value is None:
        return display.NO_VALUE
    if style == display.APPROX and int(mv.value) == mv.value:
        return display.format_approx(int(mv.value)) + unit
    return display.format_exact(mv.value) + unit


def styles_for(fig: dict) -> list[str]:
    """The display styles a figure can take: 确数/约数 for a count; 百分比 for a rate, and the word
    forms its sentence has at exactly 100% (全部·均, 覆盖率100%)."""
    if is_rate(fig):
        return [display.PERCENT, *(s for s in fig.get("forms", {}) if s != display.PERCENT)]
    return [display.EXACT, display.APPROX]


def is_rate(fig: dict) -> bool:
    return fig.get("denominator") is not None or fig["style"] in (
        display.PERCENT,
        display.FULL,
        display.COVERAGE,
    )


def restyle(fig: dict, style: str) -> dict:
    """The figure in another display style, re-rendered from its value; ValueError for a style the
    figure cannot take. A rate's word forms swap its sentence: see `reports.services.draft_save`."""
    if style not in styles_for(fig):
        raise ValueError(style)
    if is_rate(fig):
        if style == display.FULL:
            return {**fig, "style": style, "text": ""}
        shown = display.format_percent(
            Decimal(str(fig["numerator"] or 0)), Decimal(str(fig["denominator"] or 0))
        )
        return {**fig, "style": style, "text": display.NO_VALUE if shown is None else shown}
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


def plain_value(v):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return str(v)
    return v


def new_figure(mv: MetricValue, bind, para_key: str, approx_units: frozenset[str] | None = None) -> dict:
    """A figure slot bound to `mv`. Its style: a percent for a rate; for a count, 约数 when its unit is
    one the township set to default to 约数 (`approx_units`), else 确数; with no such setting, the
    template's or the metric's own default (domain.md §4)."""
    metric = mv.metric
    unit = bind.unit if bind.unit is not None else metric.unit
    if isinstance(metric, Ratio):
        style = display.PERCENT
    elif approx_units is not None:
        style = display.APPROX if unit in approx_units else display.EXACT
    else:
        style = bind.style or metric.style
    return {
        "paragraph": para_key,
        "metric": metric.id,
        "label": metric.label,
        "unit": unit,
        "style": style,
        "value": plain_value(mv.value),
        "numerator": plain_value(mv.numerator),
        "denominator": plain_value(mv.denominator),
        "text": figure_text(mv, style, unit),
        "typed": None,
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
