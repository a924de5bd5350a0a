"""Every ledger declares, in its own app, everything the shared machinery needs (docs/adding-a-ledger.md):
import matching, report words, demo records, figures, test samples, and — when it has legal clocks —
the clock display and the after_write hook that keeps its Clock rows."""

import re
from importlib import import_module

import pytest
from django.utils.module_loading import module_has_submodule

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
    for t in spec.transitions:
        assert isinstance(t, Transition)
        assert spec.status_field, f"{spec.key}: transitions without a status field"
        assert callable(t.service) and t.from_
        statuses = dict(spec.model._meta.get_field(spec.status_field).choices)
        assert t.to in statuses and all(s in statuses for s in t.from_), f"{spec.key}.{t.name}"
        for name in t.fields:
            spec.model._meta.get_field(name)
