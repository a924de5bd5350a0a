"""Turning record fields into text for pages and exports, masking personal data unless revealed."""

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from . import masking
from .fields import blind_indexes

MASKERS = {
    "id_number": masking.mask_id_number,
    "phone": masking.mask_phone,
    "name": masking.mask_name,
    "address": masking.mask_address,
}


def mask(kind: str, value) -> str:
    return MASKERS[kind](value) if value else ""


def field_label(model, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if hasattr(field, "verbose_name"):  # a reverse relation (a record's parts) has none
        return str(field.verbose_name)
    rel = getattr(model, "ledger_spec", None)
    for child in getattr(rel, "children", []):
        if child.related_name == name:
            return child.label
    return name


def format_value(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def display_value(record, name: str, *, personal: dict | None = None, reveal: bool = False) -> str:
    """The text of one field of a record; personal fields masked unless `reveal`."""
    spec = getattr(type(record), "ledger_spec", None)
    if spec is not None:
        for child in spec.children:
            if child.related_name == name:
                return "、".join(
                    display_value(
                        row,
                        child.fields[1] if child.fields[0] == "role" else child.fields[0],
                        personal=child.personal,
                        reveal=reveal,
                    )
                    for row in getattr(record, name).all()
                )
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return format_value(getattr(record, name, ""))
    if getattr(field, "choices", None):  # a reverse relation has none
        value = getattr(record, f"get_{name}_display")()
    elif isinstance(field, models.ForeignKey):
        value = getattr(record, name)
    else:
        value = getattr(record, name)
    personal = personal if personal is not None else (spec.personal if spec else {})
    if name in personal and not reveal:
        return mask(personal[name], value)
    return format_value(value)


def _history_value(model, name: str, raw, cache: dict) -> str:
    """A stored history value as a reader sees it: choice labels, names for ids, local minutes."""
    if raw is None or raw == "":
        return ""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return format_value(raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        key = (field.related_model, raw)
        if key not in cache:
            target = field.related_model._default_manager.filter(pk=raw).first()
            cache[key] = str(target) if target is not None else f"（已删除 #{raw}）"
        return cache[key]
    if isinstance(raw, str) and isinstance(field, models.DateTimeField | models.DateField):
        try:
            raw = field.to_python(raw)
        except Exception:
            return raw
    return format_value(raw)


def history_entries(record, spec, limit: int = 200) -> list[dict]:
    """History rows of the record and its parts, newest first, each with readable changes."""
    entries = list(record.history.select_related("history_user").order_by("-history_date")[:limit])
    for child in spec.children:
        rows = child.model.history.filter(**{f"{child.fk_name}_id": record.pk})
        entries.extend(rows.select_related("history_user").order_by("-history_date")[:limit])
    entries.sort(key=lambda h: h.history_date, reverse=True)
    cache: dict = {}
    out = []
    for h in entries:
        model = h.instance_type
        personal = {**spec.personal, **next((c.personal for c in spec.children if c.model is model), {})}
        changes = []
        if h.prev_record is not None:
            indexes = [f.name for f in blind_indexes(model)]  # they change with the field they index
            for change in h.diff_against(h.prev_record, excluded_fields=indexes).changes:
                label = field_label(model, change.field)
                if change.field in personal:
                    changes.append((label, "（个人信息已修改）", ""))
                else:
                    old = _history_value(model, change.field, change.old, cache)
                    new = _history_value(model, change.field, change.new, cache)
                    changes.append((label, old, new))
        out.append(
            {
                "when": h.history_date,
                "who": h.history_user.display_name if h.history_user else "系统",
                "kind": {"+": "新增", "~": "修改", "-": "删除"}[h.history_type],
                "label": model._meta.verbose_name,
                "changes": changes,
                "reason": (h.history_change_reason or "").rstrip("。"),
            }
        )
    return out
