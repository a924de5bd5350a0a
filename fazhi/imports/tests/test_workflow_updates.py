"""An import that updates a workflow column goes through the ledger's transition: allowed steps are
written with their check and history, anything else is refused and nothing is written."""

from datetime import date

import pytest

from fazhi.core import ledgers
from fazhi.deadlines.models import Clock
from fazhi.imports import writer
from fazhi.imports.importer import import_workbook
from fazhi.petitions.choices import PetitionStatus as S
from fazhi.petitions.models import Petition
from fazhi.petitions.tests.samples import make_petition

from .helpers import edit

SPEC = ledgers.get("petitions")


def _export() -> bytes:
    return writer.export(SPEC, Petition.objects.all(), masked=False)


def _set(content: bytes, **cells) -> bytes:
    """Row 2 of the petition sheet with the given cells (by header) replaced."""

    def change(wb):
        ws = wb[SPEC.label]
        headers = [c.value for c in ws[1]]
        for header, value in cells.items():
            ws.cell(row=2, column=headers.index(header) + 1, value=value)

    return edit(content, change)


def _import(cast, content, user=None):
    return import_workbook(
        spec=SPEC,
        township=cast.a,
        user=user or cast.clerk,
        content=content,
        filename="x.xlsx",
        on_conflict="update",
    )


def test_a_status_change_the_workflow_allows_is_written_through_its_step(cast):
    p = make_petition(cast)
    content = _set(_export(), 状态="已受理", 受理日期=date(2025, 3, 5))
    result = _import(cast, content)
    assert result.ok and result.updated == 1, [str(e) for e in result.errors]
    p.refresh_from_db()
    assert (p.status, p.accepted_on) == (S.ACCEPTED, date(2025, 3, 5))
    assert p.notified_on == date(2025, 3, 5)  # set by the accept step's own check, as on the page
    assert p.history.first().history_change_reason == "受理"
    assert p.reply_due is not None
    assert Clock.objects.filter(ledger="petitions", object_id=p.pk, purpose="reply").exists()


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"状态": "已答复", "答复日期": date(2025, 4, 1)}, "状态不能由“登记”直接改为“已答复”"),
        ({"受理日期": date(2025, 3, 5)}, "“受理日期”由办理步骤记录，状态未变时不能通过导入修改"),
    ],
)
def test_a_workflow_change_the_workflow_does_not_allow_is_refused(cast, cells, message):
    p = make_petition(cast)
    result = _import(cast, _set(_export(), **cells))
    assert [e.message for e in result.errors] == [message]
    assert not result.written
    p.refresh_from_db()
    assert (p.status, p.accepted_on, p.version) == (S.REGISTERED, None, 1)


def test_a_step_the_user_may_not_take_is_refused(cast):
    p = make_petition(cast)
    result = _import(cast, _set(_export(), 状态="已受理", 受理日期=date(2025, 3, 5)), user=cast.leader)
    assert not result.written
    p.refresh_from_db()
    assert p.status == S.REGISTERED
