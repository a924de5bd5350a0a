"""What an import found and did, and the validated rows it carries from stage to stage."""

from dataclasses import dataclass, field

from fazhi.core.models import LedgerRecord

from .layout import ErrorList, RowError

RECORDS_LISTED = 500  # 编号 a result lists with links (the counts give the whole)


def listed(records) -> list[list]:
    """[编号, id] of the first RECORDS_LISTED records written, for the result's links."""
    out = []
    for rec in records:
        if len(out) == RECORDS_LISTED:
            break
        out.append([rec.number, rec.pk])
    return out


@dataclass
class ImportResult:
    """What an import found and did; nothing was written unless `written`."""

    errors: list[RowError] = field(default_factory=ErrorList)  # capped: only the first N are kept
    total: int = 0
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: int = 0
    conflicts: list[dict] = field(default_factory=list)
    unknown_headers: dict[str, list[str]] = field(default_factory=dict)
    created_records: list[list] = field(default_factory=list)  # [编号, id], see `listed`
    updated_records: list[list] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            shown = "" if self.errors.total == len(self.errors) else f"（仅列出前{len(self.errors)}处）"
            return f"发现{self.errors.total}处错误{shown}，未导入任何记录"
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
            "created_records": [{"number": n, "id": pk} for n, pk in self.created_records],
            "updated_records": [{"number": n, "id": pk} for n, pk in self.updated_records],
            "written": self.written,
            "dry_run": self.dry_run,
            "summary": self.summary(),
        }


@dataclass
class Row:
    """One validated main-sheet row: the unsaved record, its children and where it came from."""

    excel_row: int
    key: str  # the 编号 cell, real or temporary
    number: str | None  # a real 编号 of this township and ledger
    instance: LedgerRecord
    children: dict[str, list] = field(default_factory=dict)
    natural: tuple = ()
