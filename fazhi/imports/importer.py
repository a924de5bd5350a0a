"""Import of one ledger from a workbook: every row through the UI's forms, all or nothing, idempotent.

Stages: read the file (refusals of the file as a whole) → find each sheet's header → turn cells into
form data → validate every row with the same forms the UI uses (queries prefetched, not one per row)
→ match rows on 编号, then on the natural key → write in one transaction with history.
"""

import gc
from collections.abc import Callable
from functools import partial

from django.db import connection, transaction

from fazhi.core.policy import can
from fazhi.core.services import records_after_write

from . import shortwrite
from .columns import KEY_HEADER
from .fastwrite import Background, can_insert
from .layout import RowError
from .matching import children_of, existing_records, signature
from .reader import FileRefused, read_book
from .result import ImportResult, listed
from .validation import read_sheets, validate_main, validate_parts
from .writing import Streamer, audit_import, plan_updates, write_import, write_parts

CONFLICT_POLICIES = ("stop", "skip", "update")
STREAM_CHUNK = 10_000  # rows checked while the previous chunk is written


def import_workbook(
    *,
    spec,
    township,
    user,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    on_conflict: str = "stop",
    mapping: dict | None = None,
    progress: Callable | None = None,
    request=None,
    fast: bool = True,
) -> ImportResult:
    """Validate the whole file; write it (one transaction) only when every row is valid.

    `fast=False` takes the form path for every row and the ORM for the writes (the reference the fast
    path is tested against)."""
    # Hundreds of thousands of new objects set off the cyclic collector again and again (it walks
    # them all each time): pause it for the import; what it would free is freed afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import(
            spec=spec,
            township=township,
            user=user,
            content=content,
            filename=filename,
            dry_run=dry_run,
            on_conflict=on_conflict,
            mapping=mapping,
            progress=progress,
            request=request,
            fast=fast,
        )
    finally:
        if was_enabled:
            gc.enable()


def _import(
    *, spec, township, user, content, filename, dry_run, on_conflict, mapping, progress, request, fast
) -> ImportResult:
    if on_conflict not in CONFLICT_POLICIES:
        raise ValueError(on_conflict)
    result = ImportResult(dry_run=dry_run)
    if not can(user, spec, "create", township_id=township.pk):
        result.errors.append(RowError(f"您没有权限向{township.name}导入{spec.label}"))
        return result
    try:
        book = read_book(content, filename)
    except FileRefused as exc:
        result.errors.append(RowError(str(exc)))
        return result
    sheets = read_sheets(book, spec, mapping, result)
    if sheets is None or (result.errors and result.unknown_headers) or any(not e.row for e in result.errors):
        return result
    result.total = len(sheets[0][1])
    # SQLite has one writer at a time: there the rows are checked with no write lock and written in
    # one short transaction (shortwrite.py) instead of streamed inside a long one.
    stream = (
        fast
        and not dry_run
        and connection.vendor != "sqlite"
        and can_insert(spec.model)
        and all(can_insert(c.model) for c in spec.children)
    )
    rest = partial(
        _import_rest,
        spec=spec,
        township=township,
        user=user,
        sheets=sheets,
        result=result,
        progress=progress,
        request=request,
        filename=filename,
        fast=fast,
        dry_run=dry_run,
        on_conflict=on_conflict,
    )
    if not stream:
        return rest()
    # New rows are written while the rest of the file is checked (the database works on a second core);
    # an error anywhere rolls all of it back.
    with transaction.atomic(), Background() as background:
        streamer = Streamer(spec, township, user, background, result.total)
        rows, lk = validate_main(
            spec=spec,
            township=township,
            user=user,
            sheets=sheets,
            result=result,
            progress=progress,
            chunk_size=STREAM_CHUNK,
            on_chunk=streamer.chunk,
        )
        if not (streamer.active and rows and streamer.written == len(rows) and not result.errors):
            streamer.stop()
            return rest(validated=(rows, lk))
        validate_parts(spec=spec, user=user, sheets=sheets, records=rows, lk=lk, result=result)
        if progress:
            progress("校验", result.total, result.total)
        if result.errors:
            transaction.set_rollback(True)
            return result
        write_parts(spec, rows, streamer.create)
        background.wait()  # the hooks read what was written
        records_after_write(spec=spec, user=user, records=[r.instance for r in rows])
        audit_import(spec, township, user, filename, len(rows), 0, request)
    result.created, result.written = len(rows), True
    result.created_records = listed(r.instance for r in rows)
    if progress:
        progress("写入", len(rows), len(rows))
    return result


def _import_rest(
    *,
    spec,
    township,
    user,
    sheets,
    result,
    progress,
    request,
    filename,
    fast,
    dry_run,
    on_conflict,
    validated=None,
) -> ImportResult:
    """Validation (unless done), matching, conflicts and writing, one step after another."""
    if validated is None:
        validated = validate_main(
            spec=spec,
            township=township,
            user=user,
            sheets=sheets,
            result=result,
            progress=progress,
            fast=fast,
        )
    rows, lk = validated
    validate_parts(spec=spec, user=user, sheets=sheets, records=rows, lk=lk, result=result, fast=fast)
    if progress:
        progress("校验", result.total, result.total)
    if result.errors:
        return result
    main = sheets[0][0]
    present = set().union(*(v.keys() for _, v in sheets[0][1]))
    since = shortwrite.snapshot(spec) if connection.vendor == "sqlite" else 0
    matched = existing_records(spec, township, rows, user=user)
    for i, rec in matched.items():
        if not can(user, spec, "change", rec):
            result.errors.append(
                RowError(f"您没有权限修改记录{rec.number}", rows[i].excel_row, KEY_HEADER, main.label)
            )
    if result.errors:
        return result
    existing_children = children_of(spec, list(matched.values())) if spec.children and matched else {}
    new_rows, updates = [], []
    for i, r in enumerate(rows):
        rec = matched.get(i)
        if rec is None:
            new_rows.append(r)
            continue
        theirs = signature(spec, main, rec, existing_children.get(rec.pk, {}), present)
        children_in_file = {c.key for s, rws in sheets[1:] if rws for c in [s.child]}
        if not children_in_file:
            theirs = (theirs[0], ())
        mine = signature(spec, main, r.instance, r.children, present)
        if not children_in_file:
            mine = (mine[0], ())
        if theirs == mine:
            result.unchanged += 1
            continue
        diff = [
            c.header
            for c, a, b in zip(
                [c for c in main.columns if c.name not in ("number", "township") and c.name in present],
                theirs[0],
                mine[0],
                strict=True,
            )
            if a != b
        ]
        if theirs[1] != mine[1]:
            diff.append("子表")
        result.conflicts.append({"row": r.excel_row, "number": rec.number, "columns": diff})
        updates.append((r, rec))
    result.created = len(new_rows)
    if result.conflicts and on_conflict == "stop":
        return result
    if on_conflict == "skip":
        result.skipped, updates = len(updates), []
    else:
        result.updated = len(updates)
    updates = plan_updates(spec, user, updates, main, present, result)
    if result.errors or dry_run or not (new_rows or updates):
        return result
    if shortwrite.applies(spec, fast, updates):
        try:
            shortwrite.write_new(
                spec=spec,
                township=township,
                user=user,
                new_rows=new_rows,
                since=since,
                progress=progress,
                total=len(new_rows),
                after=partial(audit_import, spec, township, user, filename, len(new_rows), 0, request),
            )
        except shortwrite.Clash:
            result.errors.append(RowError(shortwrite.CLASH))
            result.created = 0
            return result
    else:
        write_import(
            spec, township, user, new_rows, updates, main, present, progress, request, filename, fast
        )
    result.written = True
    result.created_records = listed(r.instance for r in new_rows)
    result.updated_records = listed(rec for _, rec, _ in updates)
    return result
