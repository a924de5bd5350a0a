"""Export → import gives back exactly the same records, for every ledger; re-import creates nothing."""

import pytest

from fazhi.core import ledgers
from fazhi.imports import writer
from fazhi.imports.importer import import_workbook
from tests.helpers import collect_samples

from .helpers import count, snapshot, wipe

SAMPLES = collect_samples()
LEDGERS = [spec.key for spec in ledgers.all_ledgers() if spec.key in SAMPLES]


def _import(spec, cast, content, **kw):
    return import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx", **kw
    )


@pytest.mark.parametrize("key", LEDGERS)
def test_it_round_trips_a_full_export_into_a_fresh_database(cast, key):
    spec = ledgers.get(key)
    SAMPLES[key](cast)
    before = snapshot(spec, cast.a)
    assert before
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    result = _import(spec, cast, content)
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == len(before)
    assert snapshot(spec, cast.a) == before


@pytest.mark.parametrize("key", LEDGERS)
def test_it_creates_nothing_when_the_same_rows_come_again(cast, key):
    spec = ledgers.get(key)
    SAMPLES[key](cast)
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    n = count(spec)
    result = _import(spec, cast, content)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.unchanged) == (0, result.total)
    assert count(spec) == n
