"""Writing workbooks: the per-ledger template and exports of filtered lists, masked unless asked not to."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.core.models import Category
from fazhi.orgs.models import OrgKind

from .columns import MASKERS, Column, Sheet, child_sheets, natural_key, record_sheet, sheet_title
from .reader import MASK_NOTICE, MASK_PROPERTY

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
REQUIRED_FILL = PatternFill("solid", fgColor="F4B183")


def _options(col: Column, place=None) -> list[str]:
    """The values a choice column accepts. Categories are those of the importing place only: a
    township's district list plus the township's own additions, or a district's list; with no place,
    none (never another district's entries)."""
    f = col.model_field
    if col.kind == "choice":
        return [str(label) for value, label in f.flatchoices if value != ""]
    if col.kind == "category":
        key = f.remote_field.limit_choices_to["list_key"]
        if place is None:
            return []
        if place.kind == OrgKind.DISTRICT:
            qs = Category.objects.filter(list_key=key, district=place, township__isnull=True, active=True)
        else:
            qs = Category.objects.for_township(key, place)
        return list(dict.fromkeys(qs.order_by("sort_order", "pk").values_list("label", flat=True)))
    if col.kind == "bool":
        return ["是", "否"]
    return []


def _allowed(col: Column, spec, place=None) -> str:
    return "、".join(_options(col, place))


def _required(col: Column) -> bool:
    """Required as the import checks it: a workflow column such as 状态 that cannot be blank is too."""
    f = col.model_field
    return col.required or (col.workflow and f is not None and not f.blank and not f.null)


ORG_NOTES = {
    "township": "填写乡镇（街道）名称，须为导入时选择的乡镇",
    "village": "填写本乡镇所辖村（社区）名称；乡镇层面的记录不填",
    "group": "填写所选村（社区）下的村民小组名称，可不填",
}
OPTIONS_SHEET = "选项"
VALIDATED_ROWS = 5000


def _drop_downs(wb: Workbook, sheets: list[tuple], place) -> None:
    """Drop-down lists (data validation) for every choice column, from a hidden 选项 sheet: a list
    written into the rule itself is limited to 255 characters."""
    options = None
    column = 0
    for ws, sheet in sheets:
        for index, col in enumerate(sheet.columns, start=1):
            values = _options(col, place)
            if not values:
                continue
            if options is None:
                options = wb.create_sheet(OPTIONS_SHEET)
                options.sheet_state = "hidden"
            column += 1
            letter = get_column_letter(column)
            options.cell(row=1, column=column, value=col.header)
            for row, value in enumerate(values, start=2):
                options.cell(row=row, column=column, value=value)
            rule = DataValidation(
                type="list",
                formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="无效的值",
                error=f"请从下拉列表中选择{col.header}",
            )
            target = get_column_letter(index)
            rule.add(f"{target}2:{target}{VALIDATED_ROWS}")
            ws.add_data_validation(rule)


def _explain(wb: Workbook, spec, sheets: list[Sheet], title: str, masked: bool | None, place=None) -> None:
    ws = wb.create_sheet(title)
    if masked:
        ws.append([MASK_NOTICE])
        ws["A1"].font = Font(bold=True, color="C00000")
    ws.append(
        [
            f"{spec.label}：每行一条记录；子表（{'、'.join(s.label for s in sheets[1:]) or '无'}）按编号对应主表。"
        ]
    )
    key = "、".join(str(spec.model._meta.get_field(k).verbose_name) for k in natural_key(spec))
    ws.append([f"导入时先按编号匹配已有记录，编号为空时按“{key}”匹配；相同的行不会重复导入。"])
    ws.append(["序号、备注列及表头上方的标题行在导入时忽略。"])
    ws.append([])
    ws.append(["工作表", "列", "是否必填", "格式", "可选值", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT
    for sheet in sheets:
        for col in sheet.columns:
            if col.kind == "org":
                # Each place column has its own note (not the model's help text, shared between them).
                note = ORG_NOTES.get(col.name, "")
            elif col.workflow:
                note = "办理情况（由办理流程产生，导入时按原样登记）"
            elif col.model_field is not None and col.model_field.help_text:
                note = str(col.model_field.help_text)
            else:
                note = ""
            if col.personal:
                note = (note + "；" if note else "") + "个人信息，导出时默认脱敏"
            ws.append(
                [
                    sheet.label,
                    col.header,
                    "必填" if _required(col) else "",
                    col.describe(),
                    _allowed(col, spec, place),
                    note,
                ]
            )
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["D"].width = 40
    ws.column_dimensions["E"].width = 50


def _header(ws, sheet: Sheet) -> None:
    ws.append([c.header for c in sheet.columns])
    for cell, col in zip(ws[1], sheet.columns, strict=True):
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if _required(col) else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = max(10, min(40, len(col.header) * 2 + 4))
    ws.freeze_panes = "A2"


def template(spec, place=None) -> bytes:
    """An empty workbook with the ledger's columns, one sheet per child table, drop-down lists for
    choice columns (categories of `place`: the importing township, or a district) and an explanation."""
    wb = Workbook()
    main = record_sheet(spec)
    sheets = [main, *child_sheets(spec)]
    ws = wb.active
    ws.title = sheet_title(main.label)
    _header(ws, main)
    written = [(ws, main)]
    for sheet in sheets[1:]:
        child_ws = wb.create_sheet(sheet_title(sheet.label))
        _header(child_ws, sheet)
        written.append((child_ws, sheet))
    _explain(wb, spec, sheets, "填写说明", None, place)
    _drop_downs(wb, written, place)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Text a spreadsheet would run as a formula (=HYPERLINK…, +cmd, @SUM…) is written with a leading
# apostrophe, OWASP's advice for CSV/Excel injection; the reader takes it off again on import.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    if value.__class__ is str and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell(col: Column, obj, masked: bool):
    return guard_formula(_value(col, obj, masked))


def _value(col: Column, obj, masked: bool):
    f = col.model_field
    if col.name == "number" and f is None:
        return obj
    kind = col.kind
    value = (
        getattr(obj, f.attname)
        if kind in ("date", "datetime", "integer", "decimal", "bool", "text", "choice", "number")
        else None
    )
    if kind == "number":
        return value
    if kind in ("org", "category", "record", "object"):
        related = getattr(obj, f.name)
        if related is None:
            return None
        if kind == "org":
            return related.name
        if kind == "category":
            return related.label
        if kind == "record":
            return related.number
        return str(related)
    if value is None:
        return None
    if kind == "datetime":
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None, microsecond=0)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "choice":
        return str(dict(f.flatchoices).get(value, value)) if value != "" else None
    if kind == "decimal":
        return value
    if kind == "text":
        if value == "":
            return None
        if masked and col.personal in MASKERS:
            return MASKERS[col.personal](value)
        return value
    return value


def export(spec, queryset, *, masked: bool = True, reveal=None) -> bytes:
    """The records of `queryset` in the template's columns; a masked export says so and import refuses it.

    Unmasked, `reveal(record)` still decides per record: a record the user may not reveal is masked,
    and then the file as a whole is marked masked.
    """
    any_masked = masked
    wb = Workbook(write_only=True)
    main = record_sheet(spec)
    sheets = [main, *child_sheets(spec)]
    related = [c.name for c in main.columns if c.kind in ("org", "category", "record", "object")]
    qs = queryset.select_related(*related).order_by(spec.date_field, "pk")
    ws = wb.create_sheet(sheet_title(main.label))
    ws.append([c.header for c in main.columns])
    pks = []
    hidden = set()
    for obj in qs.iterator(chunk_size=2000):
        pks.append(obj.pk)
        row_masked = masked or (reveal is not None and not reveal(obj))
        if row_masked:
            hidden.add(obj.pk)
        ws.append([_cell(c, obj, row_masked) for c in main.columns])
    any_masked = any_masked or bool(hidden)
    for sheet in sheets[1:]:
        child = sheet.child
        cws = wb.create_sheet(sheet_title(sheet.label))
        cws.append([c.header for c in sheet.columns])
        rel = [c.name for c in sheet.columns[1:] if c.kind in ("org", "category", "record", "object")]
        kids = child.model.objects.filter(**{f"{child.fk_name}__in": pks}).select_related(child.fk_name, *rel)
        for i in range(0, len(pks), 5000):
            part = kids.filter(**{f"{child.fk_name}__in": pks[i : i + 5000]}).order_by(child.fk_name, "pk")
            for kid in part:
                parent = getattr(kid, child.fk_name)
                row_masked = masked or parent.pk in hidden
                cws.append([parent.number] + [_cell(c, kid, row_masked) for c in sheet.columns[1:]])
    info = wb.create_sheet("导出说明")
    masked = any_masked
    if masked:
        info.append([MASK_NOTICE])
    info.append([f"{spec.label}，导出于{timezone.localtime():%Y-%m-%d %H:%M}，共{len(pks)}条"])
    info.append(["个人信息已脱敏" if masked else "含完整个人信息，请妥善保管"])
    if hidden and len(hidden) < len(pks):
        info.append([f"其中{len(hidden)}条不在您可查看完整信息的范围内，已脱敏"])
    wb.custom_doc_props.append(StringProperty(name=MASK_PROPERTY, value="1" if masked else "0"))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
