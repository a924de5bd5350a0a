"""The metric registry: every figure a report, dashboard or district view quotes is one named metric.

A metric has an id, a Chinese label, a written definition, a unit and display style, the ledger whose
records it counts and the date field that places a record in a period. Definitions are versioned by
year (`since`/`until`) so that last year's figures do not move when a definition changes.

Values are computed for an organisation (village, township or district) and a `Period`; `compute`
answers many metrics with one conditional-aggregation query per ledger, whatever the number of records,
plus one query per `Custom` metric.

Conventions of the ledger apps' `metrics.py` (each app registers its own figures):
- ids are "<area>.<figure>" (e.g. "publicity.activities", "tickets.12345.on_time_rate");
- a record counts in the period of the ledger's date field unless the metric names another
  (`date_field`); outcomes ("化解", "按期答复", "已完成") are judged over those same records as of the
  period's 数据截至 date (`Period.as_of`), through a `where` callable that receives the period;
- grouped breakdowns ("活动 by 法律七进 category", "审查 by type") are one `Count` per code, made by
  `breakdown()`: for a `TextChoices` field from its choices; for a district-configurable `Category`
  list from that list's *default* codes (a category a district adds beyond the defaults is counted in
  the ledger's total only, so that townships stay comparable);
- child rows (e.g. the 开庭 hearings of a lawsuit) are counted with `counts="<related name>"`: the
  ledger's one query then counts DISTINCT ids, and a ledger with such a metric takes no `sum_field`;
- a count of people (人) is never a sum of 人次: it comes from a field that states people.
"""

import itertools
import re
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

    def register(self, *metrics: Metric) -> None:
        for metric in metrics:
            for other in self._versions[metric.id]:
                if _overlap(other, metric):
                    raise ValueError(f"metric {metric.id} has overlapping versions")
            self._versions[metric.id].append(metric)
        _RESOLVED.clear()
        _COMBINED.clear()

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
    """Records of an organisation: a village's own, a township's, or every township of a district
    together with the district's own records (filed with the district as their organisation)."""
    if org.kind == OrgKind.VILLAGE:
        return Q(village_id=org.pk)
    if org.kind == OrgKind.TOWNSHIP:
        return Q(township_id=org.pk)
    if org.kind == OrgKind.DISTRICT:
        return Q(township__district_id=org.pk) | Q(township_id=org.pk)
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
        parts = [registry.get(p, period.start.year) for p in metric.parts]
        if not all(isinstance(p, Count) and p.ledger == parts[0].ledger for p in parts):
            raise ValueError("合计类口径请分别打开各组成部分的记录")
        condition = Q(pk__in=[])
        for part in parts:
            condition |= part.condition(period)
        qs = _base(parts[0].spec, base).filter(org_condition(org)).filter(condition)
        return qs.distinct() if any(p.counts != "pk" for p in parts) else qs
    if isinstance(metric, Custom):
        return metric.records_fn(org, period, base)
    qs = _base(metric.spec, base).filter(org_condition(org)).filter(metric.condition(period))
    return qs.distinct() if metric.counts != "pk" else qs


def ledger_of(metric: Metric, year: int | None = None) -> str | None:
    """The ledger whose records are behind a figure; None for a total over several ledgers."""
    if isinstance(metric, Count | Custom):
        return metric.ledger
    parts = (metric.numerator, metric.denominator) if isinstance(metric, Ratio) else metric.parts
    keys = {ledger_of(registry.get(p, year), year) for p in parts}
    return keys.pop() if len(keys) == 1 else None


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
    "<prefix>.<code>". For a Category foreign key pass field="<fk>__code" and the list's key as
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


def uncountable(metric_ids: Iterable[str], township: Organisation, year: int) -> dict[str, str]:
    """Metrics that cannot be counted for the township because a category they count by has no active
    entry in its district's list: {metric id: the missing entries, in Chinese}. A total or ratio is
    uncountable when a part is. One query for all the lists involved."""
    from fazhi.core.categories import LISTS
    from fazhi.core.models import Category

    def leaves(mid: str) -> list[Count]:
        metric = registry.get(mid, year)
        if isinstance(metric, Ratio):
            return leaves(metric.numerator) + leaves(metric.denominator)
        if isinstance(metric, Total):
            return [leaf for part in metric.parts for leaf in leaves(part)]
        return [metric] if isinstance(metric, Count) and metric.category else []

    wanted = {mid: leaves(mid) for mid in metric_ids if mid in registry}
    keys = {leaf.category[0] for found in wanted.values() for leaf in found}
    if not keys:
        return {}
    # A district (its own report) counts by its own lists.
    district_id = township.pk if township.kind == OrgKind.DISTRICT else township.district_id
    active = set(
        Category.objects.filter(list_key__in=keys, district_id=district_id, active=True)
        .filter(Q(township__isnull=True) | Q(township=township))
        .values_list("list_key", "code")
    )
    out = {}
    for mid, found in wanted.items():
        missing = [leaf for leaf in found if leaf.category not in active]
        if missing:
            names = "、".join(
                f"{LISTS[leaf.category[0]].label if leaf.category[0] in LISTS else leaf.category[0]}"
                f"“{_default_label(leaf.category)}”"
                for leaf in missing
            )
            out[mid] = names
    return out


def _default_label(category: tuple[str, str]) -> str:
    from fazhi.core.categories import LISTS

    lst = LISTS.get(category[0])
    return dict(lst.defaults).get(category[1], category[1]) if lst else category[1]


def _aggregates(spec, metrics, period: Period) -> dict:
    """One filtered aggregate per metric of a ledger."""
    # Counting child rows joins them, which repeats each record: count distinct ids then.
    joined = any(m.counts != "pk" for m in metrics)
    # The WHERE of every aggregation keeps the records dated in the period (`_any_in_period`); when all
    # the metrics place records by the same date, that is all their date condition says.
    one_date = len(dict.fromkeys(m.in_period(period) for m in metrics)) == 1
    aggregates = {}
    for metric in metrics:
        if one_date:
            condition = metric.where(period) if callable(metric.where) else metric.where
        else:
            condition = metric.condition(period)
        if metric.sum_field:
            if joined:
                raise ValueError(f"{spec.key}: a ledger with child-row counts cannot sum a field")
            field = spec.model._meta.get_field(metric.sum_field)
            aggregates[metric.id] = Coalesce(Sum(metric.sum_field, filter=condition), 0, output_field=field)
        else:
            counted = "pk" if metric.counts == "pk" else f"{metric.counts}__pk"
            aggregates[metric.id] = CountAgg(counted, filter=condition, distinct=joined)
    return aggregates


# Compiled aggregation queries. Building a query with dozens of filtered aggregates through the ORM
# costs far more than running it, so the SQL of each (ledger, metrics, organisation level) is compiled
# once with sentinel values and then run with the real ones. Only for unscoped computations (report
# drafting, freezing, CLI): a user's scope adds parameters of its own, and those go through the ORM.
_PLANS: dict[tuple, tuple[str, list] | None] = {}
_SENTINELS = (
    (-918273645, Period(date(1901, 1, 3), date(1901, 11, 27), date(1901, 12, 29))),
    (-918273646, Period(date(1902, 2, 5), date(1902, 10, 25), date(1902, 12, 30))),
)


def _period_params(period: Period) -> dict:
    """The database forms of every value a period puts in a query, by role."""
    from django.db import connection

    tz = timezone.get_current_timezone()
    ops = connection.ops
    start_dt = timezone.make_aware(datetime.combine(period.start, time.min), tz)
    end_dt = timezone.make_aware(datetime.combine(period.end, time.max), tz)
    as_of_dt = timezone.make_aware(datetime.combine(period.as_of, time.max), tz)
    return {
        "as_of_dt": ops.adapt_datetimefield_value(as_of_dt),
        "start": ops.adapt_datefield_value(period.start),
        "end": ops.adapt_datefield_value(period.end),
        "as_of": ops.adapt_datefield_value(period.as_of),
        "start_dt": ops.adapt_datetimefield_value(start_dt),
        "end_dt": ops.adapt_datetimefield_value(end_dt),
    }


def _any_in_period(metrics, period: Period) -> Q:
    """Records dated in the period by any of the metrics' date fields. Each aggregate filters on its
    own date already; saying it in WHERE too lets the (township, date) index skip the other years."""
    q = Q()
    for condition in dict.fromkeys(m.in_period(period) for m in metrics):  # deduplicated, in a stable order
        q |= condition
    return q


def _compile(spec, metrics, aggregates: dict, org_kind: str, org_pk: int, period: Period) -> tuple[str, list]:
    """The SELECT that `aggregate()` would run, built without running it."""
    from django.db import connection

    fake = Organisation(pk=org_pk, kind=org_kind)
    query = _base(spec, None).filter(org_condition(fake), _any_in_period(metrics, period)).query.chain()
    query.clear_ordering(force=True)
    query.default_cols = False
    for alias, expression in aggregates.items():
        query.add_annotation(expression, alias, select=True)
    return query.get_compiler(connection.alias).as_sql()


def _named_placeholders(sql: str) -> str:
    """%s → %(p0)s, %(p1)s…: named parameters skip the per-call placeholder rewriting of Django's
    SQLite cursor, which costs more than the aggregation itself on a small township."""
    counter = itertools.count()
    return re.sub(r"(?<!%)%s", lambda _: f"%(p{next(counter)})s", sql)


def _plan(spec, metrics, org, period_factory) -> tuple[str, list] | None:
    from django.db import connection

    key = (connection.vendor, spec.key, org.kind, tuple((m.id, m.since) for m in metrics))
    if key in _PLANS:
        return _PLANS[key]
    compiled = []
    for org_pk, sentinel in _SENTINELS:
        aggregates = period_factory(sentinel)
        sql, params = _compile(spec, metrics, aggregates, org.kind, org_pk, sentinel)
        roles = {v: k for k, v in _period_params(sentinel).items()}
        roles[org_pk] = "org"
        compiled.append((sql, [roles.get(p, ("const", p)) for p in params]))
    (sql_a, tpl_a), (sql_b, tpl_b) = compiled
    # Safe only if the two compilations differ in nothing but the recognised sentinel values.
    plan = (_named_placeholders(sql_a), tpl_a) if sql_a == sql_b and tpl_a == tpl_b else None
    _PLANS[key] = plan
    return plan


def _aggregate(spec, metrics, org, period: Period, base, period_values: dict, cursor=None) -> dict:
    def aggregates_for(p: Period) -> dict:
        return _aggregates(spec, metrics, p)

    plan = _plan(spec, metrics, org, aggregates_for) if base is None else None
    if plan is None:
        return (
            _base(spec, base)
            .filter(org_condition(org), _any_in_period(metrics, period))
            .aggregate(**aggregates_for(period))
        )
    from django.db import connection

    sql, template = plan
    values = {**period_values, "org": org.pk}
    params = {f"p{i}": values[t] if isinstance(t, str) else t[1] for i, t in enumerate(template)}
    if cursor is None:
        with connection.cursor() as cursor:
            return _aggregate(spec, metrics, org, period, base, period_values, cursor)
    cursor.execute(sql, params)
    names = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    return _values(spec, metrics, dict(zip(names, row, strict=True)) if row else {})


def _values(spec, metrics, row: dict) -> dict:
    """Each metric's value from the aggregation's row: 0 for NULL, sums of decimals at their scale."""
    out = {}
    for metric in metrics:
        value = row.get(metric.id) or 0
        if metric.sum_field:
            field = spec.model._meta.get_field(metric.sum_field)
            if field.get_internal_type() == "DecimalField":
                value = Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
        out[metric.id] = value
    return out


_RESOLVED: dict[tuple, tuple[dict, list]] = {}
_COMBINED: dict[tuple, tuple[str, dict] | None] = {}


def _combined_plan(by_ledger, org) -> tuple[str, dict] | None:
    """All the ledgers' compiled aggregations as one statement: each is a one-row subquery, and their
    cross join is the one row of every figure. None if any ledger has no compiled plan."""
    from django.db import connection

    key = (
        connection.vendor,
        org.kind,
        tuple((spec.key, tuple((m.id, m.since) for m in ms)) for spec, ms in by_ledger),
    )
    if key in _COMBINED:
        return _COMBINED[key]
    parts, template = [], {}
    for i, (spec, metrics) in enumerate(by_ledger):
        plan = _plan(spec, metrics, org, lambda p, spec=spec, metrics=metrics: _aggregates(spec, metrics, p))
        if plan is None:
            _COMBINED[key] = None
            return None
        sql, roles = plan
        parts.append("(" + re.sub(r"%\(p(\d+)\)s", lambda m, i=i: f"%(l{i}p{m.group(1)})s", sql) + f") l{i}")
        template.update({f"l{i}p{n}": role for n, role in enumerate(roles)})
    combined = ("SELECT * FROM " + " CROSS JOIN ".join(parts), template) if parts else None
    _COMBINED[key] = combined
    return combined


def _run_combined(combined, by_ledger, org, period_values: dict, cursor) -> dict:
    sql, template = combined
    values = {**period_values, "org": org.pk}
    cursor.execute(sql, {name: values[t] if isinstance(t, str) else t[1] for name, t in template.items()})
    row = dict(zip((c[0] for c in cursor.description), cursor.fetchone(), strict=True))
    out = {}
    for spec, metrics in by_ledger:
        out.update(_values(spec, metrics, row))
    return out


def _resolve(metric_ids: tuple[str, ...], year: int) -> tuple[dict[str, Metric], list[tuple]]:
    """The metrics a computation needs (parts of totals and ratios too) and the counts grouped by
    ledger; the same question is asked again and again (every draft, refresh and page), so it is kept."""
    key = (metric_ids, year)
    if key in _RESOLVED:
        return _RESOLVED[key]
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
    grouped: dict[str, list[Count]] = defaultdict(list)
    for metric in wanted.values():
        if isinstance(metric, Count):
            grouped[metric.ledger].append(metric)
    by_ledger = [(ledgers.get(key_), tuple(metrics)) for key_, metrics in grouped.items()]
    _RESOLVED[key] = (wanted, by_ledger)
    return wanted, by_ledger


def compute(
    metric_ids: Iterable[str], org: Organisation, period: Period, *, base=None
) -> dict[str, MetricValue]:
    """Values of many metrics: one aggregation query per ledger involved, plus one per custom metric."""
    metric_ids = list(metric_ids)
    wanted, by_ledger = _resolve(tuple(metric_ids), period.start.year)
    raw: dict[str, int | Decimal] = {}
    period_values = _period_params(period) if base is None else {}
    from django.db import connection

    # SQLite: one statement for all ledgers saves the per-statement overhead, which dominates there.
    # PostgreSQL plans a statement per execution, and many small ones plan faster than one large one.
    combined = _combined_plan(by_ledger, org) if base is None and connection.vendor == "sqlite" else None
    with connection.cursor() as cursor:
        if combined is not None:
            raw.update(_run_combined(combined, by_ledger, org, period_values, cursor))
        else:
            for spec, metrics in by_ledger:
                raw.update(_aggregate(spec, metrics, org, period, base, period_values, cursor))

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
    "breakdown",
    "compute",
    "uncountable",
    "ledger_of",
    "records",
    "register",
    "registry",
    "value",
]
