"""Cells → form data: lookups read once per import (villages, groups, categories, records), conversion of
Excel values, and the row errors of forms and models placed by sheet, row and column."""

import operator
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.models import LedgerRecord
from fazhi.orgs.models import Organisation, OrgKind

from . import values as V
from .columns import (
    Column,
    Sheet,
)
from .formadapter import Prefetched, form_field_errors, outside_errors
from .layout import RowError


def record_year(spec, instance) -> int:
    value = getattr(instance, spec.date_field, None)
    if isinstance(value, datetime):
        return timezone.localtime(value).year if timezone.is_aware(value) else value.year
    if isinstance(value, date):
        return value.year
    return timezone.localdate().year


def canon(value):
    cls = value.__class__
    if cls is date or cls is int or value is None:  # the common cases first
        return value
    if cls is str:
        return value.strip()
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(timezone.get_current_timezone()).replace(microsecond=0)
    return value


def getter(names: list[str]):
    """A function giving a tuple of those keys' values (itemgetter returns a bare value for one key)."""
    if len(names) == 1:
        only = operator.itemgetter(names[0])
        return lambda d: (only(d),)
    return operator.itemgetter(*names)


class Lookups:
    """Names people write → objects: villages, groups, categories, choices, other records by 编号."""

    def __init__(self, township):
        self.township = township
        self.villages: dict[str, int] = {}
        for v in Organisation.objects.filter(township=township, kind=OrgKind.VILLAGE).order_by("-valid_to"):
            for key in (*V.village_variants(v.name), v.code, V.text(v.short_name)):
                if key:
                    self.villages.setdefault(key, v.pk)
        self.groups: dict[tuple, int] = {}
        self.groups_any: dict[str, list[int]] = defaultdict(list)
        for g in Organisation.objects.filter(township=township, kind=OrgKind.GROUP).select_related("parent"):
            names = {V.text(g.name), g.code}
            parent = g.parent.name if g.parent_id else ""
            for variant in V.village_variants(parent) if parent else ():
                if g.name.startswith(variant) and len(g.name) > len(variant):
                    names.add(g.name[len(variant) :])
            for n in names:
                self.groups[(g.parent_id, n)] = g.pk
                self.groups_any[n].append(g.pk)
        self.township_names = {V.text(township.name), V.text(township.label), township.code}
        self.categories: dict[str, dict[str, int]] = {}
        self.records: dict[type, dict[str, int]] = {}

    def category(self, field: forms.ModelChoiceField, list_key: str) -> dict[str, int]:
        if list_key not in self.categories:
            m = {}
            for c in field.objects.values() if isinstance(field, Prefetched) else field.queryset:
                m.setdefault(V.text(c.label), c.pk)
                m.setdefault(V.text(c.code), c.pk)
            self.categories[list_key] = m
        return self.categories[list_key]


def _choice_maps(model_field) -> tuple[dict, set]:
    labels = {V.text(str(label)): value for value, label in model_field.flatchoices}
    return labels, {str(v) for v, _ in model_field.flatchoices}


class Converter:
    """Cell values of one sheet → form data, with the lookups that make that cheap."""

    def __init__(self, sheet: Sheet, model, lookups: Lookups, form):
        self.sheet, self.model, self.lk, self.form = sheet, model, lookups, form
        self.cols = {c.name: c for c in sheet.columns}
        self.choices = {c.name: _choice_maps(c.model_field) for c in sheet.columns if c.kind == "choice"}

    def resolve_records(self, rows: list[tuple[int, dict]]) -> None:
        """Read the records that rows refer to by 编号, one query per column."""
        for col in self.sheet.columns:
            if col.kind != "record":
                continue
            wanted = {V.text(v[col.name]) for _, v in rows if v.get(col.name) not in ("", None)}
            field = self.form.fields.get(col.name) if self.form is not None else None
            qs = field.queryset if field is not None else col.model_field.related_model.objects.all()
            qs = qs.filter(township=self.lk.township) if issubclass(qs.model, LedgerRecord) else qs
            found = {o.number: o for o in qs.filter(number__in=wanted)} if wanted else {}
            self.lk.records[col.name] = {n: o.pk for n, o in found.items()}
            if isinstance(field, Prefetched):
                field.objects.update({str(o.pk): o for o in found.values()})

    def cell(self, col: Column, raw, errors: list, excel_row: int, village_pk=None):
        """The form's value for one cell, or None with an error recorded when it cannot be one."""
        kind = col.kind
        if raw is None or raw == "":
            return ""
        if kind == "date":
            return V.as_date(raw)
        if kind == "datetime":
            return V.as_datetime(raw)
        if kind in ("integer", "decimal"):
            return V.as_number(raw)
        if kind == "bool":
            b = V.as_bool(raw)
            if b is None:
                errors.append(RowError("请填写“是”或“否”", excel_row, col.header, self.sheet.label))
            return b
        if kind == "text" and isinstance(raw, str):
            return raw.strip()  # free text keeps its Chinese punctuation
        s = V.text(raw)
        if kind == "choice":
            labels, codes = self.choices[col.name]
            if s in codes:
                return s
            return labels.get(s) or labels.get(s.removesuffix("级"), s)
        if kind == "org":
            if col.name == "township":
                if s not in self.lk.township_names:
                    errors.append(
                        RowError(
                            f"该行属于“{s}”，不能导入{self.lk.township.name}的台账",
                            excel_row,
                            col.header,
                            self.sheet.label,
                        )
                    )
                    return None
                return str(self.lk.township.pk)
            if (
                col.name == "group"
                or col.model_field.related_model is Organisation
                and "组" in str(col.header)
            ):
                pk = self.lk.groups.get((village_pk, s)) if village_pk else None
                if pk is None:
                    candidates = self.lk.groups_any.get(s, [])
                    pk = candidates[0] if len(candidates) == 1 else None
                if pk is None:
                    errors.append(
                        RowError(
                            f"“{s}”不是本乡镇该村/社区的村民小组", excel_row, col.header, self.sheet.label
                        )
                    )
                    return None
                return str(pk)
            pk = self.lk.villages.get(s) or next(
                (self.lk.villages.get(x) for x in V.village_variants(s) if x in self.lk.villages), None
            )
            if pk is None:
                errors.append(
                    RowError(
                        f"“{s}”不是{self.lk.township.name}的村/社区", excel_row, col.header, self.sheet.label
                    )
                )
                return None
            return str(pk)
        if kind == "category":
            field = self.form.fields[col.name]
            list_key = col.model_field.remote_field.limit_choices_to["list_key"]
            pk = self.lk.category(field, list_key).get(s)
            if pk is None:
                errors.append(
                    RowError(f"“{s}”不在{col.header}列表中", excel_row, col.header, self.sheet.label)
                )
                return None
            return str(pk)
        if kind == "record":
            pk = self.lk.records.get(col.name, {}).get(s)
            if pk is None:
                label = col.model_field.related_model._meta.verbose_name
                errors.append(
                    RowError(f"未找到编号为“{s}”的{label}", excel_row, col.header, self.sheet.label)
                )
                return None
            return str(pk)
        if kind == "object":
            field = self.form.fields[col.name]
            objs = field.objects if isinstance(field, Prefetched) else {}
            match = [pk for pk, o in objs.items() if V.text(str(o)) == s or pk == s]
            if len(match) != 1:
                errors.append(RowError(f"未找到“{s}”", excel_row, col.header, self.sheet.label))
                return None
            return match[0]
        return s


# A row that repeats an existing record meets the uniqueness checks; matching decides what it is.
UNIQUE_CODES = {"unique", "unique_together"}


def _unique_messages(model) -> set:
    return {
        str(c.violation_error_message)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.violation_error_message
    }


def form_errors(form, sheet: Sheet, excel_row: int, out: list) -> None:
    headers = {c.name: c.header for c in sheet.columns}
    unique = _unique_messages(form._meta.model)
    # A cell the conversion already refused (unknown 纠纷类型 …) reaches the form empty: its "required"
    # would be a second error for the same cell.
    refused = {e.column for e in out if e.row == excel_row and e.sheet == sheet.label and e.column}
    for name, errs in form_field_errors(form).items():
        column = headers.get(name, "") if name != "__all__" else ""
        if column and column in refused:
            continue
        for err in errs:
            if err.code in UNIQUE_CODES or (err.message in unique):
                continue
            for message in err.messages:
                out.append(RowError(message, excel_row, column, sheet.label))
    for name, errs in outside_errors(form).items():
        for err in errs:
            for message in err.messages:
                out.append(RowError(message, excel_row, headers.get(name, ""), sheet.label))


def validation_errors(exc: ValidationError, sheet: Sheet, excel_row: int, out: list) -> None:
    headers = {c.name: c.header for c in sheet.columns}
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            for m in errs:
                out.append(RowError(m, excel_row, headers.get(name, ""), sheet.label))
    else:
        for m in exc.messages:
            out.append(RowError(m, excel_row, "", sheet.label))
