"""Figure stamps: which organisations' records changed, kept by the database itself.

Every table a figure reads (each ledger, its child rows, the legal clocks, the organisations and the
category lists) carries triggers that replace its organisation's token in `metrics_figurestamp` with a
random one in the same statement as the change: any write, whatever its path (a form, an import's
COPY, a bulk update, a restore, a manual SQL session), so nothing can change a figure without changing
its token. A figure stored under the tokens it was computed at (`fazhi.metrics.stored`) is then current
exactly while those tokens are. Random, not counted: a rolled-back transaction can never make an old
token come back.

The triggers are (re)installed after every `migrate` (a SQLite table rebuild drops them), for the tables
`watched()` lists. SQLite has only row triggers; PostgreSQL uses statement triggers with transition
tables, so a 100,000-row import bumps each township once. The token row stays locked until the writing
transaction ends: two transactions writing the same township's records take turns at that point.
"""

from django.apps import apps
from django.db import connections

from fazhi.core import ledgers

from .models import FigureStamp

EVERYTHING = 0  # the key of what every organisation's figures read
_EXTRA: list[tuple[str, str]] = []  # (app_label.Model, township column) registered by other apps


def watch(model_label: str, township_column: str | None) -> None:
    """Stamp `model_label`'s changes on the organisation in `township_column` (None: on everything)."""
    if (model_label, township_column) not in _EXTRA:
        _EXTRA.append((model_label, township_column))


def watched() -> list[tuple[str, str, tuple[str, str] | None]]:
    """(table, township column, (parent table, foreign key column) for child rows) of every table a
    figure reads. A township column of None stamps EVERYTHING."""
    out = []
    for spec in ledgers.all_ledgers():
        out.append((spec.model._meta.db_table, "township_id", None))
        for child in spec.children:
            fk = child.model._meta.get_field(child.fk_name)
            out.append((child.model._meta.db_table, "township_id", (spec.model._meta.db_table, fk.column)))
    for label, column in [("orgs.Organisation", None), ("core.Category", None), *_EXTRA]:
        out.append((apps.get_model(label)._meta.db_table, column, None))
    return list(dict.fromkeys(out))


def _sqlite_key(row: str, column: str | None, parent) -> str:
    if column is None:
        return str(EVERYTHING)
    if parent is None:
        return f"COALESCE({row}.{column}, {EVERYTHING})"
    table, fk = parent
    return f'COALESCE((SELECT p.{column} FROM "{table}" p WHERE p.id = {row}.{fk}), {EVERYTHING})'


def _sqlite_sql(table: str, column: str | None, parent) -> list[str]:
    table_stamp = FigureStamp._meta.db_table

    def bump(row):
        return (
            f"INSERT INTO {table_stamp} (organisation_id, token) VALUES ({_sqlite_key(row, column, parent)}, "
            "random()) ON CONFLICT (organisation_id) DO UPDATE SET token = excluded.token;"
        )

    out = []
    for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
        name = f"fz_stamp_{table}_{event.lower()}"
        body = " ".join(bump(r) for r in rows)
        out.append(f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" BEGIN {body} END')
    return out


def _pg_keys(rows: str, column: str | None, parent) -> str:
    if column is None:
        return f"SELECT {EVERYTHING} AS k"
    if parent is None:
        return f"SELECT DISTINCT COALESCE(c.{column}, {EVERYTHING}) AS k FROM {rows} c"
    table, fk = parent
    return (
        f'SELECT DISTINCT COALESCE(p.{column}, {EVERYTHING}) AS k FROM {rows} c LEFT JOIN "{table}" p '
        f"ON p.id = c.{fk}"
    )


def _pg_sql(table: str, column: str | None, parent) -> list[str]:
    table_stamp = FigureStamp._meta.db_table
    function = f"fz_stamp_{table}"[:63]

    def bump(keys):
        # In key order, so that two transactions stamping the same organisations cannot deadlock.
        return (
            f"INSERT INTO {table_stamp} (organisation_id, token) SELECT k, "
            f"(random() * 9.0e18)::bigint FROM ({keys}) s ORDER BY k "
            "ON CONFLICT (organisation_id) DO UPDATE SET token = excluded.token;"
        )

    both = f"{_pg_keys('fz_new', column, parent)} UNION {_pg_keys('fz_old', column, parent)}"
    out = [
        f'CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
        f"IF TG_OP = 'INSERT' THEN {bump(_pg_keys('fz_new', column, parent))} "
        f"ELSIF TG_OP = 'UPDATE' THEN {bump(both)} "
        f"ELSE {bump(_pg_keys('fz_old', column, parent))} END IF; RETURN NULL; END $$"
    ]
    for event, referencing in (
        ("INSERT", "NEW TABLE AS fz_new"),
        ("UPDATE", "OLD TABLE AS fz_old NEW TABLE AS fz_new"),
        ("DELETE", "OLD TABLE AS fz_old"),
    ):
        name = f"fz_stamp_{event.lower()}"
        out.append(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        out.append(
            f'CREATE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing} '
            f'FOR EACH STATEMENT EXECUTE FUNCTION "{function}"()'
        )
    return out


def install(using: str = "default") -> int:
    """Create the triggers that are missing on `using`; returns how many tables are watched."""
    conn = connections[using]
    if conn.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(conn.vendor)
    build = _sqlite_sql if conn.vendor == "sqlite" else _pg_sql
    tables = watched()
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table, column, parent in tables:
            if table in existing:
                for statement in build(table, column, parent):
                    cursor.execute(statement)
    return len(tables)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)


def tokens(organisation_ids) -> dict[int, int | None]:
    """The current token of each organisation and of EVERYTHING (None: never stamped)."""
    ids = sorted({EVERYTHING, *organisation_ids})
    found = dict(FigureStamp.objects.filter(organisation_id__in=ids).values_list("organisation_id", "token"))
    return {i: found.get(i) for i in ids}


def triggers_present(using: str = "default") -> set[str]:
    """Tables of `watched()` that have all their triggers (for the tests and `fazhi check`)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND substr(name, 1, 9) = 'fz_stamp_' GROUP BY tbl_name"
            )
        else:
            cursor.execute(
                "SELECT c.relname, COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE left(t.tgname, 9) = 'fz_stamp_' AND NOT t.tgisinternal GROUP BY c.relname"
            )
        return {table for table, n in cursor.fetchall() if n == 3}


__all__ = ["EVERYTHING", "install", "tokens", "triggers_present", "watch", "watched"]
