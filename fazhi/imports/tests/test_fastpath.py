"""The fast path (compiled checks, raw inserts) gives exactly what the form path gives: the same errors
(sheet, row, column, message), the same records, children and history rows."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings

from fazhi.core import ledgers
from fazhi.imports import fastpath, importer, writer, writing
from fazhi.imports.fastpath import PROVEN_EQUAL, FastSheet
from fazhi.imports.importer import import_workbook
from tests.factories import valid_id
from tests.helpers import collect_samples

from .helpers import snapshot, wipe, workbook
from .test_fuzz import mutated

SAMPLES = collect_samples()
LEDGERS = [spec.key for spec in ledgers.all_ledgers() if spec.key in SAMPLES]
HEAD = [
    "编号",
    "村/社区",
    "村民小组",
    "受理日期",
    "来源",
    "化解层级",
    "纠纷类型",
    "纠纷概要",
    "承办人/调解员",
]
WORKFLOW = ["状态", "办结日期", "处理结果"]
PARTY_HEAD = ["编号", "身份", "姓名/名称", "身份证号", "联系电话", "住址"]
TOMORROW = date.today() + timedelta(days=1)


def _history(spec, township) -> list:
    """Every history row of the township's records and children, without ids and times."""
    out = []
    skip = {"id", "history_id", "history_date", "created_at", "updated_at"}
    models = [(spec.model, "township_id")] + [(c.model, f"{c.fk_name}__township_id") for c in spec.children]
    for model, where in models:
        hist = model.history.model
        parent = next((c.fk_name for c in spec.children if c.model is model), None)
        # The parent by its number: ids differ between runs on PostgreSQL (sequences do not roll back).
        names = [f.attname for f in hist._meta.concrete_fields if f.attname not in skip | {f"{parent}_id"}]
        rows = hist.objects.filter(
            **({where: township.pk} if parent is None else {f"{parent}_id__in": _ids(spec, township)})
        )
        extra = [f"{parent}__number"] if parent else []
        out.append(sorted(repr(r) for r in rows.values_list(*names, *extra)))
    return out


def _ids(spec, township):
    return list(spec.model.objects.filter(township=township).values_list("pk", flat=True))


def _outcome(cast, spec, content, fast: bool, user=None, **kw):
    """What one path reports and writes; everything is rolled back afterwards."""
    sid = transaction.savepoint()
    try:
        result = import_workbook(
            spec=spec,
            township=cast.a,
            user=user or cast.clerk,
            content=content,
            filename="x.xlsx",
            fast=fast,
            **kw,
        )
        return _without_ids(result.as_dict()), snapshot(spec, cast.a), _history(spec, cast.a)
    finally:
        transaction.savepoint_rollback(sid)


def _without_ids(outcome: dict) -> dict:
    """The listed records by 编号: a rolled-back path's ids are not reused on PostgreSQL (sequences)."""
    for key in ("created_records", "updated_records"):
        if key in outcome:
            outcome[key] = [r["number"] for r in outcome[key]]
    return outcome


def _same(cast, spec, content, user=None, **kw):
    slow = _outcome(cast, spec, content, False, user, **kw)
    fast = _outcome(cast, spec, content, True, user, **kw)
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]
    return slow[0]


def test_every_ledger_proven_equal_is_compared_here():
    assert set(LEDGERS) >= PROVEN_EQUAL


def test_a_ledger_not_proven_equal_takes_the_form_path(cast, monkeypatch):
    calls = []
    original = FastSheet.rows
    monkeypatch.setattr(FastSheet, "rows", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    spec = ledgers.get("disputes")
    SAMPLES["disputes"](cast)
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    assert _same(cast, spec, content)["created"] == 1 and calls
    calls.clear()
    monkeypatch.setattr(fastpath, "PROVEN_EQUAL", PROVEN_EQUAL - {"disputes"})
    assert _same(cast, spec, content)["created"] == 1 and not calls


@pytest.mark.parametrize("key", LEDGERS)
def test_it_imports_every_ledgers_export_the_same_way(cast, key):
    spec = ledgers.get(key)
    SAMPLES[key](cast)
    content = writer.export(spec, spec.model.objects.filter(township=cast.a), masked=False)
    wipe(spec, cast.a)
    result = _same(cast, spec, content)
    assert result["errors"] == [] and result["created"] > 0


def _row(i, **over):
    row = {
        "编号": str(i),
        "村/社区": "青山",
        "村民小组": "",
        "受理日期": f"2023-05-{i % 28 + 1:02d}",
        "来源": "群众申请",
        "化解层级": "村",
        "纠纷类型": "邻里",
        "纠纷概要": f"第{i}起纠纷",
        "承办人/调解员": "王调解",
        "状态": "已受理",
        "办结日期": "",
        "处理结果": "",
    }
    row.update(over)
    return [row[h] for h in HEAD + WORKFLOW]


def _party(i, **over):
    row = {
        "编号": str(i),
        "身份": "申请人",
        "姓名/名称": "张三",
        "身份证号": valid_id(seq=i % 900 + 1),
        "联系电话": "13812345678",
        "住址": "青山村3组",
    }
    row.update(over)
    return [row[h] for h in PARTY_HEAD]


# Each case: (main-row changes, party changes) for one row among valid ones.
CASES = {
    "valid": ({}, {}),
    "tolerant": (
        {"村/社区": " 红星村 ", "受理日期": "２０２３年５月７日", "化解层级": "村级"},
        {"联系电话": "+86 138-1234-5678"},
    ),
    "group": ({"村民小组": "1组"}, {}),
    "group of another village": ({"村/社区": "红星", "村民小组": "青山村1组"}, {}),
    "unknown village": ({"村/社区": "远方村"}, {}),
    "unknown choice": ({"来源": "天上掉下来"}, {}),
    "unknown category": ({"纠纷类型": "外星"}, {}),
    "no summary": ({"纠纷概要": ""}, {}),
    "no date": ({"受理日期": ""}, {}),
    "bad date": ({"受理日期": "2023-13-45"}, {}),
    "future date": ({"受理日期": TOMORROW.isoformat()}, {}),
    "long handler": ({"承办人/调解员": "王" * 65}, {}),
    "no status": ({"状态": ""}, {}),
    "closed before received": ({"状态": "已化解", "办结日期": "2023-01-01"}, {}),
    "closed": ({"状态": "已化解", "办结日期": "2023-06-30", "处理结果": "握手言和"}, {}),
    "bad status": ({"状态": "飞走了"}, {}),
    "township level": ({"化解层级": "乡镇"}, {}),
    "bad id": ({}, {"身份证号": "500101198005170012"}),
    "id with spaces": ({}, {"身份证号": " " + valid_id(seq=5)[:6] + " " + valid_id(seq=5)[6:] + " "}),
    "bad phone": ({}, {"联系电话": "12345"}),
    "no party name": ({}, {"姓名/名称": ""}),
    "bad role": ({}, {"身份": "路人"}),
    "long address": ({}, {"住址": "路" * 201}),
    "number cell": ({"纠纷概要": 12345.0, "承办人/调解员": 7}, {"姓名/名称": 3.5}),
}


def _case_workbook(case: str) -> bytes:
    """Five valid rows with parties, the third one changed as the case says."""
    main, party = CASES[case]
    rows = [_row(i) for i in range(1, 6)]
    parties = [_party(i) for i in range(1, 6)]
    rows[2] = _row(3, **main)
    parties[2] = _party(3, **party)
    return workbook({"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *parties]})


@pytest.mark.parametrize("case", list(CASES))
def test_it_reports_the_same_errors_and_writes_the_same_records(cast, case):
    result = _same(cast, ledgers.get("disputes"), _case_workbook(case))
    if case in ("valid", "tolerant", "group", "closed", "id with spaces", "number cell"):
        assert result["errors"] == [] and result["created"] == 5, result["errors"]
    else:
        assert result["errors"] and not result["written"]
    if case == "closed before received":  # a model clean() error on a column outside the form
        assert {
            "sheet": "矛盾纠纷",
            "row": 4,
            "column": "办结日期",
            "message": "办结日期不能早于受理日期",
        } in result["errors"]


def test_it_reports_the_same_conflicts_and_updates(cast):
    spec = ledgers.get("disputes")
    rows = [_row(i) for i in range(1, 4)]
    parties = [_party(i) for i in range(1, 4)]
    content = workbook({"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *parties]})
    first = import_workbook(spec=spec, township=cast.a, user=cast.clerk, content=content, filename="x.xlsx")
    assert first.created == 3
    rows[1] = _row(2, **{"承办人/调解员": "李调解"})
    rows.append(_row(4))
    parties.append(_party(4))
    content = workbook({"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *parties]})
    for policy in ("stop", "skip", "update"):
        result = _same(cast, spec, content, on_conflict=policy)
        assert len(result["conflicts"]) == 1


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_it_treats_every_mutated_workbook_the_same_way(cast, case):
    content, _ = case
    _same(cast, ledgers.get("disputes"), content)


@pytest.fixture
def small_chunks(monkeypatch):
    """Stream two rows at a time, so that a file of a few rows is written in several chunks."""
    monkeypatch.setattr(importer, "STREAM_CHUNK", 2)


@pytest.mark.parametrize("case", list(CASES))
def test_streaming_in_chunks_changes_nothing(cast, small_chunks, case):
    # The bad row (3) comes after a chunk that was already written: that chunk must be undone.
    _same(cast, ledgers.get("disputes"), _case_workbook(case))


@pytest.mark.parametrize("policy", ["stop", "skip", "update"])
def test_a_match_in_a_later_chunk_undoes_the_streamed_rows(cast, small_chunks, policy, monkeypatch):
    spec = ledgers.get("disputes")
    written = []
    original = writing.write_records
    monkeypatch.setattr(
        writing, "write_records", lambda *a, **k: written.append(len(a[3])) or original(*a, **k)
    )
    old = workbook({"矛盾纠纷": [HEAD + WORKFLOW, _row(4)], "当事人": [PARTY_HEAD, _party(4)]})
    assert import_workbook(
        spec=spec, township=cast.a, user=cast.clerk, content=old, filename="x.xlsx"
    ).created
    rows = [_row(i) for i in range(1, 6)]
    rows[3] = _row(4, **{"承办人/调解员": "李调解"})  # rows 1–2 are streamed before row 4 matches
    content = workbook(
        {"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *map(_party, range(1, 6))]}
    )
    result = _same(cast, spec, content, on_conflict=policy)
    assert len(result["conflicts"]) == 1
    # The first chunk of this file was streamed (the other writes take all rows at once)... SQLite
    # does not stream: it checks with no write lock, then writes in one short transaction.
    assert (2 in written) == (connection.vendor != "sqlite")
    if policy == "stop":  # ...and undone
        assert not result["written"] and spec.model.objects.filter(township=cast.a).count() == 1


def test_a_failed_streamed_import_leaves_the_numbers_unused(cast, small_chunks):
    spec = ledgers.get("disputes")
    rows = [_row(i) for i in range(1, 6)]
    parties = [_party(i) for i in range(1, 6)]
    bad = [*parties[:4], _party(5, **{"身份证号": "500101198005170012"})]
    failed = import_workbook(
        spec=spec,
        township=cast.a,
        user=cast.clerk,
        content=workbook({"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *bad]}),
        filename="x.xlsx",
    )
    assert failed.errors and not failed.written and spec.model.objects.filter(township=cast.a).count() == 0
    done = import_workbook(
        spec=spec,
        township=cast.a,
        user=cast.clerk,
        content=workbook({"矛盾纠纷": [HEAD + WORKFLOW, *rows], "当事人": [PARTY_HEAD, *parties]}),
        filename="x.xlsx",
    )
    assert done.created == 5
    numbers = sorted(spec.model.objects.filter(township=cast.a).values_list("number", flat=True))
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["0001", "0002", "0003", "0004", "0005"]
