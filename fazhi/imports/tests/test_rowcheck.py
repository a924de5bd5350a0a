"""One row-checker interface: the compiled checks and the UI's form answer `check(row)` alike, and the
compiled checker is chosen for exactly the ledgers declared PROVEN_EQUAL."""

from datetime import date

import pytest
from django import forms

from fazhi.core import ledgers
from fazhi.core.forms import record_form_class
from fazhi.core.models import LedgerRecord
from fazhi.imports import fastpath
from fazhi.imports.cells import Converter, Lookups
from fazhi.imports.columns import record_sheet
from fazhi.imports.formadapter import import_form_class, prefetch
from fazhi.imports.layout import RowError
from fazhi.imports.rowcheck import (
    CompiledChecker,
    MainFormChecker,
    RowChecker,
    SheetRow,
    main_checker,
)

GOOD = {
    "number": "",
    "village": "青山村",
    "received_on": date(2025, 3, 4),
    "source": "群众申请",
    "level": "村级",
    "dispute_type": "邻里",
    "summary": "两户因排水沟堵塞发生争吵",
    "handler": "王调解",
}
ROWS = [
    SheetRow(0, 2, GOOD),
    SheetRow(1, 3, {**GOOD, "village": "远方村"}),
    SheetRow(2, 4, {**GOOD, "received_on": "2025-13-45", "source": "天上掉下来"}),
    SheetRow(3, 5, {**GOOD, "summary": ""}),
]


def _checker(cast, fast: bool, key: str = "disputes"):
    spec = ledgers.get(key)
    sheet = record_sheet(spec)
    form = import_form_class(record_form_class(spec))(user=cast.clerk, spec=spec, action="create")
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.ModelChoiceField):
            form.fields[name] = prefetch(f, not issubclass(f.queryset.model, LedgerRecord))
    conv = Converter(sheet, spec.model, Lookups(cast.a), form)
    conv.resolve_records([(r.excel_row, r.values) for r in ROWS])
    present = set(GOOD)
    checker = main_checker(
        spec=spec,
        township=cast.a,
        user=cast.clerk,
        sheet=sheet,
        form=form,
        conv=conv,
        present=present,
        workflow=[],
        fast=fast,
    )
    checker.begin(ROWS)
    return checker


def _answers(checker, prior=()):
    out = []
    for row in ROWS:
        instance, errors = checker.check(row, list(prior))
        fields = None
        if instance is not None:
            fields = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
        out.append((fields, [e.__dict__ for e in errors]))
    return out


def test_a_proven_ledger_gets_the_compiled_checker_and_others_the_form(cast, monkeypatch):
    assert "disputes" in fastpath.PROVEN_EQUAL
    compiled, by_form = _checker(cast, fast=True), _checker(cast, fast=False)
    assert isinstance(compiled, CompiledChecker) and isinstance(by_form, MainFormChecker)
    assert isinstance(compiled, RowChecker) and isinstance(by_form, RowChecker)
    monkeypatch.setattr(fastpath, "PROVEN_EQUAL", fastpath.PROVEN_EQUAL - {"disputes"})
    assert isinstance(_checker(cast, fast=True), MainFormChecker)


def test_both_checkers_answer_every_row_alike(cast):
    compiled, by_form = _answers(_checker(cast, fast=True)), _answers(_checker(cast, fast=False))
    assert compiled == by_form
    good, far, bad, empty = by_form
    assert good[0]["village_id"] == cast.a1.pk and good[1] == []
    assert far[0] is None and any("远方村" in e["message"] for e in far[1])
    assert bad[0] is None and {e["column"] for e in bad[1]} >= {"受理日期", "来源"}
    assert empty[0] is None and [e["column"] for e in empty[1]] == ["纠纷概要"]


@pytest.mark.parametrize("fast", [True, False])
def test_a_row_with_errors_already_is_refused_with_the_forms_errors(cast, fast):
    prior = [RowError("编号与第2行重复", 3, "编号", "矛盾纠纷")]
    answers = _answers(_checker(cast, fast=fast), prior)
    assert all(instance is None for instance, _ in answers)
    assert answers[0][1] == []  # nothing else wrong with the good row
    assert answers[3][1] == _answers(_checker(cast, fast=False))[3][1]
