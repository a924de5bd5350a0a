"""Every row checked, nothing written: the main sheet, then the child sheets, each row through the ledger's
row checker (rowcheck.py: the compiled checks or the UI's form); errors collected with their rows."""

import re
from collections.abc import Callable

from django import forms

from fazhi.core.forms import child_formset_class, record_form_class
from fazhi.core.models import LedgerRecord
from fazhi.orgs.models import Organisation, OrgKind

from . import values as V
from .cells import Converter, Lookups, canon, getter
from .columns import (
    KEY_HEADER,
    Sheet,
    child_sheets,
    natural_key,
    normalize_header,
    record_sheet,
    sheet_title,
)
from .formadapter import import_form_class, prefetch
from .layout import RowError, data_rows, find_layout
from .reader import RawBook
from .result import ImportResult, Row
from .rowcheck import SheetRow, child_checker, main_checker
from .uniqueness import clashes

EXPLANATION_SHEETS = {"填写说明", "导出说明", "说明", "选项"}  # 选项: the template's drop-down lists
PROGRESS_EVERY = 2000


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
) -> tuple[list[Row], "Lookups"]:
    """Every main-sheet row through the UI's form (or the fast path's compiled checks of the same form,
    which leave every row they cannot accept to the form); errors collected, nothing written. Returns
    the valid rows and the lookups the child sheets reuse.

    With `on_chunk`, rows are checked `chunk_size` at a time and each chunk's valid rows are handed to
    it as long as no row so far has an error (the import writes them while the next chunk is checked)."""
    model = spec.model
    (main, main_rows), *child_parts = sheets
    lk = Lookups(township)
    form = import_form_class(record_form_class(spec))(user=user, spec=spec, action="create")
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.ModelChoiceField):
            eager = not issubclass(f.queryset.model, LedgerRecord)
            form.fields[name] = prefetch(f, eager)
    conv = Converter(main, model, lk, form)
    conv.resolve_records(main_rows)
    present = set().union(*(v.keys() for _, v in main_rows)) if main_rows else set()
    checker = main_checker(
        spec=spec,
        township=township,
        user=user,
        sheet=main,
        form=form,
        conv=conv,
        present=present,
        workflow=[c for c in main.columns if c.workflow and c.name in present],
        fast=fast,
    )
    key_fields = natural_key(spec)
    number_re = re.compile(rf"^{re.escape(township.label)}-{re.escape(spec.short)}-(\d{{4}})-(\d+)$")
    foreign_re = re.compile(rf"^(.+)-{re.escape(spec.short)}-(\d{{4}})-(\d+)$")
    errors = result.errors
    out: list[Row] = []
    seen_keys: dict[str, int] = {}
    unique_seen: dict = {}
    by_natural: dict[tuple, int] = {}
    total = len(main_rows)
    natural_get = getter([model._meta.get_field(k).attname for k in key_fields])
    step = chunk_size or max(len(main_rows), 1)
    for start in range(0, len(main_rows), step):
        part = [
            SheetRow(i, excel_row, values)
            for i, (excel_row, values) in enumerate(main_rows[start : start + step], start)
        ]
        checker.begin(part)
        first = len(out)
        for row in part:
            i, excel_row, values = row
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
            instance, found = checker.check(row, row_errors)
            if row_errors or found:
                errors.extend(row_errors + found)
                continue
            natural = tuple(map(canon, natural_get(instance.__dict__)))
            out.append(Row(excel_row, key, number, instance, {}, natural))
        # Repeats and clashes are found per chunk, before the chunk may be streamed into the database.
        for r in out[first:]:
            if r.number is None:
                if r.natural in by_natural:
                    errors.append(
                        RowError(f"与第{by_natural[r.natural]}行内容重复", r.excel_row, "", main.label)
                    )
                by_natural.setdefault(r.natural, r.excel_row)
        errors.extend(
            clashes(spec=spec, township=township, user=user, rows=out[first:], seen=unique_seen, sheet=main)
        )
        if on_chunk is not None and not errors:
            on_chunk(out[first:])
    return out, lk


def validate_parts(
    *, spec, user, sheets, records: list[Row], lk, result: ImportResult, fast: bool = True
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


def _validate_children(
    spec, sheet: Sheet, rows, by_key: dict, main_keys: set, lk, errors: list, user, fast: bool = True
) -> None:
    child = sheet.child
    form = import_form_class(child_formset_class(spec, child).form)()
    form.fields.pop(child.fk_name, None)
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.ModelChoiceField):
            eager = not issubclass(f.queryset.model, LedgerRecord) and f.queryset.model is not Organisation
            form.fields[name] = prefetch(f, eager)
            if f.queryset.model is Organisation:
                form.fields[name].objects = {
                    str(o.pk): o
                    for o in Organisation.objects.filter(township=lk.township, kind=OrgKind.VILLAGE)
                }
    conv = Converter(sheet, child.model, lk, form)
    conv.resolve_records(rows)
    keys = [V.text(values.get("number", "")) for _, values in rows]
    parents = [by_key.get(k) if k else None for k in keys]
    checker = child_checker(
        spec=spec,
        child=child,
        sheet=sheet,
        form=form,
        conv=conv,
        parent_of=lambda row: parents[row.index],
        main_keys=main_keys,
        fast=fast,
    )
    part = [SheetRow(i, excel_row, values) for i, (excel_row, values) in enumerate(rows)]
    checker.begin(part)
    for row in part:
        instance, found = checker.check(row)
        if found:
            errors.extend(found)
        elif parents[row.index] is not None:
            parents[row.index].children.setdefault(child.key, []).append(instance)
