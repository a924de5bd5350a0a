"""Turning record fields into text for pages and exports, masking personal data unless revealed."""

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from . import masking

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
