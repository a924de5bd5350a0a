"""The database side of the clocks: the calendar and rules in force, the clocks each ledger declares,
and keeping each record's Clock rows in step with the record.

A ledger declares its clocks once (`register_source` in `fazhi/<app>/clocks.py`): a function that
reads a record and returns `ClockDef`s, and optionally a `refresh(record)` that recomputes the
record's own due-date fields (e.g. `Petition.reply_due`) through `clock_due`. The ledger lists
`clocks_after_write` among its `after_write` hooks, so every write (page, API, transition, import)
rewrites the Clock rows of the records it saved; pauses and extensions live on the Clock rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .calendar import WorkCalendar
from .rules import DEFAULT_RULES, DueDate, Rule, compute_due, is_on_time

# -- calendar and rules in force ----------------------------------------------------------------

_lock = threading.Lock()
_cache: dict = {"stamp": None, "calendar": None, "rules": None}


def _stamp() -> tuple:
    """Changes whenever an override or a rule is added, edited or removed (in any process).

    One plain SQL statement: it runs before every clock computation, and building two ORM aggregates
    each time cost more than the clocks themselves.
    """
    from django.db import connection

    from .models import CalendarOverride, ClockRule

    parts = []
    for model in (CalendarOverride, ClockRule):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(
            f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(id) FROM {table}), "
            f"(SELECT MAX(updated_at) FROM {table})"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def _load() -> tuple[WorkCalendar, dict[str, Rule]]:
    from .models import CalendarOverride, ClockRule

    rows = list(CalendarOverride.objects.values_list("date", "kind", "name"))
    calendar = WorkCalendar({d: k for d, k, _ in rows}, {d: n for d, _, n in rows if n})
    rules = dict(DEFAULT_RULES)
    for row in ClockRule.objects.all():
        default = DEFAULT_RULES.get(row.key)
        rules[row.key] = Rule(
            key=row.key,
            label=row.label,
            length=row.length,
            unit=row.unit,
            roll_forward=row.roll_forward,
            legal_source=row.legal_source,
            start_event=row.start_event or (default.start_event if default else ""),
            max_extension=row.max_extension,
        )
    return calendar, rules


def _current() -> tuple[WorkCalendar, dict[str, Rule]]:
    stamp = _stamp()
    with _lock:
        if _cache["stamp"] != stamp or _cache["calendar"] is None:
            _cache["calendar"], _cache["rules"] = _load()
            _cache["stamp"] = stamp
        return _cache["calendar"], _cache["rules"]


def get_calendar() -> WorkCalendar:
    """The package's calendar plus the overrides of the database; rebuilt only when they change."""
    return _current()[0]


def get_rules() -> dict[str, Rule]:
    """DEFAULT_RULES as edited by the administrator (ClockRule rows win)."""
    return _current()[1]


def get_rule(key: str) -> Rule:
    return get_rules()[key]


def invalidate() -> None:
    with _lock:
        _cache["stamp"] = _cache["calendar"] = _cache["rules"] = None


# -- what a ledger declares ---------------------------------------------------------------------


@dataclass(frozen=True)
class Extension:
    """An extension recorded on the record itself (e.g. the petition's 延期 step)."""

    days: int
    approver: str = ""
    reason: str = ""
    approved_on: dt.date | None = None


@dataclass(frozen=True)
class ClockDef:
    """One clock a record has at its current stage."""

    purpose: str  # unique within the record: "reply", "publish", …
    label: str  # 答复期限
    rule_key: str
    start: dt.date
    done: dt.date | None = None
    given_due: dt.date | None = None
    extension: Extension | None = None  # None: extensions are made on the clock (clock_extend)
    window: bool = False  # the other side's time limit: never overdue, listed only while it runs
    closed: bool = False  # no longer running although not done (e.g. the record was closed)
    on_time: bool | None = None  # the ledger's own judgement where it is finer than days (ticket times)


@dataclass
class ClockSource:
    """How to read the clocks of one ledger's records."""

    ledger: str
    model: type
    clocks: Callable[[object], list[ClockDef]]
    refresh: Callable[[object], None] | None = None  # recompute the record's own due-date fields
    mirror_fields: tuple[str, ...] = ()  # fields `refresh` may change
    title: Callable[[object], str] = field(default=lambda record: "")


_sources: dict[type, ClockSource] = {}


def register_source(source: ClockSource) -> ClockSource:
    """Declare a ledger's clocks (the ledger lists clock_views and clocks_after_write in its spec)."""
    _sources[source.model] = source
    return source


def source_for(model) -> ClockSource | None:
    return _sources.get(model if isinstance(model, type) else type(model))


def all_sources() -> list[ClockSource]:
    return list(_sources.values())


def clocks_after_write(records, user, before=()) -> None:
    """The after_write hook of a ledger with clocks: its saved records' Clock rows, in one batch."""
    clocks_sync_many(records, user=user)


def new_clocks(records, *, calendar: WorkCalendar | None = None, rules=None) -> list:
    """The Clock rows, unsaved, of records that have none yet, with `object_id` the pk each record has
    now: a SQLite import computes them before it takes the write lock (rows as clocks_sync_many writes)."""
    from .models import Clock

    source = source_for(records[0]) if records else None
    if source is None:
        return []
    calendar = calendar or get_calendar()
    rules = rules or get_rules()
    ct = ContentType.objects.get_for_model(type(records[0]))
    out = []
    for record in records:
        title = source.title(record)[:200]
        for purpose, defn in {d.purpose: d for d in source.clocks(record)}.items():
            clock = Clock(content_type=ct, object_id=record.pk, purpose=purpose)
            _assign(
                clock,
                _clock_values(
                    source, record, defn, compute(defn, clock, calendar=calendar, rules=rules), title
                ),
            )
            out.append(clock)
    return out


def _clock_rows_of_new(records, user) -> list:
    """after_write's rows for new records computed ahead: (model, rows, attname holding the record's
    pk, whether the row carries the record's 编号)."""
    from .models import Clock

    return [(Clock, new_clocks(records), "object_id", True)]


clocks_after_write.rows_of_new = _clock_rows_of_new


# -- computing ------------------------------------------------------------------------------------


def clocks_of(record) -> dict[str, object]:
    """The record's Clock rows by purpose, with their pauses."""
    from .models import Clock

    if record.pk is None:
        return {}
    ct = ContentType.objects.get_for_model(type(record))
    rows = Clock.objects.filter(content_type=ct, object_id=record.pk).prefetch_related("pauses")
    return {c.purpose: c for c in rows}


def _pauses(clock) -> list[tuple[dt.date, dt.date | None]]:
    if clock is None or clock.pk is None:
        return []
    return [(p.from_on, p.to_on) for p in clock.pauses.all()]


def _effective_rule(rule: Rule, given_due: dt.date | None) -> Rule:
    # A due date given on the record (platform time limit, 整改期限) replaces the rule's length.
    if given_due is None or rule.length is None:
        return rule
    return replace(rule, length=None, roll_forward=False, label=f"{rule.label}（载明期限）")


def compute(defn: ClockDef, clock=None, *, calendar: WorkCalendar | None = None, rules=None) -> DueDate:
    """Due date of a clock definition with the pauses and extension held on its Clock row."""
    calendar = calendar or get_calendar()
    rule = _effective_rule((rules or get_rules())[defn.rule_key], defn.given_due)
    if defn.extension is not None:
        extension_days = defn.extension.days
    else:
        extension_days = clock.extension_days if clock is not None else 0
    return compute_due(
        rule,
        defn.start,
        calendar,
        pauses=_pauses(clock),
        extension_days=extension_days or 0,
        given_due=defn.given_due,
    )


def _frozen(defn: ClockDef, clock) -> bool:
    """A finished clock keeps its due date (a later calendar change does not re-judge it)."""
    return (
        clock is not None
        and clock.done_on is not None
        and defn.done == clock.done_on
        and clock.start_on == defn.start
        and clock.given_due == defn.given_due
        and (defn.extension is None or defn.extension.days == clock.extension_days)
    )


def clock_due(
    record,
    purpose: str,
    rule_key: str,
    start: dt.date | None,
    *,
    given_due: dt.date | None = None,
    extension_days: int | None = None,
    done: dt.date | None = None,
    clocks: dict | None = None,
) -> DueDate | None:
    """The due date a ledger stores on its record: None before the start event happened.

    `extension_days` None means "as on the Clock row" (clock_extend); pauses always come from there.
    """
    if start is None:
        return None
    clocks = clocks_of(record) if clocks is None else clocks
    extension = Extension(extension_days) if extension_days is not None else None
    defn = ClockDef(purpose, "", rule_key, start, done=done, given_due=given_due, extension=extension)
    return defn_due(defn, clocks)


def defn_due(defn: ClockDef, clocks: dict) -> DueDate:
    """The due date of one declared clock, given the record's Clock rows (`clocks_of`)."""
    clock = clocks.get(defn.purpose)
    if _frozen(defn, clock):
        return DueDate(clock.due_on, clock.uncertain, clock.explanation_lines)
    return compute(defn, clock)


def clocks_sync(record, *, calendar: WorkCalendar | None = None, rules=None) -> int:
    """Rewrite the record's Clock rows from its declared clocks; returns how many due dates changed."""
    return clocks_sync_many([record], calendar=calendar, rules=rules)


def _existing_clocks(model, pks: list[int]) -> dict[int, dict[str, object]]:
    from .models import Clock

    ct = ContentType.objects.get_for_model(model)
    out: dict[int, dict[str, object]] = {}
    for i in range(0, len(pks), 2000):  # under SQLite's limit of query parameters
        rows = Clock.objects.filter(content_type=ct, object_id__in=pks[i : i + 2000])
        for clock in rows.prefetch_related("pauses"):
            out.setdefault(clock.object_id, {})[clock.purpose] = clock
    return out


def clocks_sync_many(records, *, calendar: WorkCalendar | None = None, rules=None, user=None) -> int:
    """Rewrite the Clock rows of records of one model; new rows are written in bulk (an import's
    thousands of records cost a few statements). Returns how many existing due dates changed."""
    from .models import Clock

    records = [r for r in records if r.pk is not None]
    source = source_for(records[0]) if records else None
    if source is None:
        return 0
    calendar = calendar or get_calendar()
    rules = rules or get_rules()
    model = type(records[0])
    ct = ContentType.objects.get_for_model(model)
    existing = _existing_clocks(model, [r.pk for r in records])
    changed, new = 0, []
    for record in records:
        mine = existing.get(record.pk, {})
        defs = {d.purpose: d for d in source.clocks(record)}
        for purpose, clock in mine.items():
            if purpose not in defs:
                clock.delete()  # the start event was undone (date cleared): the clock no longer exists
        title = source.title(record)[:200]
        for purpose, defn in defs.items():
            clock = mine.get(purpose) or Clock(content_type=ct, object_id=record.pk, purpose=purpose)
            if _frozen(defn, clock) and clock.pk:
                due = DueDate(clock.due_on, clock.uncertain, clock.explanation_lines)
            else:
                due = compute(defn, clock, calendar=calendar, rules=rules)
            if clock.pk and clock.due_on != due.due:
                changed += 1
            dirty = _assign(clock, _clock_values(source, record, defn, due, title))
            if clock.pk is None:
                new.append(clock)
            elif dirty:
                clock.save()
    if new:
        bulk_create_with_history(new, Clock, batch_size=1000, default_user=user)
    return changed


def _clock_values(source: ClockSource, record, defn: ClockDef, due: DueDate, title: str) -> dict:
    values = {
        "ledger": source.ledger,
        "label": defn.label,
        "rule_key": defn.rule_key,
        "township_id": record.township_id,
        "village_id": getattr(record, "village_id", None),
        "number": record.number,
        "title": title,
        "window": defn.window,
        "start_on": defn.start,
        "given_due": defn.given_due,
        "due_on": due.due,
        "uncertain": due.uncertain,
        "explanation": "\n".join(due.explanation),
        "done_on": defn.done,
        "on_time": _on_time(defn, due),
        "is_open": defn.done is None and not defn.closed and not getattr(record, "voided", False),
    }
    if defn.extension is not None:
        values.update(
            extension_on_record=True,
            extension_days=defn.extension.days,
            extension_approver=defn.extension.approver,
            extension_reason=defn.extension.reason,
            extended_on=defn.extension.approved_on,
        )
    return values


def _assign(obj, values: dict) -> bool:
    dirty = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            dirty = True
    return dirty


def _on_time(defn: ClockDef, due: DueDate) -> bool | None:
    if defn.done is None:
        return None
    if defn.on_time is not None:
        return defn.on_time
    return is_on_time(due.due, defn.done)


def today() -> dt.date:
    return timezone.localdate()
