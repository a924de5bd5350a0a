"""One interface for checking a sheet's rows: `RowChecker.check(row) -> (instance | None, errors)`.

`MainFormChecker` and `ChildFormChecker` run the UI's form, the reference: every error message of an import
comes from them. `CompiledChecker` runs the fast path's compiled checks (fastpath.FastSheet) over a batch
(`begin(rows)`, columnar and memoised) and hands every row they cannot accept for certain to its form
checker. `main_checker`/`child_checker` choose per ledger: compiled for the ledgers in
`fastpath.PROVEN_EQUAL` (tests/test_fastpath.py proves them equal, hypothesis included), the form otherwise.
"""

from collections.abc import Callable
from typing import NamedTuple, Protocol, runtime_checkable

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.policy import can
from fazhi.core.services import record_prepare

from . import fastpath
from . import values as V
from .cells import Converter, form_errors, validation_errors
from .columns import KEY_HEADER, Sheet
from .formadapter import has_errors, reuse
from .layout import RowError


class SheetRow(NamedTuple):
    index: int  # position among the sheet's data rows
    excel_row: int
    values: dict  # column name → cell


@runtime_checkable
class RowChecker(Protocol):
    def begin(self, rows: list[SheetRow]) -> None:
        """Batch work for the rows about to be checked (nothing for the form)."""

    def check(self, row: SheetRow, prior: list[RowError] = ()) -> tuple[object | None, list[RowError]]:
        """The unsaved instance the row makes, or None and the row's errors. `prior` are errors the row
        already has (its 编号): it is then checked by the form, cell by cell, as a page with errors is."""


class MainFormChecker:
    """A main-sheet row through the UI's form, the workflow columns' own fields, the model's clean, the
    ledger's derive and validate, and the create permission — as a page save checks a record."""

    def __init__(self, *, spec, township, user, sheet: Sheet, form, conv: Converter, present: set):
        self.spec, self.township, self.user, self.sheet, self.form, self.conv = (
            spec,
            township,
            user,
            sheet,
            form,
            conv,
        )
        self.model = spec.model
        self.form_cols = [c for c in sheet.columns if c.name in form.fields and c.name in present]
        self.absent_defaults = {
            c.name: c.model_field.get_default()
            for c in sheet.columns
            if c.name in form.fields and c.name not in present and c.model_field.has_default()
        }
        self.workflow_cols = [c for c in sheet.columns if c.workflow and c.name in present]
        self.workflow_fields = {c.name: c.model_field.formfield() for c in self.workflow_cols}
        self.workflow_names = [c.name for c in self.workflow_cols]

    def begin(self, rows: list[SheetRow]) -> None:
        pass

    def check(self, row: SheetRow, prior: list[RowError] = ()) -> tuple[object | None, list[RowError]]:
        excel_row, values, conv, label = row.excel_row, row.values, self.conv, self.sheet.label
        row_errors: list[RowError] = []
        data = dict(self.absent_defaults)
        data["township"] = str(self.township.pk)
        village_pk = None
        for col in self.form_cols:
            v = conv.cell(col, values.get(col.name), row_errors, excel_row, village_pk)
            if v is None:
                continue
            data[col.name] = v
            if col.name == "village" and v:
                village_pk = int(v)
        instance = self.model(township=self.township)
        for col in self.workflow_cols:
            self._workflow_cell(instance, col, values.get(col.name), row_errors, excel_row)
        reuse(self.form, data, instance)
        if has_errors(self.form):
            form_errors(self.form, self.sheet, excel_row, row_errors)
        if not row_errors and not prior:
            try:
                if self.workflow_names:
                    instance.clean_fields(
                        exclude=[f.name for f in self.model._meta.fields if f.name not in self.workflow_names]
                    )
                record_prepare(spec=self.spec, user=self.user, record=instance)
            except ValidationError as exc:
                validation_errors(exc, self.sheet, excel_row, row_errors)
            if not can(
                self.user, self.spec, "create", township_id=self.township.pk, village_id=instance.village_id
            ):
                row_errors.append(RowError("您没有权限在该村/社区登记记录", excel_row, "村/社区", label))
        return (None, row_errors) if row_errors or prior else (instance, [])

    def _workflow_cell(self, instance, col, raw, row_errors: list, excel_row: int) -> None:
        v = self.conv.cell(col, raw, row_errors, excel_row)
        if v is None:
            return
        field = self.workflow_fields[col.name]
        try:
            value = field.clean(v) if field else v
        except ValidationError as exc:
            for m in exc.messages:
                row_errors.append(RowError(m, excel_row, col.header, self.sheet.label))
            return
        mf = col.model_field
        if isinstance(mf, models.ForeignKey):
            setattr(instance, mf.attname, value.pk if value is not None else None)
        elif value is None and not mf.null:
            setattr(instance, col.name, mf.get_default() if mf.has_default() else "")
        else:
            setattr(instance, col.name, value)


class ChildFormChecker:
    """A child-sheet row through the UI's formset form, attached to its record by the 编号 column."""

    def __init__(self, *, child, sheet: Sheet, form, conv: Converter, parent_of: Callable, main_keys: set):
        self.child, self.sheet, self.form, self.conv = child, sheet, form, conv
        self.parent_of, self.main_keys = parent_of, main_keys

    def begin(self, rows: list[SheetRow]) -> None:
        pass

    def check(self, row: SheetRow, prior: list[RowError] = ()) -> tuple[object | None, list[RowError]]:
        excel_row, values, label = row.excel_row, row.values, self.sheet.label
        row_errors: list[RowError] = []
        key = V.text(values.get("number", ""))
        parent = self.parent_of(row)
        if not key:
            row_errors.append(RowError("请填写所属记录的编号", excel_row, KEY_HEADER, label))
        elif parent is None and key not in self.main_keys:
            row_errors.append(RowError(f"编号“{key}”在主表中不存在", excel_row, KEY_HEADER, label))
        data = {}
        for col in self.sheet.columns:
            if col.name == "number" or col.name not in self.form.fields:
                continue
            v = self.conv.cell(col, values.get(col.name), row_errors, excel_row)
            if v is not None:
                data[col.name] = v
        instance = self.child.model()
        if parent is not None:
            setattr(instance, self.child.fk_name, parent.instance)
        reuse(self.form, data, instance)
        if has_errors(self.form):
            form_errors(self.form, self.sheet, excel_row, row_errors)
        return (None, row_errors) if row_errors or prior else (instance, [])


class CompiledChecker:
    """The compiled checks of a sheet; a row they cannot accept for certain (or `accept` refuses) goes to
    the form checker, so the fast path only ever accepts what the form accepts, with the same values."""

    def __init__(self, *, batch: Callable, form: RowChecker, accept: Callable | None = None):
        self.batch, self.form, self.accept = batch, form, accept
        self._instances: list = []
        self._first = 0

    def begin(self, rows: list[SheetRow]) -> None:
        self._instances = self.batch(rows) if rows else []
        self._first = rows[0].index if rows else 0

    def check(self, row: SheetRow, prior: list[RowError] = ()) -> tuple[object | None, list[RowError]]:
        instance = self._instances[row.index - self._first]
        if not prior and instance is not None and (self.accept is None or self.accept(instance)):
            return instance, []
        return self.form.check(row, prior)


def _compiled(spec, **kwargs):
    """The compiled checks of a proven ledger, or None (not proven, or a form they do not reproduce)."""
    if spec.key not in fastpath.PROVEN_EQUAL:
        return None
    return fastpath.compile_sheet(ledger=spec.key, **kwargs)


def main_checker(*, spec, township, user, sheet, form, conv, present, workflow, fast: bool) -> RowChecker:
    """The main sheet's row checker: compiled for a proven ledger (when `fast`), else the form."""
    by_form = MainFormChecker(
        spec=spec, township=township, user=user, sheet=sheet, form=form, conv=conv, present=present
    )
    compiled = (
        _compiled(
            spec,
            model=spec.model,
            sheet=sheet,
            form=form,
            conv=conv,
            present=present,
            township=township,
            workflow=workflow,
            personal=spec.personal,
        )
        if fast
        else None
    )
    if compiled is None:
        return by_form
    allowed: dict = {}  # village id → may the user create there (the same answer for every row)

    def accept(instance) -> bool:
        """The ledger's derive and validate and the create permission, as the form path applies them."""
        try:
            record_prepare(spec=spec, user=user, record=instance)
        except ValidationError:
            return False
        village = instance.village_id
        if village not in allowed:
            allowed[village] = can(user, spec, "create", township_id=township.pk, village_id=village)
        return allowed[village]

    return CompiledChecker(
        batch=lambda rows: compiled.rows([r.values for r in rows]), form=by_form, accept=accept
    )


def child_checker(*, spec, child, sheet, form, conv, parent_of, main_keys, fast: bool) -> RowChecker:
    """A child sheet's row checker: compiled for a proven ledger (when `fast`), else the form."""
    by_form = ChildFormChecker(
        child=child, sheet=sheet, form=form, conv=conv, parent_of=parent_of, main_keys=main_keys
    )
    compiled = (
        _compiled(
            spec,
            model=child.model,
            sheet=sheet,
            form=form,
            conv=conv,
            present={c.name for c in sheet.columns},  # the form path gives every column, empty or not
            personal=child.personal,
        )
        if fast
        else None
    )
    if compiled is None:
        return by_form

    def batch(rows):
        parents = [parent_of(r) for r in rows]
        return compiled.rows(
            [r.values for r in rows], [p.instance if p else None for p in parents], child.fk_name
        )

    return CompiledChecker(batch=batch, form=by_form)
