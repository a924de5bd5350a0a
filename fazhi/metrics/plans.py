"""Compiled aggregation plans: the SQL of each metric computation is built once and then run with
bound parameters.

Building a query with dozens of filtered aggregates through the ORM costs far more than running it, so
the SQL of each (ledger, metrics, organisation level) is compiled once with sentinel values and then run
with the real ones. Two forms: for one organisation (`aggregate`, `combined_plan`) and grouped by
township for a list of townships (`grouped`, one pass per ledger whatever the number of townships). Only
for unscoped computations (report drafting, freezing, CLI, the district's figures): a user's scope adds
parameters of its own, and those go through the ORM.
"""

import itertools
import re
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection
from django.db.models import Count as CountAgg
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.orgs.models import Organisation

from .kinds import Period, registry
from .scope import base_records, org_condition

RECORDS = "records__all"  # grouped plans: how many records of the ledger are dated in the period at all


def aggregates(spec, metrics, period: Period) -> dict:
    """One filtered aggregate per metric of a ledger."""
    # Counting child rows joins them, which repeats each record: count distinct ids then.
    joined = any(m.counts != "pk" for m in metrics)
    # The WHERE of every aggregation keeps the records dated in the period (`any_in_period`); when all
    # the metrics place records by the same date, that is all their date condition says.
    one_date = len(dict.fromkeys(m.in_period(period) for m in metrics)) == 1
    out = {}
    for metric in metrics:
        if one_date:
            condition = metric.where(period) if callable(metric.where) else metric.where
        else:
            condition = metric.condition(period)
        if metric.sum_field:
            if joined:
                raise ValueError(f"{spec.key}: a ledger with child-row counts cannot sum a field")
            field = spec.model._meta.get_field(metric.sum_field)
            out[metric.id] = Coalesce(Sum(metric.sum_field, filter=condition), 0, output_field=field)
        else:
            counted = "pk" if metric.counts == "pk" else f"{metric.counts}__pk"
            out[metric.id] = CountAgg(counted, filter=condition, distinct=joined)
    return out


def _with_records(spec, metrics, period: Period) -> dict:
    """The aggregates plus the count of the ledger's records dated in the period (empty-ledger hints)."""
    out = aggregates(spec, metrics, period)
    out[RECORDS] = CountAgg("pk", distinct=any(m.counts != "pk" for m in metrics))
    return out


PLANS: dict[tuple, tuple[str, list] | None] = {}
COMBINED: dict[tuple, tuple[str, dict] | None] = {}
registry.caches.extend((PLANS, COMBINED))
_SENTINELS = (
    (-918273645, Period(date(1901, 1, 3), date(1901, 11, 27), date(1901, 12, 29))),
    (-918273646, Period(date(1902, 2, 5), date(1902, 10, 25), date(1902, 12, 30))),
)


def period_params(period: Period) -> dict:
    """The database forms of every value a period puts in a query, by role."""
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


def any_in_period(metrics, period: Period) -> Q:
    """Records dated in the period by any of the metrics' date fields. Each aggregate filters on its
    own date already; saying it in WHERE too lets the (township, date) index skip the other years."""
    q = Q()
    for condition in dict.fromkeys(m.in_period(period) for m in metrics):  # deduplicated, in a stable order
        q |= condition
    return q


def _compile(spec, metrics, org_kind: str, org_pk: int, period: Period) -> tuple[str, list]:
    """The SELECT that `aggregate()` would run, built without running it."""
    fake = Organisation(pk=org_pk, kind=org_kind)
    query = base_records(spec, None).filter(org_condition(fake), any_in_period(metrics, period)).query.chain()
    query.clear_ordering(force=True)
    query.default_cols = False
    for alias, expression in aggregates(spec, metrics, period).items():
        query.add_annotation(expression, alias, select=True)
    return query.get_compiler(connection.alias).as_sql()


def _compile_grouped(spec, metrics, township_ids: list[int], period: Period) -> tuple[str, list]:
    """The SELECT … GROUP BY township that `grouped()` runs, built without running it."""
    query = (
        base_records(spec, None)
        .filter(any_in_period(metrics, period), township_id__in=township_ids)
        .order_by()
        .values("township_id")
        .annotate(**_with_records(spec, metrics, period))
        .query
    )
    return query.get_compiler(connection.alias).as_sql()


def _named_placeholders(sql: str) -> str:
    """%s → %(p0)s, %(p1)s…: named parameters skip the per-call placeholder rewriting of Django's
    SQLite cursor, which costs more than the aggregation itself on a small township."""
    counter = itertools.count()
    return re.sub(r"(?<!%)%s", lambda _: f"%(p{next(counter)})s", sql)


def _template(compiled: list[tuple[str, list]]) -> tuple[str, list] | None:
    """The plan from two compilations with different sentinels, whose parameters are already mapped
    to roles: safe only if they differ in nothing but the recognised sentinel values."""
    (sql_a, tpl_a), (sql_b, tpl_b) = compiled
    return (_named_placeholders(sql_a), tpl_a) if sql_a == sql_b and tpl_a == tpl_b else None


def _roles(params, period: Period, orgs: dict) -> list:
    roles = {v: k for k, v in period_params(period).items()}
    roles.update(orgs)
    return [roles.get(p, ("const", p)) for p in params]


def _plan(spec, metrics, org) -> tuple[str, list] | None:
    key = (connection.vendor, spec.key, org.kind, tuple((m.id, m.since) for m in metrics))
    if key not in PLANS:
        compiled = []
        for org_pk, sentinel in _SENTINELS:
            sql, params = _compile(spec, metrics, org.kind, org_pk, sentinel)
            compiled.append((sql, _roles(params, sentinel, {org_pk: "org"})))
        PLANS[key] = _template(compiled)
    return PLANS[key]


def _grouped_plan(spec, metrics, size: int) -> tuple[str, list] | None:
    """Compiled once per ledger, metrics and number of townships; township i's id is role "t<i>"."""
    key = (connection.vendor, spec.key, "grouped", size, tuple((m.id, m.since) for m in metrics))
    if key not in PLANS:
        compiled = []
        for n, (org_pk, sentinel) in enumerate(_SENTINELS):
            ids = [org_pk - 10 * (i + 1) - n for i in range(size)]
            sql, params = _compile_grouped(spec, metrics, ids, sentinel)
            compiled.append((sql, _roles(params, sentinel, {pk: f"t{i}" for i, pk in enumerate(ids)})))
        PLANS[key] = _template(compiled)
    return PLANS[key]


def _bind(template, values: dict) -> dict:
    return {f"p{i}": values[t] if isinstance(t, str) else t[1] for i, t in enumerate(template)}


def aggregate(spec, metrics, org, period: Period, base, period_values: dict, cursor) -> dict:
    """One organisation's values of a ledger's metrics: compiled when unscoped, else through the ORM."""
    plan = _plan(spec, metrics, org) if base is None else None
    if plan is None:
        row = (
            base_records(spec, base)
            .filter(org_condition(org), any_in_period(metrics, period))
            .aggregate(**aggregates(spec, metrics, period))
        )
        return values_of(spec, metrics, row)
    sql, template = plan
    cursor.execute(sql, _bind(template, {**period_values, "org": org.pk}))
    names = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    return values_of(spec, metrics, dict(zip(names, row, strict=True)) if row else {})


def grouped(spec, metrics, township_ids: list[int], period: Period, base=None) -> dict[int, dict]:
    """{township id: {metric id: value, RECORDS: records dated in the period}} for the townships that
    have any such record, in one query: the same values `aggregate` gives each township alone."""
    township_ids = list(dict.fromkeys(township_ids))
    if not township_ids:
        return {}
    plan = _grouped_plan(spec, metrics, len(township_ids)) if base is None else None
    if plan is None:
        rows = (
            base_records(spec, base)
            .filter(any_in_period(metrics, period), township_id__in=township_ids)
            .order_by()
            .values("township_id")
            .annotate(**_with_records(spec, metrics, period))
        )
    else:
        sql, template = plan
        values = {**period_params(period), **{f"t{i}": t for i, t in enumerate(township_ids)}}
        with connection.cursor() as cursor:
            cursor.execute(sql, _bind(template, values))
            names = [c[0] for c in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    out = {}
    for row in rows:
        found = values_of(spec, metrics, row)
        found[RECORDS] = row[RECORDS]
        out[row["township_id"]] = found
    return out


def values_of(spec, metrics, row: dict) -> dict:
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


def combined_plan(by_ledger, org) -> tuple[str, dict] | None:
    """All the ledgers' compiled aggregations as one statement: each is a one-row subquery, and their
    cross join is the one row of every figure. None if any ledger has no compiled plan."""
    key = (
        connection.vendor,
        org.kind,
        tuple((spec.key, tuple((m.id, m.since) for m in ms)) for spec, ms in by_ledger),
    )
    if key in COMBINED:
        return COMBINED[key]
    parts, template = [], {}
    for i, (spec, metrics) in enumerate(by_ledger):
        plan = _plan(spec, metrics, org)
        if plan is None:
            COMBINED[key] = None
            return None
        sql, roles = plan
        parts.append("(" + re.sub(r"%\(p(\d+)\)s", lambda m, i=i: f"%(l{i}p{m.group(1)})s", sql) + f") l{i}")
        template.update({f"l{i}p{n}": role for n, role in enumerate(roles)})
    combined = ("SELECT * FROM " + " CROSS JOIN ".join(parts), template) if parts else None
    COMBINED[key] = combined
    return combined


def run_combined(combined, by_ledger, org, period_values: dict, cursor) -> dict:
    sql, template = combined
    values = {**period_values, "org": org.pk}
    cursor.execute(sql, {name: values[t] if isinstance(t, str) else t[1] for name, t in template.items()})
    row = dict(zip((c[0] for c in cursor.description), cursor.fetchone(), strict=True))
    out = {}
    for spec, metrics in by_ledger:
        out.update(values_of(spec, metrics, row))
    return out
