"""The kinds of metric, the period they are computed for, their values and the registry of them all.

See `fazhi.metrics.registry` for the conventions of the ledger apps' `metrics.py` and for `compute`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from fazhi.core import ledgers

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
    # What is counted: the records ("pk") or their child rows by related name (e.g. "hearings").
    counts: str = "pk"
    # (category list key, default code) for a breakdown by a district-configurable category: without
    # an active entry of that code the figure cannot be counted (see `uncountable`).
    category: tuple[str, str] | None = None

    @property
    def spec(self):
        return ledgers.get(self.ledger)

    def in_period(self, period: Period) -> Q:
        """The record's date (the metric's date field) falls in the period."""
        spec = self.spec
        field_name = self.date_field or spec.date_field
        model_field = spec.model._meta.get_field(field_name.split("__")[0])
        if isinstance(model_field, _DATETIME_FIELDS):
            tz = timezone.get_current_timezone()
            start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
            end = timezone.make_aware(datetime.combine(period.end, time.max), tz)
            return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})
        return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})

    def condition(self, period: Period) -> Q:
        q = self.in_period(period)
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
    def is_rate(self) -> bool:
        return isinstance(self.metric, Ratio) or self.metric.style == display.PERCENT

    @property
    def text(self) -> str:
        """The figure as a report writes it; "—" for a rate with a zero denominator."""
        if self.is_rate:
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
        if self.is_rate:
            return not self.denominator
        return not self.value and not self.metric.keep_zero

    @property
    def exact_full(self) -> bool:
        """Exactly 100% (templates may say 全部/均)."""
        return self.is_rate and bool(self.denominator) and self.numerator == self.denominator


class Registry:
    """All metrics by id, each id with its versions by year."""

    def __init__(self):
        self._versions: dict[str, list[Metric]] = defaultdict(list)
        # Caches of resolved and compiled computations, emptied whenever a metric is registered.
        self.caches: list[dict] = []

    def register(self, *metrics: Metric) -> None:
        for metric in metrics:
            for other in self._versions[metric.id]:
                if _overlap(other, metric):
                    raise ValueError(f"metric {metric.id} has overlapping versions")
            self._versions[metric.id].append(metric)
        for cache in self.caches:
            cache.clear()

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


def breakdown(
    prefix: str,
    *,
    ledger: str,
    field: str,
    choices,
    label: str,
    definition: str,
    unit: str,
    category_list: str | None = None,
    **extra,
) -> list["Count"]:
    """One Count per code: `choices` is a TextChoices class or a list of (code, label) defaults.

    `label` and `definition` are formats with {label} (the code's Chinese label); ids are
    "<prefix>.<code>". For a Category foreign key pass field="<fk>__key" (the default entry an entry
    counts as, so a district's own 进校园 mapped to 进学校 is counted there) and the list's key as
    `category_list`, so that a district without an active entry of a code gets a hint, not a 0.
    """
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return [
        Count(
            id=f"{prefix}.{code}",
            label=label.format(label=name),
            definition=definition.format(label=name),
            unit=unit,
            ledger=ledger,
            where=Q(**{field: code}),
            category=(category_list, code) if category_list else None,
            **extra,
        )
        for code, name in pairs
    ]
