"""The fast path of an import: per-column checks compiled from the forms' own fields, and raw inserts.

Validation. For each column the form validates, a function turns the cell into the record's value by
calling the very form field and model field the form path uses (`field.clean`), memoised by cell value
(choices, villages, categories, dates repeat); free-text columns are checked inline with the same
limits and the model field's validators. A row the compiled checks cannot accept *for certain* (any
failure, anything unusual) goes through the form path, so every error message comes from the form
path; the fast path only ever accepts rows the form path accepts, with the same values. Rows are then
checked with the model's `clean()` and the ledger's `derive` and `validate` like the form path does.
Only the ledgers in `PROVEN_EQUAL` are compiled.

Writing (raw inserts with history) is in fastwrite.py.
"""

import contextlib
import operator
from itertools import repeat

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models.base import ModelState

from fazhi.core.fields import EncryptedCharField
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
PLAIN_TYPES = {
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
    if (
        type(model_field) not in (models.CharField, models.TextField, EncryptedCharField)
        or model_field.choices
    ):
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
        data = self.conv.cell(self.col, raw, errors, 0, village_pk)
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
