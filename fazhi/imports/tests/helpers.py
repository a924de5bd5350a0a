"""Helpers of the import tests: workbooks in memory and snapshots of a ledger's records."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

from fazhi.core.rawwrites import allow_raw_writes
from fazhi.imports.columns import child_sheets, record_sheet


def snapshot(spec, township) -> list:
    """Every field the sheets carry, of every record of the township, in a comparable form."""
    main = record_sheet(spec)
    out = []
    for rec in spec.model.objects.filter(township=township).order_by("number"):
        own = {c.name: getattr(rec, spec.model._meta.get_field(c.name).attname) for c in main.columns}
        kids = {}
        for sheet in child_sheets(spec):
            child = sheet.child
            rows = child.model.objects.filter(**{child.fk_name: rec})
            kids[child.key] = sorted(
                repr([getattr(k, child.model._meta.get_field(n).attname) for n in child.fields]) for k in rows
            )
        out.append((own, kids))
    return out


def wipe(spec, township) -> None:
    """Remove the township's records of a ledger, as if the database were fresh (tests only)."""
    with allow_raw_writes():
        for child in spec.children:
            child.model.objects.filter(**{f"{child.fk_name}__township": township}).delete()
        spec.model.objects.filter(township=township).delete()


def count(spec) -> int:
    return spec.model.objects.count() + sum(c.model.objects.count() for c in spec.children)


def workbook(rows_by_sheet: dict[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in rows_by_sheet.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def edit(content: bytes, fn) -> bytes:
    """Load a workbook with openpyxl, let `fn(wb)` change it and return the new bytes."""
    wb = load_workbook(BytesIO(content))
    fn(wb)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
