"""The floor an import is measured against: the database's own bulk load of the rows the import ended
with (records, children and their history rows) into the same tables, with the same indexes and
constraints — `executemany` on SQLite, `COPY` on PostgreSQL. Used by bench.measure inside its
rolled-back transaction: the rows are read, deleted and loaded again, and only the load is timed."""

import time

from django.db import connection

from fazhi.core.rawwrites import allow_raw_writes


def _tables(spec, township) -> list[tuple[object, str, list]]:
    """(model, WHERE clause, params) of every table the import filled, parents before children."""
    rec = spec.model._meta.db_table
    where_rec = ("township_id = %s", [township.pk])
    out = [(spec.model, *where_rec), (spec.model.history.model, *where_rec)]
    for child in spec.children:
        fk = child.model._meta.get_field(child.fk_name).column
        where = (f"{fk} IN (SELECT id FROM {rec} WHERE township_id = %s)", [township.pk])
        out += [(child.model, *where), (child.model.history.model, *where)]
    return out


def _read(model, where: str, params: list) -> tuple[list[str], list[tuple]]:
    columns = [f.column for f in model._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {model._meta.db_table} WHERE {where}", params)
        return columns, cursor.fetchall()


def _load(model, columns: list[str], rows: list[tuple]) -> None:
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def floor_seconds(spec, township) -> float:
    """Seconds the database takes to load the township's rows of `spec` as they are now."""
    tables = _tables(spec, township)
    data = [(model, *_read(model, where, params)) for model, where, params in tables]
    with allow_raw_writes(), connection.cursor() as cursor:
        for model, where, params in reversed(tables):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)
    t = time.perf_counter()
    for model, columns, rows in data:
        _load(model, columns, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as the import's measurement does
    return time.perf_counter() - t
