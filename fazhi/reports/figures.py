"""One figure of a draft: how it reads in its display style, restyled, typed over by hand.

A paragraph's text holds placeholders {f1}; the body's figures table says what each is bound to:
    {"paragraph", "metric", "label", "unit", "style", "value", "numerator", "denominator", "text", "typed"}
"""

import re
from decimal import Decimal

from fazhi.metrics import display
from fazhi.metrics.registry import MetricValue, Ratio

PLACEHOLDER = re.compile(r"\{(f\d+)\}")


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


def plain_value(v):
    if v is None:
        return None
    if isinstance(v, Decimal):
        return str(v)
    return v


def new_figure(mv: MetricValue, bind, para_key: str) -> dict:
    metric = mv.metric
    unit = bind.unit if bind.unit is not None else metric.unit
    style = bind.style or (display.PERCENT if isinstance(metric, Ratio) else metric.style)
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
