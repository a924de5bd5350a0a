"""The metric registry: every figure a report, dashboard or district view quotes is one named metric.

A metric has an id, a Chinese label, a written definition, a unit and display style, the ledger whose
records it counts and the date field that places a record in a period. Definitions are versioned by
year (`since`/`until`) so that last year's figures do not move when a definition changes.

Values are computed for an organisation (village, township or district) and a `Period`; `compute`
answers many metrics with one conditional-aggregation query per ledger, whatever the number of records.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count as CountAgg
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.core import ledgers
from fazhi.orgs.models import Organisation, OrgKind

from . import display


@dataclass(frozen=True)
class Period:
    """A date range [start, end] judged as of `as_of` (数据截至)."""

    start: date
    end: date
    as_of: date

    @classmethod
    def year(cls, year: int, as_of: date | None = None) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), as_of or date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int, as_of: date | None = None) -> "Period":
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - _ONE_DAY
        return cls(start, end, as_of or end)

    @classmethod
    def month(cls, year: int, month: int, as_of: date | None = None) -> "Period":
        end = date(year + (month == 12), month % 12 + 1, 1) - _ONE_DAY
        return cls(date(year, month, 1), end, as_of or end)

    @classmethod
    def between(cls, start: date, end: date, as_of: date | None = None) -> "Period":
        return cls(start, end, as_of or end)

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end == date(self.start.year, 12, 31):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


@dataclass(frozen=True)
class Metric:
    """Base of every metric kind."""

    id: str
    label: str
    definition: str
    unit: str
    style: str = display.EXACT
    since: int = 2000
    until: int | None = None
    # Whether a zero value still reads in a report sentence ("收到…整改建议0件" is worth saying).
    keep_zero: bool = False

    def applies_to(self, year: int) -> bool:
        return self.since <= year and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class Count(Metric):
    """Counts the active records of a ledger in the period, or sums one of their fields."""

    ledger: str = ""
    # Extra condition on the records; a callable receives the Period (for "as of 数据截至" rules).
    where: Q | Callable[[Period], Q] | None = None
    date_field: str | None = None  # default: the ledger's date field
    sum_field: str | None = None  # e.g. "audience" for 人次 given per record

    @property
    def spec(self):
        return ledgers.get(self.ledger)

    def condition(self, period: Period) -> Q:
        spec = self.spec
        field_name = self.date_field or spec.date_field
        model_field = spec.model._meta.get_field(field_name.split("__")[0])
        if isinstance(model_field, _DATETIME_FIELDS):
            tz = timezone.get_current_timezone()
            start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
            end = timezone.make_aware(datetime.combine(period.end, time.max), tz)
            q = Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})
        else:
            q = Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})
        extra = self.where(period) if callable(self.where) else self.where
        return q & extra if extra is not None else q


@dataclass(frozen=True)
class Ratio(Metric):
    """numerator / denominator of two other metrics, shown as a percent."""

    numerator: str = ""
    denominator: str = ""
    style: str = display.PERCENT
    unit: str = "%"


@dataclass(frozen=True)
class Total(Metric):
    """The sum of other metrics (e.g. 进乡村 + 进社区 quoted as 进村社; 书籍册 + 资料份)."""

    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Custom(Metric):
    """A figure not countable by one aggregation (e.g. coverage on the 数据截至 date).

    `compute(org, period, base) -> (value, numerator, denominator)`; `records(org, period, base)`
    returns the queryset behind it. `ledger` names the ledger whose records are behind it.
    """

    ledger: str = ""
    compute_fn: Callable | None = None
    records_fn: Callable | None = None


def _datetime_fields():
    from django.db import models

    return (models.DateTimeField,)


_DATETIME_FIELDS = _datetime_fields()


@dataclass
class MetricValue:
    """A metric's value for one organisation and period, with its display text."""

    metric: Metric
    value: int | Decimal | None
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None

    @property
    def text(self) -> str:
        """The figure as a report writes it; "—" for a rate with a zero denominator."""
        if isinstance(self.metric, Ratio):
            shown = display.format_percent(self.numerator or 0, self.denominator or 0)
            return shown if shown is not None else display.NO_VALUE
        if self.value is None:
            return display.NO_VALUE
        if self.metric.style == display.APPROX:
            return display.format_approx(int(self.value))
        return display.format_exact(self.value)

    @property
    def omitted(self) -> bool:
        """True when a sentence quoting it should be left out (zero denominator; zero unless kept)."""
        if isinstance(self.metric, Ratio):
            return not self.denominator
        return not self.value and not self.metric.keep_zero

    @property
    def exact_full(self) -> bool:
        """Exactly 100% (templates may say 全部/均)."""
        return (
            isinstance(self.metric, Ratio) and bool(self.denominator) and self.numerator == self.denominator
        )


class Registry:
    """All metrics by id, each id with its versions by year."""

    def __init__(self):
        self._versions: dict[str, list[Metric]] = defaultdict(list)

    def register(self, *metrics: Metric) -> None:
        for metric in metrics:
            for other in self._versions[metric.id]:
                if _overlap(other, metric):
                    raise ValueError(f"metric {metric.id} has overlapping versions")
            self._versions[metric.id].append(metric)

    def get(self, metric_id: str, year: int | None = None) -> Metric:
        versions = self._versions.get(metric_id)
        if not versions:
            raise KeyError(f"没有统计口径“{metric_id}”")
        if year is None:
            return max(versions, key=lambda m: m.since)
        for metric in versions:
            if metric.applies_to(year):
                return metric
        raise KeyError(f"统计口径“{metric_id}”在{year}年没有定义")

    def all(self, year: int | None = None) -> list[Metric]:
        out = []
        for metric_id in self._versions:
            try:
                out.append(self.get(metric_id, year))
            except KeyError:
                continue
        return out

    def __contains__(self, metric_id: str) -> bool:
        return metric_id in self._versions


def _overlap(a: Metric, b: Metric) -> bool:
    a_end = a.until if a.until is not None else 9999
    b_end = b.until if b.until is not None else 9999
    return a.since <= b_end and b.since <= a_end


registry = Registry()
register = registry.register


def org_condition(org: Organisation) -> Q:
    """Records of an organisation: a village's own, a township's, or every township of a district."""
    if org.kind == OrgKind.VILLAGE:
        return Q(village_id=org.pk)
    if org.kind == OrgKind.TOWNSHIP:
        return Q(township_id=org.pk)
    if org.kind == OrgKind.DISTRICT:
        return Q(township__district_id=org.pk)
    if org.kind == OrgKind.GROUP:
        return Q(group_id=org.pk)
    raise ValueError(org.kind)


def _base(spec, base: Callable[[type], QuerySet] | None) -> QuerySet:
    """The records a computation may read: the caller's scoped queryset (a user's) or, for the
    system (CLI, approval freezing), every record. Voided records never count."""
    qs = base(spec.model) if base is not None else spec.model.objects.all()
    return qs.filter(voided=False)


def records(metric_id: str | Metric, org: Organisation, period: Period, *, base=None) -> QuerySet:
    """The records behind a figure (for a ratio: those of its numerator)."""
    metric = metric_id if isinstance(metric_id, Metric) else registry.get(metric_id, period.start.year)
    if isinstance(metric, Ratio):
        return records(metric.numerator, org, period, base=base)
    if isinstance(metric, Total):
        raise ValueError("合计类口径请分别打开各组成部分的记录")
    if isinstance(metric, Custom):
        return metric.records_fn(org, period, base)
    return _base(metric.spec, base).filter(org_condition(org)).filter(metric.condition(period))


def compute(
    metric_ids: Iterable[str], org: Organisation, period: Period, *, base=None
) -> dict[str, MetricValue]:
    """Values of many metrics: one aggregation query per ledger involved, plus one per custom metric."""
    year = period.start.year
    wanted: dict[str, Metric] = {}

    def need(mid: str):
        if mid in wanted:
            return
        metric = registry.get(mid, year)
        wanted[mid] = metric
        if isinstance(metric, Ratio):
            need(metric.numerator)
            need(metric.denominator)
        elif isinstance(metric, Total):
            for part in metric.parts:
                need(part)

    for mid in metric_ids:
        need(mid)

    raw: dict[str, int | Decimal] = {}
    by_ledger: dict[str, list[Count]] = defaultdict(list)
    for metric in wanted.values():
        if isinstance(metric, Count):
            by_ledger[metric.ledger].append(metric)
    for ledger_key, metrics in by_ledger.items():
        spec = ledgers.get(ledger_key)
        aggregates = {}
        for metric in metrics:
            condition = metric.condition(period)
            if metric.sum_field:
                aggregates[metric.id] = Coalesce(Sum(metric.sum_field, filter=condition), 0)
            else:
                aggregates[metric.id] = CountAgg("pk", filter=condition)
        raw.update(_base(spec, base).filter(org_condition(org)).aggregate(**aggregates))

    values: dict[str, MetricValue] = {}
    for mid, metric in wanted.items():
        if isinstance(metric, Custom):
            value, num, den = metric.compute_fn(org, period, base)
            values[mid] = MetricValue(metric, value, num, den)
        elif isinstance(metric, Count):
            values[mid] = MetricValue(metric, raw[mid])
    for mid, metric in wanted.items():
        if isinstance(metric, Total):
            values[mid] = MetricValue(metric, sum(values[p].value or 0 for p in metric.parts))
    for mid, metric in wanted.items():
        if isinstance(metric, Ratio):
            num, den = values[metric.numerator].value or 0, values[metric.denominator].value or 0
            values[mid] = MetricValue(metric, display.percent_value(num, den), num, den)
    return {mid: values[mid] for mid in metric_ids}


def value(metric_id: str, org: Organisation, period: Period, *, base=None) -> MetricValue:
    return compute([metric_id], org, period, base=base)[metric_id]


__all__ = [
    "Count",
    "Custom",
    "Metric",
    "MetricValue",
    "Period",
    "Ratio",
    "Total",
    "compute",
    "records",
    "register",
    "registry",
    "value",
]
