"""SQLite: an import's new records written in one short write transaction.

SQLite has one writer at a time, and an IMMEDIATE transaction takes the write lock at BEGIN: an import
that checked and wrote inside one transaction made every other save and sign-in wait for its whole run.
Here the rows are validated (before this is called) and staged with no write lock: numbers and ids are
provisional (a year and a rank within it; 1..n), the varying columns go into TEMP tables, which live in
SQLite's separate temp database and so take no lock on the main one. The after_write hooks' rows
(clock rows with their due dates) are computed and staged there too, when the hooks can say ahead what
they would write (`rows_of_new`). The copy statements are built before the lock as well: ids and 编号
are expressions over the provisional values and two tiny TEMP tables (each table's id base, each year's
first number). So the one write transaction only reserves the numbers, reads the id bases, fills those
two tables with a handful of rows, runs the `INSERT … SELECT` copies (records, children, hook rows and
their history tables) and writes the audit line. All or nothing as before: the stage is only a copy,
dropped on any failure.

A record that another user saved meanwhile and that matches a row of the file (编号 or natural key) would
otherwise be written twice: the transaction looks at the records added since the check and, if one
matches, writes nothing and says so (the next import of the file finds it as a duplicate).
"""

import logging
import time
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction

from fazhi.core.numbering import reserve_numbers
from fazhi.core.services import records_after_write

from .cells import record_year
from .fastwrite import can_insert, set_auto_now, stage_name, stage_with_history
from .matching import changeable, natural_index
from .writing import bump_counters

log = logging.getLogger(__name__)

# Seconds the last write transaction of this process lasted (BEGIN IMMEDIATE to COMMIT): how long
# every other writer had to wait for it. Read by bench/sqlite_lock.py.
last_lock_seconds: float | None = None

CLASH = "导入期间本乡镇新增了与文件中相同的记录，本次未导入任何记录；请重新导入（已有的记录会被识别为重复）"


class Clash(Exception):
    """A record saved while the file was checked matches one of its rows: nothing is written."""


def applies(spec, fast: bool, updates) -> bool:
    """New records only, on SQLite, on the fast path's raw inserts (updates go through record_update)."""
    return (
        connection.vendor == "sqlite"
        and fast
        and not updates
        and can_insert(spec.model)
        and all(can_insert(c.model) for c in spec.children)
    )


def snapshot(spec) -> int:
    """The highest record id before matching: records above it were added while the file was checked."""
    return spec.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


SHIFTS, YEARS = "fazhi_stage_shift", "fazhi_stage_year"


def _shifted(column: str, table: str) -> str:
    """A provisional id (1..n) plus the table's base, which the write transaction puts into SHIFTS: the
    copy statements are built before the lock (an uncorrelated subquery, evaluated once)."""
    return f"{_qn(column)} + (SELECT shift FROM {SHIFTS} WHERE tbl = '{table}')"


# A new 编号: the prefix staged with the row and its rank in the year after the block reserved under the
# lock (YEARS); a number kept from the file (no rank) as it is.
NUMBER = (
    "CASE WHEN _nrank IS NULL THEN {col} ELSE printf('%%s-%%04d', _nprefix, "
    f"_nrank + (SELECT first FROM {YEARS} WHERE year = _nyear)) END"
)


class _Stage:
    def __init__(self, model, objs, statements, fk=None, numbered=False):
        self.model, self.objs, self.statements = model, objs, statements
        self.fk, self.numbered = fk, numbered


def _numbering(spec, township, new_rows):
    """Each new row's (year, rank, prefix) when it needs a number, else Nones; and the rows by year."""
    need: dict[int, list] = defaultdict(list)
    for r in new_rows:
        if not r.number:
            need[record_year(spec, r.instance)].append(r)
    ranks = {}
    for year, rs in need.items():
        for rank, r in enumerate(rs, 1):
            ranks[id(r)] = (year, rank, f"{township.label}-{spec.short}-{year}")
    return [ranks.get(id(r), (None, None, None)) for r in new_rows], need


def _number_columns(marks) -> list:
    return [
        ("_nyear", [m[0] for m in marks]),
        ("_nrank", [m[1] for m in marks]),
        ("_nprefix", [m[2] for m in marks]),
    ]


def _stage_all(spec, township, user, new_rows) -> tuple[list[_Stage], dict[int, list], bool]:
    """Stage every new record, child row and the after_write hooks' rows with provisional numbers and
    ids (no write lock). The last value says whether the hooks' rows are staged (else they run under
    the lock)."""
    model = spec.model
    pk = model._meta.pk.attname
    marks, need = _numbering(spec, township, new_rows)
    with connection.cursor() as cur:
        for name, cols in (
            (SHIFTS, "tbl TEXT PRIMARY KEY, shift INTEGER"),
            (YEARS, "year INTEGER PRIMARY KEY, first INTEGER"),
        ):
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            cur.execute(f"CREATE TEMPORARY TABLE {name} ({cols})")
    cache = {"created_by": user, "updated_by": user}
    objs = []
    for i, r in enumerate(new_rows, 1):
        d = r.instance.__dict__
        d["number"] = r.number or ""
        d["created_by_id"] = d["updated_by_id"] = user.pk
        d[pk] = i
        r.instance._state.fields_cache.update(cache)
        objs.append(r.instance)
    now = set_auto_now(objs, model)
    table, number = model._meta.db_table, model._meta.get_field("number").column
    exprs = {pk: _shifted(model._meta.pk.column, table), "number": NUMBER.format(col=_qn(number))}
    statements = stage_with_history(
        objs, model, user=user, now=now, vary=frozenset({"number"}), extra=_number_columns(marks), exprs=exprs
    )
    stages = [_Stage(model, objs, statements)]
    for child in spec.children:
        attname = child.model._meta.get_field(child.fk_name).attname
        kids = []
        for r in new_rows:
            for k in r.children.get(child.key, ()):
                k.__dict__[attname] = r.instance.__dict__[pk]
                kids.append(k)
        stages += _stage_linked(child.model, kids, attname, user, now, table)
    hooked = _hook_rows(spec, user, new_rows)
    if hooked is not None:
        where = {r.instance.__dict__[pk]: m for r, m in zip(new_rows, marks, strict=True)}
        for hmodel, rows, attname, numbered in hooked:
            extra = _number_columns([where[o.__dict__[attname]] for o in rows]) if numbered else None
            stages += _stage_linked(hmodel, rows, attname, user, now, table, extra=extra)
    return stages, need, hooked is not None


def _stage_linked(model, objs, attname, user, now, parent_table, extra=None) -> list[_Stage]:
    """Rows pointing at new records (children, clock rows): ids 1..n and the records' provisional ids."""
    if not objs:
        return []
    cpk = model._meta.pk.attname
    for j, o in enumerate(objs, 1):
        o.__dict__[cpk] = j
    set_auto_now(objs, model)
    exprs = {cpk: _shifted(model._meta.pk.column, model._meta.db_table)}
    exprs[attname] = _shifted(model._meta.get_field(attname).column, parent_table)
    if extra:
        exprs["number"] = NUMBER.format(col=_qn(model._meta.get_field("number").column))
    statements = stage_with_history(
        objs,
        model,
        user=user,
        now=now,
        vary=frozenset({attname, "number"} if extra else {attname}),
        extra=extra,
        exprs=exprs,
    )
    return [_Stage(model, objs, statements, fk=attname, numbered=bool(extra))]


def _hook_rows(spec, user, new_rows):
    """The rows the after_write hooks would write, computed now when every hook can (`rows_of_new`) and
    every model takes raw inserts; else None."""
    out = []
    for hook in spec.after_write:
        ahead = getattr(hook, "rows_of_new", None)
        if ahead is None:
            return None
        out += ahead([r.instance for r in new_rows], user)
    if not all(can_insert(m) for m, *_ in out):
        return None
    return out


def _base(model) -> int:
    """The highest id the table has ever used (ids are never reused), read under the write lock."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute(f"SELECT max({_qn(pk)}) FROM {_qn(table)}")
        high = cur.fetchone()[0] or 0
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cur.fetchone()
    return max(high, row[0] if row else 0)


def _clash(spec, township, user, new_rows, since: int) -> bool:
    """Whether a record added since the check matches a row (by 编号, or by natural key among the records
    the user may change), looking at the added records only: this runs under the write lock."""
    added = spec.model.objects.filter(pk__gt=since)
    numbers = set(added.values_list("number", flat=True))
    if not numbers:
        return False
    if any(r.number in numbers for r in new_rows if r.number):
        return True
    index = natural_index(spec, changeable(spec, user, township).filter(pk__gt=since))
    return any(r.natural in index for r in new_rows)


def write_new(*, spec, township, user, new_rows, since: int, progress, total: int, after) -> None:
    """Stage outside the write lock, then one short write transaction; `after()` runs inside it (the
    audit line). Raises Clash (nothing written) when a record saved meanwhile matches a row."""
    model = spec.model
    pk = model._meta.pk.attname
    originals = [r.number for r in new_rows]
    stages = []
    try:
        with _temp_only():
            stages, need, hooked = _stage_all(spec, township, user, new_rows)
    except BaseException:
        _restore(new_rows, originals, pk)
        _drop(stages)
        raise
    if progress:
        progress("写入", 0, total)
    global last_lock_seconds
    began = time.monotonic()
    try:
        with transaction.atomic():
            if _clash(spec, township, user, new_rows, since):
                raise Clash
            kept = [r.number for r in new_rows if r.number]
            if kept:
                bump_counters(spec, township, kept)
            shift = {}
            with connection.cursor() as cur:
                for year, rs in need.items():
                    numbers = reserve_numbers(
                        township=township, short=spec.short, ledger=spec.key, year=year, count=len(rs)
                    )
                    for r, n in zip(rs, numbers, strict=True):
                        r.number = r.instance.__dict__["number"] = n
                    first = int(numbers[0].rsplit("-", 1)[1])
                    cur.execute(f"INSERT INTO {YEARS} VALUES (%s, %s)", [year, first - 1])
                for stage in stages:
                    if stage.model not in shift:
                        shift[stage.model] = _base(stage.model)
                        cur.execute(
                            f"INSERT INTO {SHIFTS} VALUES (%s, %s)",
                            [stage.model._meta.db_table, shift[stage.model]],
                        )
                for stage in stages:
                    for sql, params in stage.statements:
                        cur.execute(sql, params)
            if not hooked:
                _finalise(stages, new_rows, shift, model)
                records_after_write(spec=spec, user=user, records=[r.instance for r in new_rows])
            after()
    except BaseException:
        _drop(stages)
        _restore(new_rows, originals, pk)
        raise
    finally:
        last_lock_seconds = time.monotonic() - began
        log.info("import write transaction: %d records, %.2f s", len(new_rows), last_lock_seconds)
        _drop_tables([SHIFTS, YEARS])
    if hooked:  # after the commit: nothing in the transaction needed the instances
        _finalise(stages, new_rows, shift, model)
    if progress:
        progress("写入", total, total)


def _finalise(stages, new_rows, shift, model) -> None:
    """The instances get their final ids, numbers and links, as the database has them."""
    pk, alias = model._meta.pk.attname, connection.alias
    numbers = {r.instance.__dict__[pk]: r.number for r in new_rows}
    for stage in stages:
        spk = stage.model._meta.pk.attname
        for o in stage.objs:
            if stage.numbered:
                o.__dict__["number"] = numbers[o.__dict__[stage.fk]]
            if stage.fk is not None:
                o.__dict__[stage.fk] += shift[model]
            o.__dict__[spk] += shift[stage.model]
            o._state.adding, o._state.db = False, alias


def _restore(new_rows, originals, pk) -> None:
    for r, number in zip(new_rows, originals, strict=True):  # as validation left them
        r.number = number
        r.instance.__dict__[pk] = None
        r.instance._state.adding = True


@contextmanager
def _temp_only():
    """A deferred transaction that writes only TEMP tables: one commit for the whole stage instead of
    one per row, and no lock on the main database (readers and writers there go on). Inside a caller's
    transaction (tests, a command that wraps the import) the stage simply joins it."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cur:
        cur.execute("BEGIN DEFERRED")
        try:
            yield
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")


def _drop(stages) -> None:
    _drop_tables([stage_name(stage.model) for stage in stages])


def _drop_tables(names) -> None:
    with connection.cursor() as cur:
        for name in names:
            cur.execute(f"DROP TABLE IF EXISTS {_qn(name)}")
