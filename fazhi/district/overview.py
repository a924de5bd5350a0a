"""区级总览 (domain.md §7): every township of a district in one table of registered metrics, with the
district's total and median, cells far from the district flagged, and ledgers empty all period marked."""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.core import ledgers
from fazhi.metrics import display
from fazhi.metrics import registry as reg
from fazhi.orgs.models import Organisation

from . import figures
from .models import OverviewSettings


@dataclass(frozen=True)
class Column:
    """One figure of the overview: a registered metric, its short heading and its area."""

    metric_id: str
    heading: str
    area: str
    higher_is_better: bool = True


COLUMNS = (
    Column("disputes.resolution_rate", "矛盾纠纷化解率", "矛盾纠纷"),
    Column("petitions.reply_on_time_rate", "信访按期答复率", "信访"),
    Column("tickets.12345.on_time_rate", "12345工单按时答复率", "工单"),
    Column("tickets.supervision.on_time_rate", "督查工单按时答复率", "工单"),
    Column("reviews.total", "合法性审查（件）", "依法决策"),
    Column("enforcement.publish_on_time_rate", "执法决定按期公示率", "行政执法"),
    Column("legalservice.advisor_coverage", "一村一法律顾问", "公共法律服务"),
    Column("warning.sessions", "警示教育（次）", "监督"),
    Column("litigation.head_appearance_rate", "负责人出庭应诉率", "监督"),
    Column("deadlines.overdue_now", "当前逾期事项", "时限", higher_is_better=False),
)
METRIC_IDS = tuple(c.metric_id for c in COLUMNS)
# The row of the records filed with the district itself.
OWN_LABEL = "区本级"
# Trend charts: figures that have a month (coverage is a day's state, overdue is today's).
TREND_IDS = tuple(m for m in METRIC_IDS if m not in figures.GROUPED_CUSTOM)


@dataclass
class Cell:
    """One township's value of one column, with why it is highlighted."""

    column: Column
    value: reg.MetricValue
    far: str = ""  # "high" / "low" when far from the district
    empty_ledger: bool = False  # the ledger behind it has no record all period

    @property
    def number(self) -> float | None:
        return _number(self.value)

    @property
    def text(self) -> str:
        return value_text(self.value)

    @property
    def is_rate(self) -> bool:
        return self.value.is_rate


@dataclass
class Row:
    township: Organisation
    cells: list[Cell]
    empty_ledgers: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.cells if c.far == ("low" if c.column.higher_is_better else "high"))


@dataclass
class Overview:
    district: Organisation
    period: reg.Period
    columns: tuple[Column, ...]
    rows: list[Row]
    # 全区 = the townships plus 区本级 (`own`: the records filed with the district itself), equal to
    # `registry.compute` for the district; the median and the highlighting are the townships' only.
    total: list[reg.MetricValue]
    median: list[float | None]
    settings: OverviewSettings
    own: Row | None = None


def value_text(value: reg.MetricValue) -> str:
    """A figure as the overview shows it: coverage as "covered/villages", others as reports write them."""
    if value.metric.id == "legalservice.advisor_coverage":
        return f"{value.numerator}/{value.denominator}" if value.denominator else display.NO_VALUE
    return value.text


def _number(value: reg.MetricValue) -> float | None:
    if value.is_rate:
        return float(value.value) if value.denominator and value.value is not None else None
    return float(value.value) if value.value is not None else None


def settings_for(district: Organisation) -> OverviewSettings:
    """The district's highlighting rule (the defaults until an administrator changes them)."""
    found = OverviewSettings.objects.filter(district=district).first()
    return found or OverviewSettings(district=district)


def _far(number, reference, is_rate: bool, settings: OverviewSettings) -> str:
    """ "high"/"low" when a value is outside the band around the district's (rates: its rate in
    percentage points; counts: its median, by a share of it)."""
    if number is None or reference is None:
        return ""
    band = float(settings.rate_band) if is_rate else abs(reference) * settings.count_band / 100
    if not is_rate and reference == 0:
        band = 0.0
    if number > reference + band:
        return "high"
    if number < reference - band:
        return "low"
    return ""


def build(district: Organisation, period: reg.Period, *, base=None, whole=frozenset()) -> Overview:
    """The overview as read through `base` (a user's scope; None: everything); `whole` lists the
    organisations `base` reads in full, whose stored figures serve (`figures.township_figures`)."""
    townships = figures.townships_of(district)
    ids = [t.pk for t in townships]
    # The district's own records are grouped under the district's id, in the same one query per ledger.
    values, records = figures.township_figures(
        METRIC_IDS, [*ids, district.pk], period, base=base, whole=whole
    )
    year = period.start.year
    total = figures.district_total(METRIC_IDS, values, year)
    own_values = values.pop(district.pk)
    own = Row(district, [Cell(column, own_values[column.metric_id]) for column in COLUMNS])
    medians = []
    for column in COLUMNS:
        numbers = [n for t in ids if (n := _number(values[t][column.metric_id])) is not None]
        medians.append(statistics.median(numbers) if numbers else None)
    settings = settings_for(district)
    rows = []
    for township in townships:
        cells, empty = [], []
        for i, column in enumerate(COLUMNS):
            value = values[township.pk][column.metric_id]
            key = reg.ledger_of(value.metric, year)
            cell = Cell(column, value)
            cell.empty_ledger = bool(key) and records[township.pk].get(key) == 0
            if cell.empty_ledger:
                empty.append(ledgers.get(key).label)
            reference = _number(total[column.metric_id]) if cell.is_rate else medians[i]
            cell.far = _far(cell.number, reference, cell.is_rate, settings)
            cells.append(cell)
        rows.append(Row(township, cells, list(dict.fromkeys(empty))))
    total_list = [total[c.metric_id] for c in COLUMNS]
    return Overview(district, period, COLUMNS, rows, total_list, medians, settings, own)


def trends(district: Organisation, period: reg.Period, *, base=None, whole=frozenset()) -> dict:
    """ECharts data: per trend figure, the months, each township's series and the district's."""
    townships = figures.townships_of(district)
    ids = [t.pk for t in townships]
    # 区本级 is a series of its own and part of the district's (the total row's) series.
    data = figures.monthly(TREND_IDS, [*ids, district.pk], period, base=base, whole=whole)
    months = figures.month_starts(period)
    out = {"months": [f"{m:%Y-%m}" for m in months], "figures": []}
    year = period.start.year
    for column in COLUMNS:
        if column.metric_id not in TREND_IDS:
            continue
        per = data[column.metric_id]
        rate = isinstance(reg.registry.get(column.metric_id, year), reg.Ratio)
        point = _rate_point if rate else _count_point
        series = [
            {"name": t.label, "data": [point(per[t.pk][m]) for m in months]} for t in townships if t.pk in per
        ]
        series.append({"name": OWN_LABEL, "data": [point(per[district.pk][m]) for m in months]})
        district_series = []
        for m in months:
            month_values = [per[t][m] for t in per]
            if rate:
                num = sum(n or 0 for _, n, _ in month_values)
                den = sum(d or 0 for _, _, d in month_values)
                district_series.append(_rate_point((None, num, den)))
            else:
                district_series.append(float(sum(v or 0 for v, _, _ in month_values)))
        out["figures"].append(
            {
                "id": column.metric_id,
                "label": column.heading,
                "rate": rate,
                "townships": series,
                "district": district_series,
            }
        )
    return out


def _rate_point(parts: tuple):
    """A month's rate for the chart: its percentage as the reports show it, None without a denominator."""
    _, numerator, denominator = parts
    if not denominator:
        return None
    return float(display.percent_value(numerator, denominator) or Decimal(0))


def _count_point(parts: tuple) -> float:
    return float(parts[0] or 0)
