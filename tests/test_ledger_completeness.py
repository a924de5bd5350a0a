"""Every ledger declares, in its own app, everything the shared machinery needs (docs/adding-a-ledger.md):
import matching, report words, demo records, figures, test samples, and — when it has legal clocks —
the clock display and the after_write hook that keeps its Clock rows — and declares each workflow step once,
as a Transition with its target status."""

import ast
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.utils.module_loading import module_has_submodule

import fazhi
from fazhi.core import ledgers
from fazhi.core.ledgers import Transition
from fazhi.deadlines.display import clock_views
from fazhi.deadlines.engine import clocks_after_write, source_for
from tests.helpers import collect_samples

SPECS = ledgers.all_ledgers()
SAMPLES = collect_samples()


def _app(spec):
    return spec.model._meta.app_config


def test_there_are_ledgers_to_check():
    assert len(SPECS) >= 25


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_the_ledger_declares_its_natural_key(spec):
    assert spec.natural_key, f"{spec.key}: natural_key missing"
    for name in spec.natural_key:
        spec.model._meta.get_field(name)  # raises FieldDoesNotExist for a misspelt field


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_the_ledger_declares_the_words_a_report_uses(spec):
    assert spec.report_words, f"{spec.key}: report_words missing"
    re.compile(spec.report_words)
    assert isinstance(spec.expected_yearly, str)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_the_ledger_app_ships_demo_records_metrics_and_samples(spec):
    app = _app(spec)
    assert app.name.startswith("fazhi.")
    for module in ("ledger", "metrics", "demo"):
        assert module_has_submodule(app.module, module), f"{app.name}.{module} missing"
    assert callable(import_module(f"{app.name}.demo").build)
    assert spec.key in SAMPLES, f"{app.name}.tests.samples has no SAMPLES[{spec.key!r}]"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_a_ledger_with_clocks_shows_and_keeps_them(spec):
    source = source_for(spec.model)
    if source is None:
        assert spec.clocks is None and clocks_after_write not in spec.after_write
        return
    assert source.ledger == spec.key
    assert spec.clocks is clock_views
    assert clocks_after_write in spec.after_write


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_the_workflow_is_declared_with_its_status(spec):
    names = [t.name for t in spec.transitions]
    assert len(names) == len(set(names)), f"{spec.key}: a step declared twice"
    for t in spec.transitions:
        assert isinstance(t, Transition)
        assert spec.status_field, f"{spec.key}: transitions without a status field"
        assert t.to and t.from_, f"{spec.key}.{t.name}"
        statuses = dict(spec.model._meta.get_field(spec.status_field).choices)
        assert t.to in statuses and all(s in statuses for s in t.from_), f"{spec.key}.{t.name}"
        for name in t.fields:
            spec.model._meta.get_field(name)
        for rule in (t.check, t.guard):
            assert rule is None or callable(rule), f"{spec.key}.{t.name}"
        assert callable(spec.step(t.name))


def test_a_transition_without_a_target_status_is_refused():
    with pytest.raises(TypeError):
        Transition(name="close", label="办结", from_=("open",))  # `to` is required
    with pytest.raises(ValueError, match="no status to lead to"):
        Transition(name="close", label="办结", from_=("open",), to="")
    with pytest.raises(TypeError):
        Transition("close", "办结", ("open",), "closed")  # keyword-only


def _steps_declared_outside_ledger(source: str) -> list[str]:
    """Calls that name a workflow step or its target status in code: apply_transition with a literal
    `name`, a `to_status`, or a step-making helper — the step belongs in ledger.py's Transition alone."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        words = {k.arg for k in node.keywords}
        literal_name = any(k.arg == "name" and isinstance(k.value, ast.Constant) for k in node.keywords)
        if (
            (callee == "apply_transition" and literal_name)
            or "to_status" in words
            or callee == "transition_service"
        ):
            found.append(f"line {node.lineno}: {callee}")
    return found


def test_a_step_declared_outside_its_transition_is_found():
    assert _steps_declared_outside_ledger(
        'close = apply_transition(spec=s, record=r, user=u, name="close", data={}, expected_version=1)'
    )
    assert _steps_declared_outside_ledger('close = transition_service(Dispute, "close", "closed")')
    assert _steps_declared_outside_ledger("step(record=r, to_status=Status.CLOSED)")
    assert not _steps_declared_outside_ledger("apply_transition(spec=s, name=transition.name, data={})")


def test_each_workflow_step_is_declared_once_in_its_ledger():
    root = Path(fazhi.__file__).parent
    offenders = {
        str(path.relative_to(root)): found
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        and (found := _steps_declared_outside_ledger(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
