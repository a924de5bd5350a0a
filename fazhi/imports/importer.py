"""Import of one ledger from a workbook: every row through the UI's forms, all or nothing, idempotent.

Stages: read the file (refusals of the file as a whole) → find each sheet's header → turn cells into
form data → validate every row with the same forms the UI uses (queries prefetched, not one per row)
→ match rows on 编号, then on the natural key → write in one transaction with history.
"""

import copy
import gc
import operator
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.core.forms import child_formset_class, record_form_class
from fazhi.core.history import bulk_create_records
from fazhi.core.models import LedgerRecord, NumberCounter
from fazhi.core.numbering import reserve_numbers
from fazhi.core.policy import can
from fazhi.core.services import record_update
from fazhi.orgs.models import Organisation, OrgKind

from . import values as V
from .columns import (
    KEY_HEADER,
    Column,
    Sheet,
    child_sheets,
    natural_key,
    normalize_header,
    record_sheet,
    sheet_title,
)
from .fastpath import Background, can_insert, compile_sheet, insert_with_history
from .layout import RowError, data_rows, find_layout
from .reader import FileRefused, RawBook, read_book

EXPLANATION_SHEETS = {"填写说明", "导出说明", "说明", "选项"}
CONFLICT_POLICIES = ("stop", "skip", "update")
PROGRESS_EVERY = 2000
STREAM_CHUNK = 10_000  # rows checked while the previous chunk is written


@dataclass
class ImportResult:
    """What an import found and did; nothing was written unless `written`."""

    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    conflicts: list[dict] = field(default_factory=list)
    unknown_headers: dict[str, list[str]] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"发现{len(self.errors)}处错误，未导入任何记录"
        verb = "将" if not self.written else "已"
        parts = [f"共{self.total}行", f"{verb}新增{self.created}条", f"{self.unchanged}条与系统中记录相同"]
        if self.updated:
            parts.append(f"{verb}更新{self.updated}条")
        if self.skipped:
            parts.append(f"跳过冲突{self.skipped}条")
        if self.conflicts and not (self.updated or self.skipped):
            parts.append(f"{len(self.conflicts)}条与系统中记录冲突，未导入")
        return "，".join(parts)

    def as_dict(self) -> dict:
        return {
            "errors": [e.as_dict() for e in self.errors],
            "total": self.total,
            "created": self.created,
            "unchanged": self.unchanged,
            "updated": self.updated,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
            "unknown_headers": self.unknown_headers,
            "written": self.written,
            "dry_run": self.dry_run,
            "summary": self.summary(),
        }


class _Prefetched(forms.ModelChoiceField):
    """A ModelChoiceField answering from objects read once, so that validating a row costs no query."""

    objects: dict

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            return value
        obj = self.objects.get(str(value))
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return obj


def _prefetch(field: forms.ModelChoiceField, eager: bool) -> _Prefetched:
    new = copy.copy(field)
    new.__class__ = _Prefetched
    new.objects = {str(o.pk): o for o in field.queryset} if eager else {}
    return new


def _import_form_class(form_class):
    """The UI's form with one difference: a relation chosen from the prefetched objects is not looked
    up again by model validation (those objects came from the form's own narrowed queryset)."""

    def _get_validation_exclusions(self):
        exclude = super(cls, self)._get_validation_exclusions()
        return exclude | {n for n, f in self.fields.items() if isinstance(f, _Prefetched)}

    def _update_errors(self, errors):
        # The model's clean() may name a workflow field that is a column but not a form field
        # (办结日期早于受理日期): keep those errors for the row instead of letting Django raise.
        if hasattr(errors, "error_dict"):
            outside = {
                k: v for k, v in errors.error_dict.items() if k != NON_FIELD_ERRORS and k not in self.fields
            }
            if outside:
                self._outside_errors.update(outside)
                rest = {k: v for k, v in errors.error_dict.items() if k not in outside}
                if not rest:
                    return
                errors = ValidationError(rest)
        super(cls, self)._update_errors(errors)

    cls = type(
        f"Import{form_class.__name__}",
        (form_class,),
        {"_get_validation_exclusions": _get_validation_exclusions, "_update_errors": _update_errors},
    )
    return cls


def _reuse(form, data: dict, instance) -> None:
    """Validate `data` with an existing form instance (building a form per row costs more than its checks)."""
    form.data = data
    form.is_bound = True
    form.instance = instance
    form._errors = None
    form._outside_errors = {}
    form.full_clean()


def _year(spec, instance) -> int:
    value = getattr(instance, spec.date_field, None)
    if isinstance(value, datetime):
        return timezone.localtime(value).year if timezone.is_aware(value) else value.year
    if isinstance(value, date):
        return value.year
    return timezone.localdate().year


def _canon(value):
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


def _getter(names: list[str]):
    """A function giving a tuple of those keys' values (itemgetter returns a bare value for one key)."""
    if len(names) == 1:
        only = operator.itemgetter(names[0])
        return lambda d: (only(d),)
    return operator.itemgetter(*names)


class _Lookups:
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
            for c in field.objects.values() if isinstance(field, _Prefetched) else field.queryset:
                m.setdefault(V.text(c.label), c.pk)
                m.setdefault(V.text(c.code), c.pk)
            self.categories[list_key] = m
        return self.categories[list_key]


def _choice_maps(model_field) -> tuple[dict, set]:
    labels = {V.text(str(label)): value for value, label in model_field.flatchoices}
    return labels, {str(v) for v, _ in model_field.flatchoices}


class _Converter:
    """Cell values of one sheet → form data, with the lookups that make that cheap."""

    def __init__(self, sheet: Sheet, model, lookups: _Lookups, form):
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
            if isinstance(field, _Prefetched):
                field.objects.update({str(o.pk): o for o in found.values()})

    def cell(self, col: Column, raw, row_values: dict, errors: list, excel_row: int, village_pk=None):
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
            objs = field.objects if isinstance(field, _Prefetched) else {}
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


def _form_errors(form, sheet: Sheet, excel_row: int, out: list) -> None:
    headers = {c.name: c.header for c in sheet.columns}
    unique = _unique_messages(form._meta.model)
    for name, errs in form._errors.as_data().items():
        column = headers.get(name, "") if name != "__all__" else ""
        for err in errs:
            if err.code in UNIQUE_CODES or (err.message in unique):
                continue
            for message in err.messages:
                out.append(RowError(message, excel_row, column, sheet.label))
    for name, errs in getattr(form, "_outside_errors", {}).items():
        for err in errs:
            for message in err.messages:
                out.append(RowError(message, excel_row, headers.get(name, ""), sheet.label))


def _validation_errors(exc: ValidationError, sheet: Sheet, excel_row: int, out: list) -> None:
    headers = {c.name: c.header for c in sheet.columns}
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            for m in errs:
                out.append(RowError(m, excel_row, headers.get(name, ""), sheet.label))
    else:
        for m in exc.messages:
            out.append(RowError(m, excel_row, "", sheet.label))


@dataclass
class _Row:
    """One validated main-sheet row: the unsaved record, its children and where it came from."""

    excel_row: int
    key: str  # the 编号 cell, real or temporary
    number: str | None  # a real 编号 of this township and ledger
    instance: LedgerRecord
    children: dict[str, list] = field(default_factory=dict)
    natural: tuple = ()


def read_sheets(book: RawBook, spec, mapping: dict | None, result: ImportResult):
    """The main and child sheets' data rows, or errors when a header cannot be understood."""
    mapping = mapping or {}
    main = record_sheet(spec)
    children = child_sheets(spec)
    child_labels = {s.label for s in children}
    raw_main = book.sheet(sheet_title(main.label)) or next(
        (s for s in book.sheets if s.name.strip() not in EXPLANATION_SHEETS | child_labels), None
    )
    out = []
    for sheet, raw in [(main, raw_main)] + [(s, book.sheet(sheet_title(s.label))) for s in children]:
        if raw is None:
            if sheet is main:
                result.errors.append(RowError("文件中没有可导入的工作表"))
                return None
            out.append((sheet, []))
            continue
        sheet_mapping = {normalize_header(k): v for k, v in mapping.get(sheet.label, {}).items()}
        layout = find_layout(raw, sheet, sheet_mapping)
        if layout is None:
            result.errors.append(
                RowError(
                    f"未找到表头：表头应包含{'、'.join(c.header for c in sheet.columns[:6])}等列",
                    sheet=raw.name,
                )
            )
            return None
        if layout.unknown:
            result.unknown_headers[sheet.label] = list(layout.unknown.values())
            for c, h in layout.unknown.items():
                result.errors.append(
                    RowError(
                        f"第{c + 1}列表头“{h}”无法识别，请在列映射中指定对应的栏目或忽略该列", sheet=raw.name
                    )
                )
        present = set(layout.columns.values())
        for col in sheet.columns:
            if col.header_required and col.name not in present:
                result.errors.append(RowError(f"缺少必填列“{col.header}”", sheet=raw.name))
        rows = data_rows(raw, layout, sheet, result.errors)
        out.append((sheet, rows))
    if not out[0][1] and not result.errors:
        result.errors.append(RowError("文件中没有数据行", sheet=raw_main.name))
    return out


def validate_main(
    *,
    spec,
    township,
    user,
    sheets,
    result: ImportResult,
    progress=None,
    fast: bool = True,
    chunk_size: int = 0,
    on_chunk: Callable | None = None,
) -> tuple[list[_Row], "_Lookups"]:
    """Every main-sheet row through the UI's form (or the fast path's compiled checks of the same form,
    which leave every row they cannot accept to the form); errors collected, nothing written. Returns
    the valid rows and the lookups the child sheets reuse.

    With `on_chunk`, rows are checked `chunk_size` at a time and each chunk's valid rows are handed to
    it as long as no row so far has an error (the import writes them while the next chunk is checked)."""
    model = spec.model
    (main, main_rows), *child_parts = sheets
    lk = _Lookups(township)
    form = _import_form_class(record_form_class(spec))(user=user, spec=spec, action="create")
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.ModelChoiceField):
            eager = not issubclass(f.queryset.model, LedgerRecord)
            form.fields[name] = _prefetch(f, eager)
    conv = _Converter(main, model, lk, form)
    conv.resolve_records(main_rows)
    present = set().union(*(v.keys() for _, v in main_rows)) if main_rows else set()
    form_cols = [c for c in main.columns if c.name in form.fields and c.name in present]
    absent_defaults = {
        c.name: c.model_field.get_default()
        for c in main.columns
        if c.name in form.fields and c.name not in present and c.model_field.has_default()
    }
    workflow_cols = [c for c in main.columns if c.workflow and c.name in present]
    workflow_fields = {c.name: c.model_field.formfield() for c in workflow_cols}
    workflow_names = [c.name for c in workflow_cols]
    key_fields = natural_key(spec)
    number_re = re.compile(rf"^{re.escape(township.label)}-{re.escape(spec.short)}-(\d{{4}})-(\d+)$")
    foreign_re = re.compile(rf"^(.+)-{re.escape(spec.short)}-(\d{{4}})-(\d+)$")
    rule = spec.rule
    errors = result.errors
    out: list[_Row] = []
    seen_keys: dict[str, int] = {}
    total = len(main_rows)
    compiled = (
        compile_sheet(
            model=model,
            sheet=main,
            form=form,
            conv=conv,
            present=present,
            township=township,
            workflow=workflow_cols,
            personal=spec.personal,
        )
        if fast
        else None
    )
    allowed: dict = {}  # village id → may the user create there (the same answer for every row)
    natural_attnames = [model._meta.get_field(k).attname for k in key_fields]
    natural_get = _getter(natural_attnames)
    step = chunk_size or max(len(main_rows), 1)
    for start in range(0, len(main_rows), step):
        part = main_rows[start : start + step]
        fast_rows = compiled.rows([v for _, v in part]) if compiled is not None else None
        first = len(out)
        for i, (excel_row, values) in enumerate(part, start):
            if progress and i % PROGRESS_EVERY == 0:
                progress("校验", i, total)
            row_errors: list[RowError] = []
            key = V.text(values.get("number", ""))
            number = None
            if key:
                if number_re.match(key):
                    number = key
                elif foreign_re.match(key):
                    row_errors.append(
                        RowError(
                            f"编号“{key}”属于其他乡镇，不能导入{township.name}的台账",
                            excel_row,
                            KEY_HEADER,
                            main.label,
                        )
                    )
                if key in seen_keys:
                    row_errors.append(
                        RowError(f"编号与第{seen_keys[key]}行重复", excel_row, KEY_HEADER, main.label)
                    )
                seen_keys.setdefault(key, excel_row)
            if fast_rows is not None and not row_errors:
                instance = fast_rows[i - start]
                if instance is not None and _passes(spec, rule, user, township, instance, allowed):
                    natural = tuple(map(_canon, natural_get(instance.__dict__)))
                    out.append(_Row(excel_row, key, number, instance, {}, natural))
                    continue
            data = dict(absent_defaults)
            data["township"] = str(township.pk)
            village_pk = None
            for col in form_cols:
                v = conv.cell(col, values.get(col.name), values, row_errors, excel_row, village_pk)
                if v is None:
                    continue
                data[col.name] = v
                if col.name == "village" and v:
                    village_pk = int(v)
            instance = model(township=township)
            for col in workflow_cols:
                raw = values.get(col.name)
                v = conv.cell(col, raw, values, row_errors, excel_row)
                if v is None:
                    continue
                try:
                    value = workflow_fields[col.name].clean(v) if workflow_fields[col.name] else v
                except ValidationError as exc:
                    for m in exc.messages:
                        row_errors.append(RowError(m, excel_row, col.header, main.label))
                    continue
                if isinstance(col.model_field, models.ForeignKey):
                    setattr(instance, col.model_field.attname, value.pk if value is not None else None)
                elif value is None and not col.model_field.null:
                    setattr(
                        instance,
                        col.name,
                        col.model_field.get_default() if col.model_field.has_default() else "",
                    )
                else:
                    setattr(instance, col.name, value)
            _reuse(form, data, instance)
            if form._errors or form._outside_errors:
                _form_errors(form, main, excel_row, row_errors)
            if not row_errors:
                try:
                    if workflow_names:
                        instance.clean_fields(
                            exclude=[f.name for f in model._meta.fields if f.name not in workflow_names]
                        )
                    if rule:
                        rule(user, instance)
                except ValidationError as exc:
                    _validation_errors(exc, main, excel_row, row_errors)
                if not can(user, spec, "create", township_id=township.pk, village_id=instance.village_id):
                    row_errors.append(
                        RowError("您没有权限在该村/社区登记记录", excel_row, "村/社区", main.label)
                    )
            if row_errors:
                errors.extend(row_errors)
                continue
            natural = tuple(_canon(getattr(instance, model._meta.get_field(k).attname)) for k in key_fields)
            out.append(_Row(excel_row, key, number, instance, {}, natural))
        if on_chunk is not None and not errors:
            on_chunk(out[first:])
    by_natural: dict[tuple, int] = {}
    for r in out:
        if r.number is None:
            if r.natural in by_natural:
                errors.append(RowError(f"与第{by_natural[r.natural]}行内容重复", r.excel_row, "", main.label))
            by_natural.setdefault(r.natural, r.excel_row)
    return out, lk


def validate_parts(
    *, spec, user, sheets, records: list[_Row], lk, result: ImportResult, fast: bool = True
) -> None:
    """The child sheets' rows, attached to their records; errors collected, nothing written."""
    (main, main_rows), *child_parts = sheets
    errors, out = result.errors, records
    by_key = {r.key: r for r in out if r.key}
    main_keys = {V.text(v.get("number", "")) for _, v in main_rows}
    for sheet, rows in child_parts:
        _validate_children(spec, sheet, rows, by_key, main_keys, lk, errors, user, fast)
    for child, (_sheet, rows) in zip(spec.children, child_parts, strict=True):
        if child.min_num:
            keyed = {V.text(v.get("number", "")) for _, v in rows}  # a bad child row has its own error
            for r in out:
                if r.key not in keyed and len(r.children.get(child.key, [])) < child.min_num:
                    errors.append(
                        RowError(
                            f"至少需要{child.min_num}条{child.label}（在“{child.label}”工作表中按编号填写）",
                            r.excel_row,
                            "",
                            main.label,
                        )
                    )


def _passes(spec, rule, user, township, instance, allowed: dict) -> bool:
    """The ledger's rule and the create permission, as the form path applies them to a valid row."""
    try:
        if rule:
            rule(user, instance)
    except ValidationError:
        return False
    village = instance.village_id
    if village not in allowed:
        allowed[village] = can(user, spec, "create", township_id=township.pk, village_id=village)
    return allowed[village]


def _validate_children(
    spec, sheet: Sheet, rows, by_key: dict, main_keys: set, lk, errors: list, user, fast: bool = True
) -> None:
    child = sheet.child
    form = _import_form_class(child_formset_class(spec, child).form)()
    form.fields.pop(child.fk_name, None)
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.ModelChoiceField):
            eager = not issubclass(f.queryset.model, LedgerRecord) and f.queryset.model is not Organisation
            form.fields[name] = _prefetch(f, eager)
            if f.queryset.model is Organisation:
                form.fields[name].objects = {
                    str(o.pk): o
                    for o in Organisation.objects.filter(township=lk.township, kind=OrgKind.VILLAGE)
                }
    conv = _Converter(sheet, child.model, lk, form)
    conv.resolve_records(rows)
    compiled = (
        compile_sheet(
            model=child.model,
            sheet=sheet,
            form=form,
            conv=conv,
            present={c.name for c in sheet.columns},  # the form path gives every column, empty or not
            personal=child.personal,
        )
        if fast
        else None
    )
    keys = [V.text(values.get("number", "")) for _, values in rows]
    parents = [by_key.get(k) if k else None for k in keys]
    fast_rows = (
        compiled.rows([v for _, v in rows], [p.instance if p else None for p in parents], child.fk_name)
        if compiled is not None
        else None
    )
    for i, (excel_row, values) in enumerate(rows):
        if fast_rows is not None and fast_rows[i] is not None:
            parents[i].children.setdefault(child.key, []).append(fast_rows[i])
            continue
        row_errors: list[RowError] = []
        key = keys[i]
        parent = parents[i]
        if not key:
            row_errors.append(RowError("请填写所属记录的编号", excel_row, KEY_HEADER, sheet.label))
        elif parent is None and key not in main_keys:
            row_errors.append(RowError(f"编号“{key}”在主表中不存在", excel_row, KEY_HEADER, sheet.label))
        data = {}
        for col in sheet.columns:
            if col.name == "number" or col.name not in form.fields:
                continue
            v = conv.cell(col, values.get(col.name), values, row_errors, excel_row)
            if v is not None:
                data[col.name] = v
        instance = child.model()
        if parent is not None:
            setattr(instance, child.fk_name, parent.instance)
        _reuse(form, data, instance)
        if form._errors or form._outside_errors:
            _form_errors(form, sheet, excel_row, row_errors)
        if row_errors:
            errors.extend(row_errors)
        elif parent is not None:
            parent.children.setdefault(child.key, []).append(instance)


def _signature(spec, main: Sheet, instance, children: dict, present: set) -> tuple:
    model = spec.model
    names = [c.name for c in main.columns if c.name not in ("number", "township") and c.name in present]
    own = tuple(_canon(getattr(instance, model._meta.get_field(n).attname)) for n in names)
    kids = []
    for child in spec.children:
        rows = sorted(
            tuple(repr(_canon(getattr(o, child.model._meta.get_field(n).attname))) for n in child.fields)
            for o in children.get(child.key, [])
        )
        kids.append(tuple(rows))
    return own, tuple(kids)


def _natural_index(spec, qs) -> dict[tuple, int]:
    """Natural key → pk of the records in `qs`."""
    attnames = [spec.model._meta.get_field(k).attname for k in natural_key(spec)]
    out: dict[tuple, int] = {}
    for pk, *vals in qs.values_list("pk", *attnames).iterator(chunk_size=5000):
        out.setdefault(tuple(map(_canon, vals)), pk)
    return out


def _existing(spec, township, rows: list[_Row], by_natural: dict | None = None) -> dict[int, LedgerRecord]:
    """Existing records the rows match, by 编号 first, then by natural key: row index → record.
    `by_natural`, when given, is the township's `_natural_index` read beforehand."""
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
            qs = model.objects.filter(township=township)
            first = model._meta.get_field(key_fields[0])
            if isinstance(first, (models.DateField, models.DateTimeField)):
                vals = [r.natural[0] for r in loose if r.natural[0] is not None]
                if vals:
                    qs = qs.filter(**{f"{key_fields[0]}__gte": min(vals), f"{key_fields[0]}__lte": max(vals)})
            by_natural = _natural_index(spec, qs)
    matched_pks = {}
    for i, r in enumerate(rows):
        if r.number and r.number in by_number:
            matched_pks[i] = by_number[r.number].pk
        elif r.natural in by_natural:
            matched_pks[i] = by_natural[r.natural]
    objs = model.objects.in_bulk(list(set(matched_pks.values())))
    return {i: objs[pk] for i, pk in matched_pks.items()}


def _children_of(spec, records: list) -> dict[int, dict[str, list]]:
    out: dict[int, dict[str, list]] = defaultdict(dict)
    for child in spec.children:
        fk = child.model._meta.get_field(child.fk_name).attname
        for obj in child.model.objects.filter(**{f"{child.fk_name}__in": [r.pk for r in records]}):
            out[getattr(obj, fk)].setdefault(child.key, []).append(obj)
    return out


def _bump_counters(spec, township, numbers: list[str]) -> None:
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
    stream = (
        fast and not dry_run and can_insert(spec.model) and all(can_insert(c.model) for c in spec.children)
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
        streamer = _Streamer(spec, township, user, background, result.total)
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
        _write_parts(spec, rows, streamer.create)
        _audit(spec, township, user, filename, len(rows), 0, request)
    result.created, result.written = len(rows), True
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
    matched = _existing(spec, township, rows)
    existing_children = _children_of(spec, list(matched.values())) if spec.children and matched else {}
    new_rows, updates = [], []
    for i, r in enumerate(rows):
        rec = matched.get(i)
        if rec is None:
            new_rows.append(r)
            continue
        theirs = _signature(spec, main, rec, existing_children.get(rec.pk, {}), present)
        children_in_file = {c.key for s, rws in sheets[1:] if rws for c in [s.child]}
        if not children_in_file:
            theirs = (theirs[0], ())
        mine = _signature(spec, main, r.instance, r.children, present)
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
    if dry_run or not (new_rows or updates):
        return result
    _write(spec, township, user, new_rows, updates, main, present, progress, request, filename, fast)
    result.written = True
    return result


def _creator(spec, user, fast: bool, background=None):
    """How new rows are written: raw inserts with history (the fast path) or the ORM's bulk_create."""
    raw = fast and can_insert(spec.model) and all(can_insert(c.model) for c in spec.children)

    def create(objs, model_):
        if raw:
            insert_with_history(objs, model_, user=user, background=background)
        else:
            bulk_create_records(objs, model_, user=user, batch_size=1000)

    return create


def _write_records(spec, township, user, new_rows, create, progress, total, batch: int = 5000) -> None:
    """Number the new records (keeping the file's own 编号) and write them, `batch` at a time."""
    model = spec.model
    kept = [r.number for r in new_rows if r.number]
    if kept:
        _bump_counters(spec, township, kept)
    need: dict[int, list[_Row]] = defaultdict(list)
    for r in new_rows:
        if not r.number:
            need[_year(spec, r.instance)].append(r)
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


def _write_parts(spec, new_rows, create) -> None:
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


def _audit(spec, township, user, filename, created: int, updated: int, request) -> None:
    audit_record(
        user=user,
        action=AuditAction.CREATE,
        detail=f"导入{spec.label}（{township.name}）：{filename}，新增{created}条，更新{updated}条",
        request=request,
    )


class _Streamer:
    """Writes the main sheet's rows a chunk at a time while the next chunk is checked, as long as every
    row so far is valid and new. A row that matches an existing record (by 编号 or natural key) stops it:
    what it wrote is undone (a savepoint) and the rows take the ordinary path (conflicts, updates)."""

    def __init__(self, spec, township, user, background, total: int):
        self.spec, self.township, self.user, self.total = spec, township, user, total
        self.background = background
        self.create = _creator(spec, user, True, background)
        self.active, self.savepoint = True, None
        self.saved: list[tuple[_Row, str | None]] = []
        # The township's existing natural keys, read once before anything is written (reading them per
        # chunk would read the chunks already written again and again).
        self.known = _natural_index(spec, spec.model.objects.filter(township=township))

    @property
    def written(self) -> int:
        return len(self.saved)

    def chunk(self, rows: list[_Row]) -> None:
        if not self.active or not rows:
            return
        if _existing(self.spec, self.township, rows, self.known):
            self.stop()
            return
        if self.savepoint is None:
            self.savepoint = transaction.savepoint()
        self.saved.extend((r, r.number) for r in rows)
        _write_records(
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
def _write(spec, township, user, new_rows, updates, main, present, progress, request, filename, fast):
    total = len(new_rows) + len(updates)
    create = _creator(spec, user, fast)
    _write_records(spec, township, user, new_rows, create, progress, total)
    _write_parts(spec, new_rows, create)
    form_names = [c.name for c in main.columns if c.name not in ("number", "township") and c.name in present]
    for r, rec in updates:
        data = {n: getattr(r.instance, n) for n in form_names}
        children = {
            key: [
                {n: getattr(o, n) for n in next(c for c in spec.children if c.key == key).fields}
                for o in objs_
            ]
            for key, objs_ in r.children.items()
        }
        record_update(
            spec=spec,
            record=rec,
            user=user,
            data=data,
            children=children or None,
            expected_version=rec.version,
            request=request,
        )
    _audit(spec, township, user, filename, len(new_rows), len(updates), request)
    if progress:
        progress("写入", total, total)
