"""The Excel columns of every ledger, derived from its declaration: the same labels as the UI."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from fazhi.core.masking import mask_address, mask_id_number, mask_name, mask_phone
from fazhi.core.models import Category, ChildRecord, LedgerRecord
from fazhi.core.validators import to_half_width
from fazhi.orgs.models import Organisation

MASKERS = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "address": mask_address}
# Columns that real sheets carry and the importer ignores.
IGNORED_HEADERS = {"序号", "备注", "序", "编码序号"}
KEY_HEADER = "编号"


def natural_key(spec) -> tuple[str, ...]:
    """The fields an import matches a row on when it has no 编号 (declared by the ledger)."""
    return spec.natural_key


def sheet_title(label: str) -> str:
    """A label as Excel allows a sheet to be named (no / \\ ? * [ ] :, at most 31 characters)."""
    return re.sub(r"[/\\?*\[\]:]", "、", label)[:31]


def normalize_header(value) -> str:
    text = to_half_width("" if value is None else str(value))
    return "".join(text.split()).replace("(", "（").replace(")", "）")


@dataclass
class Column:
    """One Excel column: a model field, its header (the UI label) and how it is read and written."""

    name: str  # model field name, or "number"
    header: str
    model_field: models.Field | None
    required: bool = False
    personal: str | None = None  # mask kind
    workflow: bool = False  # set by transitions in the UI; imported as recorded
    aliases: tuple[str, ...] = ()

    @cached_property
    def kind(self) -> str:
        f = self.model_field
        if self.name == "number":
            return "number"
        if f is None:
            return "text"
        if f.is_relation:
            model = f.related_model
            if model is Organisation:
                return "org"
            if model is Category:
                return "category"
            if issubclass(model, LedgerRecord):
                return "record"
            return "object"
        if isinstance(f, models.DateTimeField):
            return "datetime"
        if isinstance(f, models.DateField):
            return "date"
        if isinstance(f, models.BooleanField):
            return "bool"
        if isinstance(f, models.DecimalField):
            return "decimal"
        if isinstance(f, (models.IntegerField, models.FloatField)):
            return "integer"
        if f.choices:
            return "choice"
        return "text"

    @property
    def header_required(self) -> bool:
        """A sheet must have this column: its value is required and has no default."""
        return self.required and (
            self.model_field is None or self.name == "number" or not self.model_field.has_default()
        )

    def describe(self) -> str:
        """The format of the column as the explanation sheet states it."""
        f = self.model_field
        return {
            "number": "已有记录的编号；新记录可留空，或填临时编号（如 1、2）以便子表对应",
            "org": "名称，可省略“村”“社区”后缀",
            "category": "下列类别之一（名称）",
            "record": "所引用记录的编号",
            "object": "按系统显示的名称填写",
            "datetime": "日期时间，如 2023-05-06 14:30",
            "date": "日期，如 2023-05-06、2023.5.6、2023/5/6、2023年5月6日",
            "bool": "是 / 否",
            "decimal": f"数字，最多{getattr(f, 'decimal_places', 2)}位小数",
            "integer": "整数",
            "choice": "下列选项之一",
            "text": f"文字，最多{f.max_length}字" if f is not None and f.max_length else "文字",
        }[self.kind]


@dataclass
class Sheet:
    """The columns of the ledger's main sheet or of one child sheet."""

    label: str
    columns: list[Column]
    child: object | None = None
    by_header: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self):
        for col in self.columns:
            for h in (col.header, *col.aliases):
                self.by_header.setdefault(normalize_header(h), col)


def _column(model, name, *, required_fields, personal, workflow=False) -> Column:
    f = model._meta.get_field(name)
    header = str(f.verbose_name)
    required = name in required_fields
    return Column(name, header, f, required=required, personal=personal.get(name), workflow=workflow)


def record_sheet(spec) -> Sheet:
    model = spec.model
    required = {n for n in spec.fields if not model._meta.get_field(n).blank} | {"township"}
    cols = [Column("number", KEY_HEADER, model._meta.get_field("number"))]
    cols.append(
        Column("township", "乡镇", model._meta.get_field("township"), aliases=("乡镇（街道）", "乡镇/街道"))
    )
    if spec.uses_village:
        cols.append(
            Column(
                "village",
                "村/社区",
                model._meta.get_field("village"),
                aliases=("村（社区）", "村居", "村", "社区"),
            )
        )
    if spec.uses_group:
        cols.append(Column("group", "村民小组", model._meta.get_field("group"), aliases=("组", "小组")))
    for name in spec.fields:
        cols.append(_column(model, name, required_fields=required, personal=spec.personal))
    for name in spec.workflow_fields:
        cols.append(_column(model, name, required_fields=(), personal=spec.personal, workflow=True))
    _dedupe(cols)
    return Sheet(spec.label, cols)


def child_sheets(spec) -> list[Sheet]:
    sheets = []
    for child in spec.children:
        model = child.model
        required = {n for n in child.fields if not model._meta.get_field(n).blank}
        cols = [Column("number", KEY_HEADER, None, required=True)]
        cols += [_column(model, n, required_fields=required, personal=child.personal) for n in child.fields]
        _dedupe(cols)
        sheets.append(Sheet(child.label, cols, child=child))
    return sheets


def _dedupe(cols: list[Column]) -> None:
    seen: dict[str, int] = {}
    for col in cols:
        n = seen.get(col.header, 0)
        seen[col.header] = n + 1
        if n:
            col.header = f"{col.header}（{n + 1}）"


def is_child_model(model) -> bool:
    return issubclass(model, ChildRecord)
