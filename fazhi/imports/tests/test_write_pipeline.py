"""An import writes through the same pipeline as the pages: imported records of every ledger with a
clock get the same Clock rows as records saved through the services, and an imported 学法活动 ticks its
plan's item off."""

from datetime import date

import pytest

from fazhi.core import ledgers
from fazhi.core.rawwrites import allow_raw_writes
from fazhi.deadlines.engine import all_sources
from fazhi.deadlines.models import Clock
from fazhi.disputes.models import Mediation
from fazhi.enforcement.models import EnforcementCase
from fazhi.imports import writer
from fazhi.imports.importer import import_workbook
from fazhi.oversight.models import Rectification
from fazhi.petitions.models import Petition
from fazhi.publicity.models import StudyPlanItem
from fazhi.publicity.services import plan_refresh
from fazhi.publicity.tests.samples import make_plan, make_session
from tests.helpers import collect_samples

from .helpers import edit, wipe

SAMPLES = collect_samples()
CLOCKED = sorted(source.ledger for source in all_sources())
CLOCK_FIELDS = [
    "label",
    "rule_key",
    "village_id",
    "title",
    "window",
    "start_on",
    "given_due",
    "extension_days",
    "due_on",
    "uncertain",
    "explanation",
    "done_on",
    "on_time",
    "is_open",
]


def _clocks(key, township) -> list:
    rows = Clock.objects.filter(ledger=key, township=township).order_by("number", "purpose")
    return [(c.number, c.purpose, *(getattr(c, f) for f in CLOCK_FIELDS)) for c in rows]


def _steps(record, user, *steps):
    for service, data in steps:
        record = service(record=record, user=user, data=data, expected_version=record.version)
    return record


# Each ledger's sample taken through the steps that start (and end) its clocks, through the services.
ADVANCE = {
    "petitions": lambda r, u: _steps(
        r,
        u,
        (Petition.ledger_spec.step("accept"), {"accepted_on": date(2025, 3, 5)}),
        (
            Petition.ledger_spec.step("reply"),
            {"replied_on": date(2025, 4, 1), "reply_text": "已答复", "satisfaction": "satisfied"},
        ),
    ),
    "enforcement-cases": lambda r, u: _steps(
        r,
        u,
        (EnforcementCase.ledger_spec.step("investigate"), {"investigated_on": date(2025, 6, 20)}),
        (EnforcementCase.ledger_spec.step("decide"), {"decided_on": date(2025, 9, 26), "decision": "罚款"}),
        (EnforcementCase.ledger_spec.step("publish"), {"published_on": date(2025, 10, 14)}),
    ),
    "mediations": lambda r, u: _steps(
        r,
        u,
        (
            Mediation.ledger_spec.step("succeed"),
            {"agreement_form": "written", "agreement_content": "双方同意", "effective_on": date(2025, 3, 10)},
        ),
    ),
    "rectifications": lambda r, u: _steps(
        r, u, (Rectification.ledger_spec.step("complete"), {"done_on": date(2025, 7, 11)})
    ),
}


def test_every_ledger_with_a_clock_is_covered():
    assert CLOCKED and set(CLOCKED) <= set(SAMPLES)
    for key in CLOCKED:
        from fazhi.deadlines.engine import clocks_after_write

        assert clocks_after_write in ledgers.get(key).after_write, key


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "form"])
@pytest.mark.parametrize("key", CLOCKED)
def test_imported_records_get_the_clocks_of_records_saved_through_the_page(cast, key, fast):
    spec = ledgers.get(key)
    SAMPLES[key](cast)
    ADVANCE.get(key, lambda r, u: r)(SAMPLES[key](cast), cast.clerk)
    saved = _clocks(key, cast.a)
    assert saved
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    with allow_raw_writes():
        Clock.objects.filter(ledger=key, township=cast.a).delete()
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx", fast=fast
    )
    assert result.ok, [str(e) for e in result.errors]
    assert _clocks(key, cast.a) == saved


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "form"])
def test_an_imported_study_session_ticks_its_plan_item_off(cast, fast):
    plan = make_plan(cast)
    item = plan.items.order_by("month").first()
    make_session(cast, plan_item=item)
    assert StudyPlanItem.objects.get(pk=item.pk).done
    spec = ledgers.get("study-sessions")
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    plan_refresh(plan)
    assert not StudyPlanItem.objects.get(pk=item.pk).done
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx", fast=fast
    )
    assert result.ok, [str(e) for e in result.errors]
    assert StudyPlanItem.objects.get(pk=item.pk).done
    plan.refresh_from_db()
    assert plan.progress.startswith("已学1项/共2项")


@pytest.mark.parametrize("key", CLOCKED)
def test_clock_rows_of_newly_numbered_records_carry_the_new_number_and_id(cast, key):
    """With temporary 编号 (1, 2, …) the records get numbers only in the write; on SQLite their clock rows
    were computed before it, and must still carry the final number and point at the final record."""
    spec = ledgers.get(key)
    ADVANCE.get(key, lambda r, u: r)(SAMPLES[key](cast), cast.clerk)  # one: two would be equal rows
    saved = [c[1:] for c in _clocks(key, cast.a)]
    temporary = {
        n: str(i)
        for i, n in enumerate(spec.model.objects.filter(township=cast.a).values_list("number", flat=True), 1)
    }
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)

    def renumber(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value in temporary:
                        cell.value = temporary[cell.value]

    wipe(spec, cast.a)
    with allow_raw_writes():
        Clock.objects.filter(ledger=key, township=cast.a).delete()
    result = import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=edit(content, renumber), filename="x.xlsx"
    )
    assert result.ok, [str(e) for e in result.errors]
    records = {r.pk: r.number for r in spec.model.objects.filter(township=cast.a)}
    assert len(records) == len(temporary) and not set(records.values()) & set(temporary)
    clocks = Clock.objects.filter(ledger=key, township=cast.a)
    assert sorted(c[1:] for c in _clocks(key, cast.a)) == sorted(saved)
    for clock in clocks:
        assert clock.number == records[clock.object_id]
        assert clock.history.filter(history_type="+").count() == 1
