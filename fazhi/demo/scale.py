"""Volume for measurement: `fazhi demo --townships N --years Y --scale K`.

The detailed demo township's records of its last full year are the templates: each generated township
gets copies of them for every year, K times over, with dates shifted, numbers of its own, links
between ledgers (a mediation's dispute, a case's legality review) remapped to the copies, and unique
values (certificate and ticket numbers) made unique. Everything is written in bulk, history rows
included: the import's raw writes (`fazhi.imports.fastwrite`: executemany on SQLite, COPY on PostgreSQL)
for every model that takes them, the ORM's bulk_create otherwise; the clocks of copied records are
computed as a save computes them and written the same way. 50 townships × 10 years × 4 reach a million
records in minutes (docs/bench.md).
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import models, transaction
from django.utils import timezone

from fazhi.core import ledgers
from fazhi.core.models import LedgerRecord, NumberCounter
from fazhi.orgs.models import Organisation, OrgKind, User
from fazhi.orgs.services import organisation_create

from .builder import DISTRICT_CODE

SOURCE_TOWNSHIP = "青山镇"
BATCH = 2000
RAW_BATCH = 20_000  # rows per staging table of the raw writes


@dataclass
class ScaleResult:
    townships: int
    years: int
    records: int
    children: int
    seconds: float


def _shift(value, years: int):
    """The same day `years` later (29 February becomes the 28th); datetimes keep their time."""
    day = min(value.day, 28) if value.month == 2 else value.day
    return value.replace(year=value.year + years, day=day)


def _ordered_specs():
    """Ledgers in an order where every ledger a record links to is copied before it."""
    specs = ledgers.all_ledgers()
    by_model = {s.model: s for s in specs}
    done, out = set(), []

    def visit(spec, stack=()):
        if spec.key in done or spec.key in stack:
            return
        for field in spec.model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if field.is_relation and target in by_model and target is not spec.model:
                visit(by_model[target], (*stack, spec.key))
        done.add(spec.key)
        out.append(spec)

    for spec in specs:
        visit(spec)
    return out


def _unique_char_fields(model) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique and f.name not in ("id", "number")}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()) or ())
    # A code from choices (a ticket's platform) stays as it is: the free-text part of the key is enough.
    return [
        n
        for n in names
        if isinstance(f := model._meta.get_field(n), models.CharField)
        and not f.choices
        and n not in ("number", "township")
    ]


def _copy_fields(model) -> list[models.Field]:
    skip = {"id", "number", "township", "village", "group", "created_at", "updated_at", "version"}
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def build_scale(
    *, townships: int, years: int, scale: int = 1, end_year: int | None = None, stdout=None
) -> ScaleResult:
    started = time.perf_counter()
    source = Organisation.objects.filter(name=SOURCE_TOWNSHIP, parent__code=DISTRICT_CODE).first()
    if source is None:
        raise RuntimeError("请先运行 fazhi demo 载入演示乡镇（其记录是生成数据的模板）")
    district = source.parent
    user = User.objects.filter(username="clerk").first()
    end_year = end_year or timezone.localdate().year - 1
    template_year = end_year
    specs = _ordered_specs()
    templates: dict[str, list] = {}
    child_templates: dict[tuple[str, str], dict[int, list]] = {}
    for spec in specs:
        field = spec.model._meta.get_field(spec.date_field)
        lookup = f"{spec.date_field}__year"
        rows = list(spec.model.objects.filter(township=source, **{lookup: template_year}).order_by("pk"))
        if not rows and not isinstance(field, models.DateTimeField):
            rows = list(spec.model.objects.filter(township=source).order_by("-pk")[:5])
        templates[spec.key] = rows
        for child in spec.children:
            grouped = defaultdict(list)
            for row in child.model.objects.filter(**{f"{child.fk_name}__in": rows}).order_by("pk"):
                grouped[getattr(row, f"{child.fk_name}_id")].append(row)
            child_templates[(spec.key, child.key)] = grouped
    source_villages = list(
        Organisation.objects.filter(parent=source, kind=OrgKind.VILLAGE).order_by("sort_order", "pk")
    )

    existing = Organisation.objects.filter(
        parent=district, kind=OrgKind.TOWNSHIP, code__startswith=f"{DISTRICT_CODE}9"
    ).count()
    total_records = total_children = 0
    for t in range(existing, existing + townships):
        with transaction.atomic():
            township = organisation_create(
                kind=OrgKind.TOWNSHIP,
                name=f"模拟{t + 1:02d}镇",
                short_name=f"模{t + 1:02d}",
                code=f"{DISTRICT_CODE}9{t + 1:03d}",
                parent=district,
                sort_order=100 + t,
            )
            villages = [
                organisation_create(
                    kind=OrgKind.VILLAGE,
                    name=v.name,
                    short_name=v.short_name,
                    code=f"{township.code}{i:03d}",
                    parent=township,
                    sort_order=i,
                )
                for i, v in enumerate(source_villages, start=1)
            ]
            village_map = {v.pk: nv for v, nv in zip(source_villages, villages, strict=True)}
            counters = defaultdict(int)
            copies = [
                (year, rep) for year in range(end_year - years + 1, end_year + 1) for rep in range(scale)
            ]
            n_rec, n_child = _copy_township(
                specs,
                templates,
                child_templates,
                township,
                village_map,
                template_year,
                copies,
                counters,
                user,
            )
            total_records += n_rec
            total_children += n_child
            NumberCounter.objects.bulk_create(
                [NumberCounter(township=township, ledger=k, year=y, last=n) for (k, y), n in counters.items()]
            )
        if stdout is not None:
            stdout.write(f"  {township.name}：累计 {total_records} 条记录、{total_children} 条子记录")
    # A bulk load leaves the planner's statistics describing the small tables of before; without fresh
    # ones PostgreSQL scans whole tables (e.g. the parties of a page of disputes) instead of using indexes.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ScaleResult(townships, years, total_records, total_children, time.perf_counter() - started)


def _copy_township(
    specs, templates, child_templates, township, village_map, template_year, copies, counters, user
):
    """Copy every template record once per (year, repetition), one bulk insert per ledger and township."""
    # (year, rep, template pk) -> new pk, per model: links are remapped within the same copy.
    pk_maps: dict[type, dict[tuple[int, int, int], int]] = defaultdict(dict)
    n_rec = n_child = 0
    for spec in specs:
        rows = templates.get(spec.key) or []
        if not rows:
            continue
        fields = _copy_fields(spec.model)
        unique = _unique_char_fields(spec.model)
        objs, keys = [], []
        for year, rep in copies:
            shift = year - template_year
            suffix = f"-{township.code[-3:]}{year % 100:02d}{rep}"
            for row in rows:
                obj = spec.model(township=township, village=village_map.get(row.village_id), version=1)
                orphan = False
                for f in fields:
                    value = getattr(row, f.attname)
                    if isinstance(f, models.ForeignKey) and issubclass(f.related_model, LedgerRecord):
                        mapped = pk_maps[f.related_model].get((year, rep, value))
                        # A link to a record that was not copied: drop the link, or the row if required.
                        orphan = orphan or (value is not None and mapped is None and not f.null)
                        value = mapped
                    elif isinstance(value, date):
                        value = _shift(value, shift)
                    setattr(obj, f.attname, value)
                if orphan:
                    continue
                if spec.derive is not None:
                    spec.derive(obj)  # the shifted dates decide the due dates, as on a page save
                for name in unique:
                    value = getattr(obj, name)
                    if value:
                        setattr(obj, name, f"{value}{suffix}"[: spec.model._meta.get_field(name).max_length])
                counters[(spec.key, year)] += 1
                obj.number = f"{township.label}-{spec.short}-{year}-{counters[(spec.key, year)]:05d}"
                objs.append(obj)
                keys.append((year, rep, row.pk))
        created = _insert(objs, spec.model, user)
        pk_maps[spec.model] = {key: obj.pk for key, obj in zip(keys, created, strict=True)}
        n_rec += len(created)
        for child in spec.children:
            grouped = child_templates.get((spec.key, child.key), {})
            child_fields = [
                f for f in child.model._meta.concrete_fields if f.name not in ("id", child.fk_name)
            ]
            child_rows = []
            for (year, rep, old_pk), new_pk in pk_maps[spec.model].items():
                shift = year - template_year
                for row in grouped.get(old_pk, []):
                    obj = child.model(**{f"{child.fk_name}_id": new_pk})
                    for f in child_fields:
                        value = getattr(row, f.attname)
                        if isinstance(f, models.ForeignKey) and f.related_model is Organisation:
                            value = village_map[value].pk if value in village_map else None
                        elif isinstance(f, models.ForeignKey) and issubclass(f.related_model, LedgerRecord):
                            value = pk_maps[f.related_model].get((year, rep, value), value)
                        elif isinstance(value, date):
                            value = _shift(value, shift)
                        setattr(obj, f.attname, value)
                    child_rows.append(obj)
            if child_rows:
                _insert(child_rows, child.model, user)
                n_child += len(child_rows)
        _after_write(spec, user, created)
    return n_rec, n_child


def _insert(objs: list, model, user) -> list:
    """Write new instances with their '+' history rows; every instance knows its pk afterwards."""
    from simple_history.utils import bulk_create_with_history

    from fazhi.core.rawwrites import allow_raw_writes
    from fazhi.imports import fastwrite

    if not objs:
        return objs
    if fastwrite.can_insert(model):
        for start in range(0, len(objs), RAW_BATCH):
            fastwrite.insert_with_history(objs[start : start + RAW_BATCH], model, user=user)
        return objs
    with allow_raw_writes():
        return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=user)


def _after_write(spec, user, created: list) -> None:
    """The ledger's after_write hooks: rows they compute ahead for new records (clocks) written raw,
    the others (a study plan's marks) run as a save runs them."""
    from fazhi.core.services import records_after_write

    ahead = [getattr(hook, "rows_of_new", None) for hook in spec.after_write]
    if not created or not spec.after_write or not all(ahead):
        records_after_write(spec=spec, user=user, records=created)
        return
    for rows_of_new in ahead:
        for model, rows, *_ in rows_of_new(created, user):
            _insert(rows, model, user)


__all__ = ["build_scale"]
