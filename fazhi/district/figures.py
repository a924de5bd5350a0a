"""Registered metrics for every township of a district at once: one grouped query per ledger.

`township_figures` answers what `fazhi.metrics.registry.compute` answers for one township, for all the
townships of a district together (`registry.compute_townships`: GROUP BY township instead of a loop
over townships); the tests hold each value equal to the registry's. Custom metrics need a grouped form
of their own (`GROUPED_CUSTOM`).
"""

from collections import defaultdict
from datetime import date, datetime, time

from django.db import connection
from django.db.models import CharField, DateTimeField, Exists, F, Func, OuterRef, Value
from django.db.models import Count as CountAgg
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from fazhi.metrics import display, stored
from fazhi.metrics import registry as reg
from fazhi.orgs.models import Organisation, OrgKind


def townships_of(district: Organisation, on: date | None = None) -> list[Organisation]:
    """The district's townships, current ones (on `on`) in their display order."""
    qs = Organisation.objects.filter(kind=OrgKind.TOWNSHIP, parent=district)
    if on is not None:
        qs = qs.current(on)
    return list(qs.order_by("sort_order", "code"))


def _coverage(township_ids, period, base) -> dict[int, tuple]:
    """一村一法律顾问 per township: (percent, covered, villages), as legalservice.metrics.coverage."""
    from fazhi.legalservice.metrics import _advisors_on
    from fazhi.legalservice.models import AdvisorVillage

    on = period.as_of
    served = AdvisorVillage.objects.filter(village_id=OuterRef("pk"), advisor__in=_advisors_on(on, base))
    rows = (
        Organisation.objects.current(on)
        .filter(kind=OrgKind.VILLAGE, township_id__in=township_ids)
        .annotate(covered=Exists(served))
        .values_list("township_id", "covered")
    )
    counts = defaultdict(lambda: [0, 0])
    for township_id, covered in rows:
        counts[township_id][0] += bool(covered)
        counts[township_id][1] += 1
    return {t: (display.percent_value(c, n), c, n) for t, (c, n) in counts.items()}


def _overdue(township_ids, period, base) -> dict[int, tuple]:
    from fazhi.deadlines.metrics import overdue_clocks

    rows = (
        overdue_clocks(base)
        .filter(township_id__in=township_ids)
        .order_by()
        .values("township_id")
        .annotate(n=CountAgg("pk"))
    )
    return {row["township_id"]: (row["n"], None, None) for row in rows}


# Custom metrics' grouped forms: (fn(township ids, period, base) -> {township id: (value, num, den)},
# the value of a township the function leaves out).
GROUPED_CUSTOM = {
    "legalservice.advisor_coverage": (_coverage, (None, 0, 0)),
    "deadlines.overdue_now": (_overdue, (0, None, None)),
}


def _split(metric_ids, township_ids, period, base, whole) -> tuple[list[int], list[int]]:
    """(townships whose figures may be stored, the others). Stored figures are the unscoped ones: for a
    caller with a scope (`base`), only the townships it reads whole (`whole`) are served from them; and
    only when every custom metric involved has a grouped form (those read only stamped tables)."""
    wanted, _ = reg._resolve(tuple(metric_ids), period.start.year)
    if any(isinstance(m, reg.Custom) and mid not in GROUPED_CUSTOM for mid, m in wanted.items()):
        return [], list(township_ids)
    stored_ids = [t for t in township_ids if base is None or t in whole]
    return stored_ids, [t for t in township_ids if base is not None and t not in whole]


def township_figures(
    metric_ids, township_ids: list[int], period: reg.Period, *, base=None, whole=frozenset()
) -> tuple[dict[int, dict[str, reg.MetricValue]], dict[int, dict[str, int]]]:
    """Each township's metric values (with the parts of its totals and ratios), and per township the
    number of records of each ledger involved that are dated in the period (0: the ledger is empty all
    period): the registry's compiled plans grouped by township, one query per ledger, for the townships
    whose stored figures (`metrics.stored`) are not current."""
    metric_ids = tuple(metric_ids)
    stored_ids, scoped_ids = _split(metric_ids, township_ids, period, base, whole)
    values, records = {}, {}
    if scoped_ids:
        values, records = reg.compute_townships(
            metric_ids, scoped_ids, period, base=base, grouped_custom=GROUPED_CUSTOM
        )

    def compute(ids):
        found, counted = reg.compute_townships(metric_ids, ids, period, grouped_custom=GROUPED_CUSTOM)
        return {t: (_plain(found[t]), counted[t]) for t in ids}

    wanted, _ = reg._resolve(metric_ids, period.start.year)
    for t, (plain, counted) in stored.remembered("figures", metric_ids, stored_ids, period, compute).items():
        values[t] = {mid: reg.MetricValue(wanted[mid], *parts) for mid, parts in plain.items()}
        records[t] = counted
    return values, records


def _plain(values: dict[str, reg.MetricValue]) -> dict[str, tuple]:
    """MetricValues as picklable (value, numerator, denominator) tuples."""
    return {mid: (v.value, v.numerator, v.denominator) for mid, v in values.items()}


def district_total(metric_ids, per_township: dict[int, dict[str, reg.MetricValue]], year: int):
    """The district's values from its townships': counts summed, rates from summed parts (equal to
    `registry.compute` for the district organisation, as the tests check)."""
    wanted, _ = reg._resolve(tuple(metric_ids), year)
    # Every part of a ratio or total is among the computed ids of each township's composition.
    raw, custom = {}, {}
    for mid, metric in wanted.items():
        parts = [v[mid] for v in per_township.values() if mid in v]
        if isinstance(metric, reg.Count):
            raw[mid] = sum(p.value or 0 for p in parts)
        elif isinstance(metric, reg.Custom):
            if metric.style == display.PERCENT:
                num = sum(p.numerator or 0 for p in parts)
                den = sum(p.denominator or 0 for p in parts)
                custom[mid] = (display.percent_value(num, den), num, den)
            else:
                custom[mid] = (sum(p.value or 0 for p in parts), None, None)
    return {mid: v for mid, v in reg.compose(wanted, raw, custom).items() if mid in metric_ids}


def monthly(
    metric_ids, township_ids: list[int], period: reg.Period, *, base=None, whole=frozenset()
) -> dict[str, dict[int, dict[date, tuple]]]:
    """Per metric, township and month of the period: the metric over that month, judged as of the
    period's 数据截至 date, as (value, numerator, denominator) — the trend charts need thousands and no
    MetricValue. One grouped query per (ledger, date field), for the townships whose stored months are
    not current (as `township_figures`). Counts, totals and ratios only."""
    metric_ids = tuple(metric_ids)
    stored_ids, scoped_ids = _split(metric_ids, township_ids, period, base, whole)
    out = {mid: {} for mid in metric_ids}
    if scoped_ids:
        found = _monthly(metric_ids, scoped_ids, period, base)
        for mid in metric_ids:
            out[mid] = {t: _plain(months) for t, months in found[mid].items()}

    def compute(ids):
        found = _monthly(metric_ids, ids, period, None)
        return {t: {mid: _plain(found[mid][t]) for mid in metric_ids} for t in ids}

    for t, per_metric in stored.remembered("months", metric_ids, stored_ids, period, compute).items():
        for mid, months in per_metric.items():
            out[mid][t] = months
    return out


def _monthly(metric_ids: tuple, township_ids: list[int], period: reg.Period, base):
    wanted, by_ledger = reg._resolve(metric_ids, period.start.year)
    raw: dict[tuple[int, date], dict] = defaultdict(dict)
    for spec, metrics in by_ledger:
        by_date: dict[str, list] = defaultdict(list)
        for metric in metrics:
            by_date[metric.date_field or spec.date_field].append(metric)
        for field_name, group in by_date.items():
            aggregates = reg._aggregates(spec, group, period)
            rows = (
                reg._base(spec, base)
                .filter(township_id__in=township_ids)
                .filter(reg._any_in_period(group, period))
                .annotate(month=_month(spec.model, field_name, period))
                .order_by()
                .values("township_id", "month")
                .annotate(**aggregates)
            )
            for row in rows:
                month = _month_start(row["month"])
                raw[(row["township_id"], month)].update(reg._values(spec, group, row))
    months = month_starts(period)
    out: dict[str, dict[int, dict[date, reg.MetricValue]]] = {mid: {} for mid in metric_ids}
    for t in township_ids:
        for month in months:
            composed = reg.compose(wanted, raw.get((t, month), {}), {})
            for mid in metric_ids:
                out[mid].setdefault(t, {})[month] = composed[mid]
    return out


def _field(model, path: str):
    """The field at the end of a lookup path such as "hearings__held_on"."""
    *links, name = path.split("__")
    for link in links:
        model = model._meta.get_field(link).related_model
    return model._meta.get_field(name)


def _fixed_offset_minutes(period: reg.Period) -> int | None:
    """The current time zone's offset from UTC in minutes if it is the same all through the period (no
    daylight saving change in it), else None."""
    tz = timezone.get_current_timezone()
    offsets = {tz.utcoffset(datetime.combine(day, time(12))) for day in [*month_starts(period), period.end]}
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


def _month(model, path: str, period: reg.Period):
    """The (local) month of a record's date, to group by. SQLite's TruncMonth calls a Python function
    for every row, which at district scale costs more than the aggregation: there the month is cut
    from the stored ISO text in SQL instead ("YYYY-MM"; datetimes are stored in UTC, shifted first by
    the time zone's offset when it is fixed over the period)."""
    if connection.vendor != "sqlite":
        return TruncMonth(path)
    if isinstance(_field(model, path), DateTimeField):
        minutes = _fixed_offset_minutes(period)
        if minutes is None:
            return TruncMonth(path)
        # The format is a parameter: a literal "%" in the SQL would break Django's debug query log.
        return Func(
            Value("%Y-%m"),
            F(path),
            Value(f"{minutes:+d} minutes"),
            function="strftime",
            output_field=CharField(),
        )
    return Substr(F(path), 1, 7, output_field=CharField())


def _month_start(value) -> date:
    """The first day of a grouped month: "YYYY-MM" text (SQLite), a date or a datetime (TruncMonth)."""
    if isinstance(value, str):
        return date(int(value[:4]), int(value[5:7]), 1)
    return value.date() if isinstance(value, datetime) else value


def month_starts(period: reg.Period) -> list[date]:
    months, day = [], date(period.start.year, period.start.month, 1)
    while day <= period.end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months
