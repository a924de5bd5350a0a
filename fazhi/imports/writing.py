"""Writing an import: numbers, records and children (raw inserts with history, or the ORM), updates through
record_update and the workflow's transitions, the after_write hooks and the audit entry."""

from collections import defaultdict

from django.db import transaction

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.core.history import bulk_create_records
from fazhi.core.models import NumberCounter
from fazhi.core.numbering import reserve_numbers
from fazhi.core.services import apply_transition, record_update, records_after_write

from .cells import record_year
from .fastwrite import can_insert, insert_with_history
from .layout import RowError
from .matching import changeable, existing_records, natural_index
from .result import Row
from .workflow import plan_update


def bump_counters(spec, township, numbers: list[str]) -> None:
    """Numbers kept from the file must never be issued again: move the counters past them."""
    highest: dict[int, int] = {}
    for n in numbers:
        year, seq = n.rsplit("-", 2)[-2:]
        highest[int(year)] = max(highest.get(int(year), 0), int(seq))
    for year, seq in highest.items():
        counter, _ = NumberCounter.objects.select_for_update().get_or_create(
            township=township, ledger=spec.key, year=year
        )
        if counter.last < seq:
            counter.last = seq
            counter.save(update_fields=["last"])


def plan_updates(spec, user, updates, main, present, result) -> list:
    """Each update with its plan (a changed status through its transition); refusals become row errors."""
    names = [c.name for c in main.columns if c.name not in ("number", "township") and c.name in present]
    planned = []
    for r, rec in updates:
        plan, refusal = plan_update(spec=spec, user=user, record=rec, instance=r.instance, names=names)
        if refusal:
            result.errors.append(RowError(refusal, r.excel_row, "", main.label))
        planned.append((r, rec, plan))
    return planned


def creator(spec, user, fast: bool, background=None):
    """How new rows are written: raw inserts with history (the fast path) or the ORM's bulk_create."""
    raw = fast and can_insert(spec.model) and all(can_insert(c.model) for c in spec.children)

    def create(objs, model_):
        if raw:
            insert_with_history(objs, model_, user=user, background=background)
        else:
            bulk_create_records(objs, model_, user=user, batch_size=1000)

    return create


def write_records(spec, township, user, new_rows, create, progress, total, batch: int = 5000) -> None:
    """Number the new records (keeping the file's own 编号) and write them, `batch` at a time."""
    model = spec.model
    kept = [r.number for r in new_rows if r.number]
    if kept:
        bump_counters(spec, township, kept)
    need: dict[int, list[Row]] = defaultdict(list)
    for r in new_rows:
        if not r.number:
            need[record_year(spec, r.instance)].append(r)
    for year, rs in need.items():
        numbers = reserve_numbers(
            township=township, short=spec.short, ledger=spec.key, year=year, count=len(rs)
        )
        for r, n in zip(rs, numbers, strict=True):
            r.number = n
    objs = []
    cache = {"created_by": user, "updated_by": user}
    for r in new_rows:
        inst = r.instance
        d = inst.__dict__
        d["number"] = r.number
        # inst.created_by = inst.updated_by = user, without the descriptor's per-call router check
        d["created_by_id"] = d["updated_by_id"] = user.pk
        inst._state.fields_cache.update(cache)
        objs.append(inst)
    for i in range(0, len(objs), batch):
        create(objs[i : i + batch], model)
        if progress:
            progress("写入", min(i + batch, len(objs)), total)


def write_parts(spec, new_rows, create) -> None:
    """The new records' child rows (their records have their pks by now)."""
    for child in spec.children:
        attname = child.model._meta.get_field(child.fk_name).attname
        kids = []
        for r in new_rows:
            pk = r.instance.pk
            for k in r.children.get(child.key, ()):
                k.__dict__[attname] = pk  # the parent's cached object stays
                kids.append(k)
        if kids:
            create(kids, child.model)


def audit_import(spec, township, user, filename, created: int, updated: int, request) -> None:
    audit_record(
        user=user,
        action=AuditAction.CREATE,
        detail=f"导入{spec.label}（{township.name}）：{filename}，新增{created}条，更新{updated}条",
        request=request,
    )


class Streamer:
    """Writes the main sheet's rows a chunk at a time while the next chunk is checked, as long as every
    row so far is valid and new. A row that matches an existing record (by 编号 or natural key) stops it:
    what it wrote is undone (a savepoint) and the rows take the ordinary path (conflicts, updates)."""

    def __init__(self, spec, township, user, background, total: int):
        self.spec, self.township, self.user, self.total = spec, township, user, total
        self.background = background
        self.create = creator(spec, user, True, background)
        self.active, self.savepoint = True, None
        self.saved: list[tuple[Row, str | None]] = []
        # The township's existing natural keys, read once before anything is written (reading them per
        # chunk would read the chunks already written again and again).
        self.known = natural_index(spec, changeable(spec, user, township))

    @property
    def written(self) -> int:
        return len(self.saved)

    def chunk(self, rows: list[Row]) -> None:
        if not self.active or not rows:
            return
        if existing_records(self.spec, self.township, rows, self.known, user=self.user):
            self.stop()
            return
        if self.savepoint is None:
            self.savepoint = transaction.savepoint()
        self.saved.extend((r, r.number) for r in rows)
        write_records(
            self.spec, self.township, self.user, rows, self.create, None, self.total, batch=len(rows)
        )

    def stop(self) -> None:
        """Undo what was written; the rows are as validation left them."""
        self.active = False
        if self.savepoint is None:
            return
        self.background.wait()
        transaction.savepoint_rollback(self.savepoint)
        self.savepoint = None
        pk = self.spec.model._meta.pk.attname
        for r, number in self.saved:
            r.number = number
            r.instance.__dict__[pk] = None
            r.instance._state.adding = True
        self.saved = []


@transaction.atomic
def write_import(spec, township, user, new_rows, updates, main, present, progress, request, filename, fast):
    total = len(new_rows) + len(updates)
    create = creator(spec, user, fast)
    write_records(spec, township, user, new_rows, create, progress, total)
    write_parts(spec, new_rows, create)
    records_after_write(spec=spec, user=user, records=[r.instance for r in new_rows])
    for r, rec, plan in updates:
        children = {
            key: [
                {n: getattr(o, n) for n in next(c for c in spec.children if c.key == key).fields}
                for o in objs_
            ]
            for key, objs_ in r.children.items()
        }
        rec = record_update(
            spec=spec,
            record=rec,
            user=user,
            data=plan.plain,
            children=children or None,
            expected_version=rec.version,
            request=request,
        )
        if plan.transition is not None:
            apply_transition(
                spec=spec,
                name=plan.transition.name,
                record=rec,
                user=user,
                data=plan.data,
                expected_version=rec.version,
                request=request,
            )
    audit_import(spec, township, user, filename, len(new_rows), len(updates), request)
    if progress:
        progress("写入", total, total)
