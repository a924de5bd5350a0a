"""Matching the file's rows to existing records: by 编号, then by the ledger's natural key, among the
records the user may change (`restrict(user, "change")`)."""

from collections import defaultdict

from django.db import models

from fazhi.core.crypto import blind_index
from fazhi.core.fields import index_of
from fazhi.core.models import LedgerRecord

from .cells import canon
from .columns import (
    Sheet,
    natural_key,
)
from .result import Row


def signature(spec, main: Sheet, instance, children: dict, present: set) -> tuple:
    model = spec.model
    names = [c.name for c in main.columns if c.name not in ("number", "township") and c.name in present]
    own = tuple(canon(getattr(instance, model._meta.get_field(n).attname)) for n in names)
    kids = []
    for child in spec.children:
        rows = sorted(
            tuple(repr(canon(getattr(o, child.model._meta.get_field(n).attname))) for n in child.fields)
            for o in children.get(child.key, [])
        )
        kids.append(tuple(rows))
    return own, tuple(kids)


def _indexed(spec) -> list[tuple[int, object]]:
    """(position, blind index field) of the natural key's encrypted parts (a volunteer's name)."""
    return [(i, f) for i, k in enumerate(natural_key(spec)) if (f := index_of(spec.model, k)) is not None]


def natural_index(spec, qs) -> dict[tuple, int]:
    """Natural key → pk of the records in `qs`; an encrypted part of the key is read as its blind index,
    so matching decrypts nothing (`lookup_key` turns a row's key into the same form)."""
    attnames = [spec.model._meta.get_field(k).attname for k in natural_key(spec)]
    for i, f in _indexed(spec):
        attnames[i] = f.attname
    out: dict[tuple, int] = {}
    for pk, *vals in qs.values_list("pk", *attnames).iterator(chunk_size=5000):
        out.setdefault(tuple(map(canon, vals)), pk)
    return out


def lookup_key(spec, natural: tuple, indexed: list | None = None) -> tuple:
    """`indexed`: _indexed(spec), when the caller looks up many rows (it walks the model's fields)."""
    if indexed is None:
        indexed = _indexed(spec)
    if not indexed:
        return natural
    key = list(natural)
    for i, f in indexed:
        key[i] = blind_index(key[i], f.kind)
    return tuple(key)


def changeable(spec, user, township):
    """The township's records the user may change: the only ones a row is matched to by natural key."""
    return spec.model.objects.restrict(user, "change").filter(township=township)


def existing_records(
    spec, township, rows: list[Row], by_natural: dict | None = None, *, user
) -> dict[int, LedgerRecord]:
    """Existing records the rows match, by 编号 first (any record: a 编号 names one record, which the
    caller refuses to update unless the user may), then by natural key among `changeable` records:
    row index → record. `by_natural`, when given, is the `natural_index` read beforehand."""
    model = spec.model
    numbers = [r.number for r in rows if r.number]
    by_number = {}
    for i in range(0, len(numbers), 5000):
        by_number.update({o.number: o for o in model.objects.filter(number__in=numbers[i : i + 5000])})
    key_fields = natural_key(spec)
    loose = [r for r in rows if not (r.number and r.number in by_number)]
    if by_natural is None:
        by_natural = {}
        if loose:
            qs = changeable(spec, user, township)
            first = model._meta.get_field(key_fields[0])
            if isinstance(first, (models.DateField, models.DateTimeField)):
                vals = [r.natural[0] for r in loose if r.natural[0] is not None]
                if vals:
                    qs = qs.filter(**{f"{key_fields[0]}__gte": min(vals), f"{key_fields[0]}__lte": max(vals)})
            by_natural = natural_index(spec, qs)
    matched_pks = {}
    indexed = _indexed(spec)
    for i, r in enumerate(rows):
        if r.number and r.number in by_number:
            matched_pks[i] = by_number[r.number].pk
        elif (key := lookup_key(spec, r.natural, indexed)) in by_natural:
            matched_pks[i] = by_natural[key]
    objs = model.objects.in_bulk(list(set(matched_pks.values())))
    return {i: objs[pk] for i, pk in matched_pks.items()}


def children_of(spec, records: list) -> dict[int, dict[str, list]]:
    out: dict[int, dict[str, list]] = defaultdict(dict)
    for child in spec.children:
        fk = child.model._meta.get_field(child.fk_name).attname
        for obj in child.model.objects.filter(**{f"{child.fk_name}__in": [r.pk for r in records]}):
            out[getattr(obj, fk)].setdefault(child.key, []).append(obj)
    return out
