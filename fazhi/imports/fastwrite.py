"""The fast path's writes: raw inserts with history.

Writing. `insert_with_history` writes records and one history row each, with the columns
`bulk_create_with_history` writes (history_date, history_change_reason NULL, history_type "+",
history_user_id, the tracked fields), by `executemany` on SQLite and binary COPY on PostgreSQL. Ids are
reserved first (a block of the sequence on PostgreSQL; above max(id) and sqlite_sequence on SQLite,
whose transaction has already written the number counters and so holds the write lock), so every
instance knows its pk.
"""

import operator
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from fazhi.core.fields import fill_blind_indexes

from .fastpath import PLAIN_TYPES


def can_insert(model) -> bool:
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    hist = getattr(getattr(model, "history", None), "model", None)
    if hist is None or hasattr(hist, "history_relation"):
        return False
    known = {f.attname for f in hist.tracked_fields} | {
        "history_id",
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    }
    if {f.attname for f in hist._meta.concrete_fields} != known:
        return False
    for f in model._meta.concrete_fields:
        if f.get_internal_type() not in PLAIN_TYPES | {"DateField", "DateTimeField", "DecimalField"}:
            return False
    return True


def _adapter(field):
    if getattr(field, "encrypted", False):  # encrypted before staging; each value its own nonce
        return lambda value: field.get_db_prep_save(value, connection)
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    memo = {}

    def adapt(value):
        if value is None:
            return None
        try:
            return memo[value]
        except KeyError:
            memo[value] = out = field.get_db_prep_save(value, connection)
            return out
        except TypeError:
            return field.get_db_prep_save(value, connection)

    return adapt


def _reserve_ids(model, count: int) -> list[int]:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return sorted(r[0] for r in cur.fetchall())
        # SQLite: the IMMEDIATE transaction holds the write lock, so nobody else takes ids meanwhile.
        cur.execute(f"SELECT max({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")
        high = cur.fetchone()[0] or 0
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cur.fetchone()
        high = max(high, row[0] if row else 0)
    return list(range(high + 1, high + 1 + count))


def _pg_type(field) -> str:
    if field.get_internal_type() in ("ForeignKey", "OneToOneField"):
        field = field.target_field
    return (
        field.rel_db_type(connection)
        if field.get_internal_type().endswith("AutoField")
        else field.db_type(connection)
    )


def _columns(objs, fields, vary: frozenset = frozenset()) -> tuple[list, list]:
    """Split the fields into varying (field, values) and constant (field, value): an import gives most
    columns one value for every row (township, creator, status, empty workflow fields), and those are
    bound once instead of once per row. The primary key and the attnames in `vary` always vary (the
    staging table needs a column for them)."""
    dicts = [o.__dict__ for o in objs]
    n = len(dicts)
    varying, constant = [], []
    for f in fields:
        values = list(map(operator.itemgetter(f.attname), dicts))
        adapt = _adapter(f)
        first = values[0]
        if (
            not f.primary_key
            and f.attname not in vary
            and values.count(first) == n
            and len(set(map(type, values))) == 1
        ):
            constant.append((f, adapt(first) if adapt else first))
        else:
            varying.append((f, list(map(adapt, values)) if adapt else values))
    return varying, constant


def _stage(name: str, varying: list, pg: bool) -> None:
    """A temporary table holding the varying columns, filled by executemany (SQLite) or COPY (PostgreSQL)."""
    qn = connection.ops.quote_name
    rows = zip(*[values for _, values in varying], strict=True)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {qn(name)}")
        if pg:
            types = [_pg_type(f) for f, _ in varying]
            defs = ", ".join(f"{qn(f.column)} {t}" for (f, _), t in zip(varying, types, strict=True))
            cur.execute(f"CREATE TEMPORARY TABLE {qn(name)} ({defs}) ON COMMIT DROP")
            cols = ", ".join(qn(f.column) for f, _ in varying)
            with cur.cursor.copy(f"COPY {qn(name)} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([t.split("(")[0] for t in types])
                for row in rows:
                    copy.write_row(row)
        else:
            cur.execute(f"CREATE TEMPORARY TABLE {qn(name)} ({', '.join(qn(f.column) for f, _ in varying)})")
            marks = ", ".join(["%s"] * len(varying))
            cur.executemany(f"INSERT INTO {qn(name)} VALUES ({marks})", rows)


def _copy_from_stage(stage: str, table: str, targets: list[tuple[str, object]], pg: bool) -> tuple[str, list]:
    """INSERT INTO table SELECT ... FROM stage: targets are (column, stage column or ("param", value, type))."""
    qn = connection.ops.quote_name
    select, params = [], []
    for _column, source in targets:
        if isinstance(source, str):
            select.append(qn(source))
        elif source[0] == "sql":
            select.append(source[1])
        else:
            _, value, type_ = source
            select.append(f"CAST(%s AS {type_})" if pg and type_ else "%s")
            params.append(value)
    cols = ", ".join(qn(c) for c, _ in targets)
    return f"INSERT INTO {qn(table)} ({cols}) SELECT {', '.join(select)} FROM {qn(stage)}", params


class Background:
    """Statements that run on this connection in a second thread while the caller goes on with Python
    work (SQLite and psycopg let other threads run while a statement executes, so it uses a second core).

    Inside the block every query of the caller's first waits for the statements handed over, so the
    connection is never used by two threads at once; leaving the block waits for them as well."""

    def __init__(self):
        self.pending: list = []

    def __enter__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.qmark = connection.vendor == "sqlite"
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.wrapper = connection.execute_wrapper(self._before)
        self.wrapper.__enter__()
        return self

    def _before(self, execute, sql, params, many, context):
        self.wait()
        return execute(sql, params, many, context)

    def _run(self, statements):
        cursor = self.raw.cursor()
        try:
            for sql, params in statements:
                cursor.execute(sql.replace("%s", "?") if self.qmark else sql, params)
        finally:
            cursor.close()

    def submit(self, statements: list[tuple[str, list]]) -> None:
        self.pending.append(self.pool.submit(self._run, statements))

    def wait(self) -> None:
        while self.pending:
            self.pending.pop(0).result()

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.wait()
            else:  # the statements must end before the transaction is rolled back; the first error wins
                for f in self.pending:
                    f.exception()
                self.pending = []
        finally:
            self.pool.shutdown()
            self.wrapper.__exit__(exc_type, exc, tb)
        return False


def insert_with_history(objs: list, model, *, user, background: Background | None = None) -> None:
    """Insert new instances and one '+' history row each, as bulk_create_with_history would.

    The varying columns go once from Python into a temporary table; the record and its history row are
    both copied from it inside the database, so each value crosses from Python to the database once.
    With `background`, those copies run in its thread and this returns once the stage is filled."""
    if not objs:
        return
    pk, alias = model._meta.pk.attname, connection.alias
    now = set_auto_now(objs, model)
    for o, i in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        o.__dict__[pk] = i
        o._state.adding = False
        o._state.db = alias
    statements = stage_with_history(objs, model, user=user, now=now)
    if background is not None:
        background.submit(statements)
        return
    with connection.cursor() as cur:
        for sql, params in statements:
            cur.execute(sql, params)


def set_auto_now(objs: list, model):
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for o in objs:
                o.__dict__[f.attname] = now
    return now


def stage_name(model) -> str:
    return f"fazhi_stage_{model._meta.db_table}"


def stage_with_history(
    objs: list,
    model,
    *,
    user,
    now,
    vary: frozenset = frozenset(),
    extra: list | None = None,
    exprs: dict | None = None,
) -> list[tuple[str, list]]:
    """Fill the model's staging table with the rows' varying columns (and `extra` (column, values)
    pairs); return the statements that copy it into the table and its history table, then drop it.
    `exprs` maps attnames to SQL expressions over the stage's columns used instead of the column."""
    pg = connection.vendor == "postgresql"
    fill_blind_indexes(objs, model)  # read from __dict__ below, like every other column
    fields = model._meta.concrete_fields
    varying, constant = _columns(objs, fields, vary)
    stage = stage_name(model)
    _stage(stage, varying + [(_Extra(c), v) for c, v in extra or []], pg)
    source = {f.attname: f.column for f, _ in varying}
    source.update({f.attname: ("param", v, _pg_type(f) if pg else None) for f, v in constant})
    source.update({attname: ("sql", sql) for attname, sql in (exprs or {}).items()})
    statements = [
        _copy_from_stage(stage, model._meta.db_table, [(f.column, source[f.attname]) for f in fields], pg)
    ]
    hist = model.history.model

    def param(name, value):
        return ("param", value, _pg_type(hist._meta.get_field(name)) if pg else None)

    hist_date = hist._meta.get_field("history_date").get_db_prep_save(now, connection)
    targets = [(f.column, source[f.attname]) for f in hist.tracked_fields]
    targets += [
        ("history_date", param("history_date", hist_date)),
        ("history_change_reason", param("history_change_reason", None)),
        ("history_type", param("history_type", "+")),
        ("history_user_id", param("history_user", user.pk if user is not None else None)),
    ]
    statements.append(_copy_from_stage(stage, hist._meta.db_table, targets, pg))
    statements.append((f"DROP TABLE {connection.ops.quote_name(stage)}", []))
    return statements


class _Extra:
    """A staging column that is no model field (SQLite stages untyped columns)."""

    primary_key = False

    def __init__(self, column: str):
        self.column = column
