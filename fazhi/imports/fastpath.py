"""The fast path of an import: per-column checks compiled from the forms' own fields, and raw inserts.

Validation. For each column the form validates, a function turns the cell into the record's value by
calling the very form field and model field the form path uses (`field.clean`), memoised by cell value
(choices, villages, categories, dates repeat); free-text columns are checked inline with the same
limits and the model field's validators. A row the compiled checks cannot accept *for certain* (any
failure, anything unusual) goes through the form path, so every error message comes from the form
path; the fast path only ever accepts rows the form path accepts, with the same values. Rows are then
checked with the model's `clean()` and the ledger's `derive` and `validate` like the form path does.
Only the ledgers in `PROVEN_EQUAL` are compiled.

Writing. `insert_with_history` writes records and one history row each, with the columns
`bulk_create_with_history` writes (history_date, history_change_reason NULL, history_type "+",
history_user_id, the tracked fields), by `executemany` on SQLite and binary COPY on PostgreSQL. Ids are
reserved first (a block of the sequence on PostgreSQL; above max(id) and sqlite_sequence on SQLite,
whose transaction has already written the number counters and so holds the write lock), so every
instance knows its pk.
"""

import contextlib
import operator
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone

from fazhi.core.forms import NORMALIZERS, LedgerForm

# The ledgers (record and child sheets) whose compiled checks are proven to accept exactly the rows the form
# path accepts, with the same values: tests/test_fastpath.py imports each one's export through both paths
# and compares results, records and history; its hypothesis test does so for mutated workbooks. A ledger
# not listed (e.g. one whose form cleans more than LedgerForm) takes the form path for every row.
PROVEN_EQUAL = frozenset(
    {
        "publicity-activities",
        "study-sessions",
        "law-exams",
        "study-plans",
        "legal-volunteers",
        "publicity-funds",
        "model-villages",
        "legality-reviews",
        "major-decisions",
        "risk-assessments",
        "enforcement-officers",
        "leader-receptions",
        "petitions",
        "tickets",
        "screenings",
        "disputes",
        "mediations",
        "legal-advisors",
        "consultations",
        "rectifications",
        "litigation-cases",
        "warning-education",
        "disclosures",
        "duty-records",
    }
)
FAIL = object()  # the row must take the form path
_MISS = object()

# Model fields whose values the database drivers take as they are (no get_db_prep_save needed).
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "OneToOneField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _fail(exc: ValidationError):
    """FAIL, after cutting the error's traceback: a ValidationError refers to itself (error_list), so it
    lives until the cyclic collector runs, and its traceback would keep every calling frame alive with
    it, the whole file's rows included (the import pauses the collector)."""
    exc.__traceback__ = None
    return FAIL


class _Unsupported(Exception):
    pass


def _generic(form_field, model_field, normalizer, model_check: bool):
    """Form field clean, the form's normaliser, then the model field's clean: the form path for one cell."""

    def run(data):
        try:
            value = form_field.clean(data)
            if normalizer and value:
                value = normalizer(value)
            if model_check and not (model_field.blank and value in model_field.empty_values):
                value = model_field.clean(value, None)
        except ValidationError as exc:
            return _fail(exc)
        return value

    return run


def _text(form_field, model_field, normalizer, generic):
    """The same as `_generic` for a plain CharField/TextField, inline (free text does not repeat)."""
    if type(form_field) is not forms.CharField or not form_field.strip or form_field.empty_value != "":
        return None
    if type(model_field) not in (models.CharField, models.TextField) or model_field.choices:
        return None
    form_max, model_max, others = None, None, []
    for v in form_field.validators:
        if type(v) is MaxLengthValidator and isinstance(v.limit_value, int):
            form_max = v.limit_value
        elif type(v) is not ProhibitNullCharactersValidator:
            others.append(v)
    for v in model_field.validators:
        if type(v) is MaxLengthValidator and isinstance(v.limit_value, int):
            model_max = v.limit_value if model_max is None else min(model_max, v.limit_value)
        else:
            others.append(v)
    empty = generic("")

    def run(data):
        if data.__class__ is not str:
            return generic(data)
        value = data.strip()
        if not value:
            return empty
        if "\x00" in value or (form_max is not None and len(value) > form_max):
            return FAIL
        if normalizer:
            value = normalizer(value)
            if not value:
                return generic(data)
        if model_max is not None and len(value) > model_max:
            return FAIL
        for v in others:
            try:
                v(value)
            except ValidationError as exc:
                return _fail(exc)
        return value

    return run


class _Col:
    """One column's compiled check: cell → value to store, or FAIL."""

    __slots__ = ("name", "attname", "fk", "memo", "conv", "col", "check", "by_village", "free_text")

    def __init__(self, name, attname, fk, conv, col, check, *, by_village=False, free_text=False):
        self.name, self.attname, self.fk = name, attname, fk
        self.conv, self.col, self.check, self.memo, self.by_village = conv, col, check, {}, by_village
        self.free_text = free_text

    def convert(self, raw, village_pk=None):
        """conv.cell (the form path's cell → form data) then the check."""
        errors = []
        data = self.conv.cell(self.col, raw, {}, errors, 0, village_pk)
        if data is None or errors:
            return FAIL
        return self.check(data)


class FastSheet:
    """The compiled checks of one sheet: `rows(values)` gives unsaved instances, None where the form must look."""

    def __init__(self, *, model, sheet, form, conv, present, township=None, workflow=(), personal=None):
        model_fields = {f.name: f for f in model._meta.fields}
        if any(hasattr(form, f"clean_{n}") for n in form.fields):
            raise _Unsupported("the form cleans a field itself")
        if any(
            isinstance(c, models.CheckConstraint) or getattr(c, "condition", None) is not None
            for c in model._meta.constraints
        ):
            raise _Unsupported("constraints checked per row")
        columns = {c.name for c in sheet.columns}
        if any(n not in columns and n != "version" for n in form.fields):
            raise _Unsupported("a form field without a column")
        self.model, self.conv, self.is_ledger_form = model, conv, isinstance(form, LedgerForm)
        self.township = township
        personal = personal or {}
        proto = model(township=township) if township is not None else model()
        base = {k: v for k, v in proto.__dict__.items() if k != "_state"}
        if any(isinstance(v, (list, dict, set)) for v in base.values()):
            raise _Unsupported("mutable defaults")
        self.base_cache = {}
        self.cols: list[_Col] = []
        for col in sheet.columns:
            if col.name == "number" or col.name not in form.fields:
                continue
            ff, mf = form.fields[col.name], model_fields.get(col.name)
            if mf is None:
                raise _Unsupported(col.name)
            normalizer = NORMALIZERS.get(personal.get(col.name))
            is_fk = isinstance(ff, forms.ModelChoiceField)
            generic = _generic(ff, mf, normalizer, not is_fk)
            if col.name not in present:
                if col.name == "township" and township is not None:
                    value = generic(str(township.pk))
                elif mf.has_default():
                    value = generic(mf.get_default())
                else:
                    # Omitted from the data: the form cleans None and stores it unless the field has a default.
                    value = generic(None)
                if value is FAIL:
                    raise _Unsupported(f"absent column {col.name} does not validate")
                self._set(base, self.base_cache, mf, value, is_fk)
                continue
            text = _text(ff, mf, normalizer, generic) if col.kind == "text" else None
            by_village = col.kind == "org" and col.name not in ("township", "village")
            self.cols.append(
                _Col(
                    col.name,
                    mf.attname,
                    is_fk,
                    conv,
                    col,
                    text or generic,
                    by_village=by_village,
                    free_text=text is not None,
                )
            )
        self.workflow: list[_Col] = []
        for col in workflow:
            mf = col.model_field
            self.workflow.append(_Col(col.name, mf.attname, False, conv, col, self._workflow_fn(col)))
        self.base = base

    def _workflow_fn(self, col):
        """The form path for a workflow column: its form field, then the model field on the record."""
        mf = col.model_field
        formfield = mf.formfield()
        if isinstance(mf, models.ForeignKey):
            raise _Unsupported("workflow relation")

        def run(data):
            try:
                value = formfield.clean(data) if formfield else data
                if value is None and not mf.null:
                    value = mf.get_default() if mf.has_default() else ""
                if not (mf.blank and value in mf.empty_values):
                    value = mf.clean(value, None)
            except ValidationError as exc:
                return _fail(exc)
            return value

        return run

    @staticmethod
    def _set(d, cache, mf, value, is_fk):
        if is_fk:
            d[mf.attname] = value.pk if value is not None else None
            if value is not None:
                cache[mf.name] = value
            else:
                cache.pop(mf.name, None)
        else:
            d[mf.attname] = value

    @staticmethod
    def _column(c: _Col, raws: list, village_pks: list | None) -> list:
        """The column's values for every row (FAIL where the row must take the form path), memoised."""
        keys = list(zip(raws, village_pks, strict=True)) if c.by_village and village_pks else raws
        memo = c.memo
        try:
            out = list(map(memo.get, keys, repeat(_MISS)))
        except TypeError:  # an unhashable cell somewhere: no memo for this column
            out = [_MISS] * len(keys)
            memo = {}
        if not any(map(operator.is_, out, repeat(_MISS))):
            return out
        for i in [i for i, v in enumerate(out) if v is _MISS]:
            try:
                v = memo.get(keys[i], _MISS)  # an earlier row of this call may have had the same cell
            except TypeError:
                v = _MISS
            if v is _MISS:
                raw = raws[i]
                if c.free_text and raw.__class__ is str:
                    v = c.check(raw)  # conv.cell gives text back stripped, and the check strips first
                else:
                    v = c.convert(raw, village_pks[i] if c.by_village and village_pks else None)
                with contextlib.suppress(TypeError):
                    memo[keys[i]] = v
            out[i] = v
        return out

    def rows(self, values_list: list[dict], parents: list | None = None, parent_name: str = "") -> list:
        """An unsaved instance per row, or None where the row must take the form path."""
        n = len(values_list)
        bad: set[int] = set()
        attnames, columns, cache_names, cache_columns = [], [], [], []
        village_pks = None
        township_pks = None
        for c in [*self.cols, *self.workflow]:
            raws = list(map(operator.methodcaller("get", c.name), values_list))
            out = self._column(c, raws, village_pks)
            if any(map(operator.is_, out, repeat(FAIL))):
                bad.update(i for i, v in enumerate(out) if v is FAIL)
            if c.fk:
                # The same few objects over and over: each one's pk once.
                pk_of = {
                    id(v): (None if v is None or v is FAIL else v.pk)
                    for v in {id(v): v for v in out}.values()
                }
                pks = [pk_of[i] for i in map(id, out)]
                attnames.append(c.attname)
                columns.append(pks)
                cache_names.append(c.name)
                cache_columns.append(out)
                if c.name == "village":
                    village_pks = pks
                    villages = out
                elif c.name == "township":
                    township_pks = pks
                elif c.name == "group":
                    groups = out
            else:
                attnames.append(c.attname)
                columns.append(out)
        if self.is_ledger_form:
            # LedgerForm.clean: the village belongs to the township, the group to the village.
            tpk = self.base.get("township_id")
            if village_pks is not None:
                for i, v in enumerate(villages):
                    if v is not None and v is not FAIL:
                        t = township_pks[i] if township_pks is not None else tpk
                        if v.township_id != t:
                            bad.add(i)
            if "group" in cache_names:
                for i, g in enumerate(groups):
                    if g is not None and g is not FAIL:
                        v = villages[i] if village_pks is not None else self.base_cache.get("village")
                        if v is None or v is FAIL or g.parent_id != v.pk:
                            bad.add(i)
        model, base, base_cache = self.model, self.base, self.base_cache
        parent_attname = model._meta.get_field(parent_name).attname if parent_name else None
        has_clean = model.clean is not models.Model.clean
        new = model.__new__
        value_rows = zip(*columns, strict=True) if columns else [()] * n
        cache_rows = zip(*cache_columns, strict=True) if cache_columns else [()] * n
        out = []
        for i, vals, objs in zip(range(n), value_rows, cache_rows, strict=True):
            if i in bad or (parents is not None and parents[i] is None):
                out.append(None)
                continue
            inst = new(model)
            state = inst._state = ModelState()
            cache = dict(base_cache)
            cache.update(zip(cache_names, objs, strict=True))
            state.fields_cache = cache
            d = inst.__dict__
            d.update(base)
            d.update(zip(attnames, vals, strict=True))
            if parents is not None:
                # The child row's record, set before clean() as the form path does (attname and cache,
                # as the descriptor would, without its per-call router check).
                parent = parents[i]
                d[parent_attname] = parent.pk
                cache[parent_name] = parent
            if has_clean:
                try:
                    inst.clean()
                except ValidationError as exc:
                    _fail(exc)
                    out.append(None)
                    continue
            out.append(inst)
        return out


def compile_sheet(*, ledger: str, **kwargs) -> FastSheet | None:
    """The compiled checks, or None when the ledger is not proven equal or its form does something they
    do not reproduce."""
    if ledger not in PROVEN_EQUAL:
        return None
    try:
        return FastSheet(**kwargs)
    except _Unsupported:
        return None


# --- writing -------------------------------------------------------------------------------------


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
        if f.get_internal_type() not in _PLAIN | {"DateField", "DateTimeField", "DecimalField"}:
            return False
    return True


def _adapter(field):
    if field.get_internal_type() in _PLAIN:
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


def _columns(objs, fields) -> tuple[list, list]:
    """Split the fields into varying (field, values) and constant (field, value): an import gives most
    columns one value for every row (township, creator, status, empty workflow fields), and those are
    bound once instead of once per row. The primary key always varies (the staging table needs a column)."""
    dicts = [o.__dict__ for o in objs]
    n = len(dicts)
    varying, constant = [], []
    for f in fields:
        values = list(map(operator.itemgetter(f.attname), dicts))
        adapt = _adapter(f)
        first = values[0]
        if not f.primary_key and values.count(first) == n and len(set(map(type, values))) == 1:
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
    now = timezone.now()
    fields = model._meta.concrete_fields
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for o in objs:
                o.__dict__[f.attname] = now
    pk, alias = model._meta.pk.attname, connection.alias
    for o, i in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        o.__dict__[pk] = i
        o._state.adding = False
        o._state.db = alias
    pg = connection.vendor == "postgresql"
    varying, constant = _columns(objs, fields)
    stage = f"fazhi_stage_{model._meta.db_table}"
    _stage(stage, varying, pg)
    source = {f.attname: f.column for f, _ in varying}
    source.update({f.attname: ("param", v, _pg_type(f) if pg else None) for f, v in constant})
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
    if background is not None:
        background.submit(statements)
        return
    with connection.cursor() as cur:
        for sql, params in statements:
            cur.execute(sql, params)
