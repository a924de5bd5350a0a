"""The metric registry: every figure a report, dashboard or district view quotes is one named metric.

A metric has an id, a Chinese label, a written definition, a unit and display style, the ledger whose
records it counts and the date field that places a record in a period. Definitions are versioned by
year (`since`/`until`) so that last year's figures do not move when a definition changes.

Values are computed for an organisation (village, township or district) and a `Period`; `compute`
answers many metrics with one conditional-aggregation query per ledger, whatever the number of records,
plus one query per `Custom` metric; `compute_townships` answers them for many townships at once, one
query per ledger grouped by township. The SQL of both is compiled once (`fazhi.metrics.plans`).

This module is the public face of the package: the metric kinds and the registry are declared in
`kinds`, the records an organisation reads in `scope`, the compiled plans in `plans`.

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

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from fazhi.core import ledgers
from fazhi.orgs.models import Organisation, OrgKind

from . import display, plans
from .kinds import (  # noqa: F401 (re-exported: the public names of the registry)
    Count,
    Custom,
    Metric,
    MetricValue,
    Period,
    Ratio,
    Registry,
    Total,
    breakdown,
    register,
    registry,
)

# Kept importable from here for the ledger apps and tests that use them.
from .plans import PLANS as _PLANS  # noqa: F401
from .plans import aggregates as _aggregates  # noqa: F401
from .plans import any_in_period as _any_in_period  # noqa: F401
from .plans import values_of as _values  # noqa: F401
from .scope import base_records as _base
from .scope import org_condition


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
        .values_list("list_key", "key")
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


_RESOLVED: dict[tuple, tuple[dict, list]] = {}
registry.caches.append(_RESOLVED)


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


def compose(wanted: dict[str, Metric], raw: dict, custom: dict) -> dict[str, MetricValue]:
    """Counts (from `raw`, 0 when absent), customs (`custom`: (value, numerator, denominator)), then the
    totals and ratios built from them, as MetricValues of every wanted metric."""
    values: dict[str, MetricValue] = {}
    for mid, metric in wanted.items():
        if isinstance(metric, Custom):
            values[mid] = MetricValue(metric, *custom[mid])
        elif isinstance(metric, Count):
            values[mid] = MetricValue(metric, raw.get(mid, 0))
    for mid, metric in wanted.items():
        if isinstance(metric, Total):
            values[mid] = MetricValue(metric, sum(values[p].value or 0 for p in metric.parts))
    for mid, metric in wanted.items():
        if isinstance(metric, Ratio):
            num, den = values[metric.numerator].value or 0, values[metric.denominator].value or 0
            values[mid] = MetricValue(metric, display.percent_value(num, den), num, den)
    return values


def compute(
    metric_ids: Iterable[str], org: Organisation, period: Period, *, base=None
) -> dict[str, MetricValue]:
    """Values of many metrics: one aggregation query per ledger involved, plus one per custom metric."""
    metric_ids = list(metric_ids)
    wanted, by_ledger = _resolve(tuple(metric_ids), period.start.year)
    raw: dict[str, int | Decimal] = {}
    period_values = plans.period_params(period) if base is None else {}
    # SQLite: one statement for all ledgers saves the per-statement overhead, which dominates there.
    # PostgreSQL plans a statement per execution, and many small ones plan faster than one large one.
    combined = plans.combined_plan(by_ledger, org) if base is None and connection.vendor == "sqlite" else None
    with connection.cursor() as cursor:
        if combined is not None:
            raw.update(plans.run_combined(combined, by_ledger, org, period_values, cursor))
        else:
            for spec, metrics in by_ledger:
                raw.update(plans.aggregate(spec, metrics, org, period, base, period_values, cursor))
    custom = {mid: m.compute_fn(org, period, base) for mid, m in wanted.items() if isinstance(m, Custom)}
    values = compose(wanted, raw, custom)
    return {mid: values[mid] for mid in metric_ids}


def compute_townships(
    metric_ids: Iterable[str],
    township_ids: list[int],
    period: Period,
    *,
    base=None,
    grouped_custom: dict | None = None,
) -> tuple[dict[int, dict[str, MetricValue]], dict[int, dict[str, int]]]:
    """`compute` for many townships at once: one query per ledger grouped by township, whatever their
    number. Returns each township's values (with the parts of its totals and ratios, so that a sum
    over townships can be composed) and, per township, how many records of each ledger involved are
    dated in the period (0: the ledger is empty all period).

    `grouped_custom` gives custom metrics a grouped form: {metric id: (fn, empty)} where fn(township
    ids, period, base) -> {township id: (value, numerator, denominator)} and `empty` is the value of a
    township it leaves out; a custom metric without one is computed township by township."""
    wanted, by_ledger = _resolve(tuple(metric_ids), period.start.year)
    ids = list(dict.fromkeys(township_ids))
    raw: dict[int, dict] = {t: {} for t in ids}
    counted: dict[int, dict[str, int]] = {t: {spec.key: 0 for spec, _ in by_ledger} for t in ids}
    for spec, metrics in by_ledger:
        for township_id, found in plans.grouped(spec, metrics, ids, period, base).items():
            counted[township_id][spec.key] = found.pop(plans.RECORDS)
            raw[township_id].update(found)
    custom: dict[int, dict] = {t: {} for t in ids}
    for mid, metric in wanted.items():
        if not isinstance(metric, Custom):
            continue
        if grouped_custom and mid in grouped_custom:
            fn, empty = grouped_custom[mid]
            found = fn(ids, period, base)
            for t in ids:
                custom[t][mid] = found.get(t, empty)
        else:
            for township in Organisation.objects.filter(pk__in=ids):
                custom[township.pk][mid] = metric.compute_fn(township, period, base)
    return {t: compose(wanted, raw[t], custom[t]) for t in ids}, counted


def value(metric_id: str, org: Organisation, period: Period, *, base=None) -> MetricValue:
    return compute([metric_id], org, period, base=base)[metric_id]


__all__ = [
    "Count",
    "Custom",
    "Metric",
    "MetricValue",
    "Registry",
    "org_condition",
    "Period",
    "Ratio",
    "Total",
    "breakdown",
    "compose",
    "compute",
    "compute_townships",
    "uncountable",
    "ledger_of",
    "records",
    "register",
    "registry",
    "value",
]
