"""Values that must be unique across the whole table (an 执法证号, a platform's 工单编号, a township's 案号),
checked before anything is written.

The form path checks them one row at a time; the import checks a chunk at once, against every record
(other townships' too — the database's constraint is global) and against the file's earlier rows, so
that a clash is a row error in Chinese instead of the database refusing the whole write.
"""

from dataclasses import dataclass

from django.db import models

from .cells import canon
from .columns import natural_key
from .layout import RowError
from .matching import changeable
from .result import Row

BATCH = 2000


@dataclass(frozen=True)
class UniqueSet:
    fields: tuple[str, ...]
    message: str


def unique_sets(model) -> list[UniqueSet]:
    """The model's unique fields and unconditional unique constraints, the 编号 aside (numbered by us)."""
    out = []
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key and f.name != "number":
            text = str(f.error_messages.get("unique", ""))
            out.append(UniqueSet((f.name,), text if text and "%(" not in text else f"{f.verbose_name}已存在"))
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None:
            labels = "、".join(
                str(model._meta.get_field(n).verbose_name) for n in c.fields if n != "township"
            )
            custom = c.violation_error_message != models.UniqueConstraint.default_violation_error_message
            out.append(
                UniqueSet(tuple(c.fields), str(c.violation_error_message) if custom else f"{labels}已存在")
            )
    return out


def clashes(*, spec, township, user, rows: list[Row], seen: dict, sheet) -> list[RowError]:
    """Errors for the rows whose unique values another record holds, or an earlier row of the file.

    A row may carry the values of the record it will update: the record with its 编号, or the one with
    its natural key among those the user may change (matching.py decides the same way)."""
    model = spec.model
    errors: list[RowError] = []
    for uset in unique_sets(model):
        attnames = [model._meta.get_field(n).attname for n in uset.fields]
        # Filter on the most selective column: a plain value rather than the township.
        probe = next((a for a in reversed(attnames) if not a.endswith("_id")), attnames[-1])
        header = _header(sheet, uset.fields)
        wanted: dict[tuple, list[Row]] = {}
        for r in rows:
            values = tuple(getattr(r.instance, a) for a in attnames)
            if any(v in (None, "") for v in values):
                continue
            key = (uset.fields, values)
            first = seen.get(key)
            if first is not None and first.natural != r.natural:
                errors.append(
                    RowError(
                        f"{uset.message}（与第{first.excel_row}行相同）", r.excel_row, header, sheet.label
                    )
                )
                continue
            seen.setdefault(key, r)
            wanted.setdefault(values, []).append(r)
        if not wanted:
            continue
        probes = sorted({v[attnames.index(probe)] for v in wanted}, key=str)
        natural_attnames = [model._meta.get_field(n).attname for n in natural_key(spec)]
        holders: dict[tuple, list[tuple]] = {}
        for i in range(0, len(probes), BATCH):
            found = model._base_manager.filter(**{f"{probe}__in": probes[i : i + BATCH]}).values_list(
                "pk", "number", "township_id", *attnames, *natural_attnames
            )
            for pk, number, township_id, *rest in found:
                values, natural = tuple(rest[: len(attnames)]), tuple(rest[len(attnames) :])
                if values in wanted:
                    holders.setdefault(values, []).append((pk, number, township_id, natural))
        if not holders:
            continue
        pks = {h[0] for hs in holders.values() for h in hs}
        mine = set(changeable(spec, user, township).filter(pk__in=pks).values_list("pk", flat=True))
        for values, held in holders.items():
            for r in wanted[values]:
                if not all(_is_own(r, h, township, mine) for h in held):
                    errors.append(RowError(uset.message, r.excel_row, header, sheet.label))
    return errors


def _is_own(row: Row, holder: tuple, township, mine: set) -> bool:
    """The record holding the values is the one this row updates."""
    pk, number, township_id, natural = holder
    if row.number:
        return row.number == number
    return pk in mine and township_id == township.pk and tuple(map(canon, natural)) == row.natural


def _header(sheet, names: tuple[str, ...]) -> str:
    shown = [c.header for c in sheet.columns if c.name in names and c.name != "township"]
    return "、".join(shown)
