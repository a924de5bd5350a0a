"""SQLite: an import's new records written in one short write transaction.

SQLite has one writer at a time, and an IMMEDIATE transaction takes the write lock at BEGIN: an import
that checked and wrote inside one transaction made every other save and sign-in wait for its whole run.
Here the rows are validated (before this is called) and staged with no write lock: numbers and ids are
provisional (a year and a rank within it; 1..n), the varying columns go into TEMP tables, which live in
SQLite's separate temp database and so take no lock on the main one. Then one short transaction reserves
the numbers and ids, shifts the staged rows to them (UPDATE of the TEMP table), copies them in with
`INSERT … SELECT` (records, children and both history tables), runs the after_write hooks and writes the
audit line. All or nothing as before: the stage is only a copy, dropped on any failure.

A record that another user saved meanwhile and that matches a row of the file (编号 or natural key) would
otherwise be written twice: the transaction looks at the records added since the check and, if one
matches, writes nothing and says so (the next import of the file finds it as a duplicate).
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction

from fazhi.core.numbering import reserve_numbers
from fazhi.core.services import records_after_write

from .cells import record_year
from .fastwrite import can_insert, set_auto_now, stage_name, stage_with_history
from .matching import changeable, existing_records, natural_index
from .writing import bump_counters

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


class _Stage:
    def __init__(self, model, objs, statements):
        self.model, self.objs, self.statements = model, objs, statements
        self.name = stage_name(model)


def _stage_all(spec, township, user, new_rows) -> tuple[list[_Stage], dict[int, list]]:
    """Stage every new record and child row with provisional numbers and ids (no write lock)."""
    model = spec.model
    pk = model._meta.pk.attname
    need: dict[int, list] = defaultdict(list)
    for r in new_rows:
        if not r.number:
            need[record_year(spec, r.instance)].append(r)
    nyear, nrank = [None] * len(new_rows), [None] * len(new_rows)
    where = {id(r): i for i, r in enumerate(new_rows)}
    for year, rs in need.items():
        for rank, r in enumerate(rs, 1):
            i = where[id(r)]
            nyear[i], nrank[i] = year, rank
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
    stages = [
        _Stage(
            model,
            objs,
            stage_with_history(
                objs,
                model,
                user=user,
                now=now,
                vary=frozenset({"number"}),
                extra=[("_nyear", nyear), ("_nrank", nrank)],
            ),
        )
    ]
    for child in spec.children:
        attname = child.model._meta.get_field(child.fk_name).attname
        cpk = child.model._meta.pk.attname
        kids = []
        for r in new_rows:
            for k in r.children.get(child.key, ()):
                k.__dict__[attname] = r.instance.__dict__[pk]
                kids.append(k)
        for j, k in enumerate(kids, 1):
            k.__dict__[cpk] = j
        if kids:
            set_auto_now(kids, child.model)
            statements = stage_with_history(kids, child.model, user=user, now=now, vary=frozenset({attname}))
            stage = _Stage(child.model, kids, statements)
            stage.fk = (child.model._meta.get_field(child.fk_name).column, attname)
            stages.append(stage)
    return stages, need


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
    added = changeable(spec, user, township).filter(pk__gt=since)
    if not spec.model.objects.filter(pk__gt=since).exists():
        return False
    return bool(existing_records(spec, township, new_rows, natural_index(spec, added), user=user))


def write_new(*, spec, township, user, new_rows, since: int, progress, total: int, after) -> None:
    """Stage outside the write lock, then one short write transaction; `after()` runs inside it (the
    audit line). Raises Clash (nothing written) when a record saved meanwhile matches a row."""
    model = spec.model
    pk = model._meta.pk.attname
    originals = [r.number for r in new_rows]
    with _temp_only():
        stages, need = _stage_all(spec, township, user, new_rows)
    if progress:
        progress("写入", 0, total)
    try:
        with transaction.atomic():
            if _clash(spec, township, user, new_rows, since):
                raise Clash
            kept = [r.number for r in new_rows if r.number]
            if kept:
                bump_counters(spec, township, kept)
            main = stages[0]
            with connection.cursor() as cur:
                for year, rs in need.items():
                    numbers = reserve_numbers(
                        township=township, short=spec.short, ledger=spec.key, year=year, count=len(rs)
                    )
                    for r, n in zip(rs, numbers, strict=True):
                        r.number = r.instance.__dict__["number"] = n
                    first = int(numbers[0].rsplit("-", 1)[1])
                    cur.execute(
                        f"UPDATE {_qn(main.name)} SET {_qn(model._meta.get_field('number').column)} = "
                        "printf('%%s-%%04d', %s, _nrank + %s) "
                        "WHERE _nyear = %s",
                        [f"{township.label}-{spec.short}-{year}", first - 1, year],
                    )
                shift = {model: _base(model)}
                cur.execute(
                    f"UPDATE {_qn(main.name)} SET {_qn(model._meta.pk.column)} = "
                    f"{_qn(model._meta.pk.column)} + %s",
                    [shift[model]],
                )
                for stage in stages[1:]:
                    column, _ = stage.fk
                    shift[stage.model] = _base(stage.model)
                    pkcol = stage.model._meta.pk.column
                    cur.execute(
                        f"UPDATE {_qn(stage.name)} SET {_qn(pkcol)} = {_qn(pkcol)} + %s, "
                        f"{_qn(column)} = {_qn(column)} + %s",
                        [shift[stage.model], shift[model]],
                    )
                for stage in stages:
                    for sql, params in stage.statements:
                        cur.execute(sql, params)
            # The instances get their final ids (and the children their parents') for the hooks.
            alias = connection.alias
            for stage in stages:
                spk = stage.model._meta.pk.attname
                for o in stage.objs:
                    o.__dict__[spk] += shift[stage.model]
                    o._state.adding, o._state.db = False, alias
                if stage is not main:
                    _, attname = stage.fk
                    for o in stage.objs:
                        o.__dict__[attname] += shift[model]
            records_after_write(spec=spec, user=user, records=[r.instance for r in new_rows])
            after()
    except BaseException:
        _drop(stages)
        for r, number in zip(new_rows, originals, strict=True):  # as validation left them
            r.number = number
            r.instance.__dict__[pk] = None
            r.instance._state.adding = True
        raise
    if progress:
        progress("写入", total, total)


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
    with connection.cursor() as cur:
        for stage in stages:
            cur.execute(f"DROP TABLE IF EXISTS {_qn(stage.name)}")
