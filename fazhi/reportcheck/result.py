"""What the check found in one report (the result type shared by the text checks, the comparison
with records and coverage, without importing any of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

PART_KEYS = ("measures", "responsibility", "shortcomings", "plans", "other")
MANDATED_PARTS = ("measures", "responsibility", "shortcomings", "plans")
PART_LABELS = {
    "measures": "主要举措和成效",
    "responsibility": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "shortcomings": "存在的不足和原因",
    "plans": "下一年度主要安排",
    "other": "其他需要报告的情况",
}


def _json_number(value: Decimal | Fraction | None):
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(value.numerator) / Decimal(value.denominator)
    return int(d) if d == d.to_integral_value() else float(d)


# --------------------------------------------------------------------------------------


@dataclass
class Part:
    """A recognised top-level part of the report."""

    key: str
    title: str
    line: int

    def to_json(self) -> dict:
        return {"key": self.key, "title": self.title, "line": self.line}


@dataclass
class Finding:
    """A point found on a line, with the quoted text and what is wrong with it."""

    line: int
    text: str
    problem: str

    def to_json(self) -> dict:
        return {"line": self.line, "text": self.text, "problem": self.problem}


@dataclass
class Rate:
    """A stated percentage with the parts the text builds it from, where found."""

    line: int
    text: str
    stated_percent: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    computed_percent: Decimal | None = None
    ok: bool | None = None

    def to_json(self) -> dict:
        return {
            "line": self.line,
            "text": self.text,
            "numerator": _json_number(self.numerator),
            "denominator": _json_number(self.denominator),
            "stated_percent": _json_number(self.stated_percent),
            "computed_percent": _json_number(self.computed_percent),
            "ok": self.ok,
        }


@dataclass
class Deadline:
    """The submission deadline (1 March of the following year) and whether the report's date meets it."""

    due: dt.date | None
    on_time: bool | None = None
    days_late: int | None = None

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat() if self.due else None,
            "on_time": self.on_time,
            "days_late": self.days_late,
        }


@dataclass
class HeaderItem:
    """One element of the document's header or footer (organs, title, addressee, date, 抄送)."""

    lines: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.lines)

    def add(self, line: int, text: str) -> None:
        self.lines.append(line)
        self.texts.append(text.strip())

    def to_json(self) -> dict:
        return {"present": self.present, "lines": list(self.lines), "texts": list(self.texts)}


HEADER_KEYS = (
    "issuing_organs",
    "doc_number",
    "title",
    "addressee",
    "signature_organs",
    "date",
    "cc",
    "publication",
)


@dataclass
class Publication:
    """Where and when a report was published (from its web copy's lines, or entered by a reviewer)."""

    date: dt.date | None = None
    url: str = ""
    due: dt.date | None = None
    on_time: bool | None = None
    days_late: int | None = None
    source: str | None = None  # "text" (a 发布时间 line) or "reviewer" (entered by hand)
    text_date: dt.date | None = None  # the date the text gives, kept when the reviewer's replaces it

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "source": self.source,
            "text_date": self.text_date.isoformat() if self.text_date else None,
            "due": self.due.isoformat() if self.due else None,
            "on_time": self.on_time,
            "days_late": self.days_late,
        }


@dataclass
class CheckResult:
    """Everything the check found in one report."""

    year: int | None = None
    year_source: str | None = None
    date: dt.date | None = None
    publication: Publication = field(default_factory=Publication)
    deadline: Deadline = field(default_factory=lambda: Deadline(due=None))
    parts: list[Part] = field(default_factory=list)
    missing_parts: list[str] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    enumerations: list[Finding] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    header: dict[str, HeaderItem] = field(default_factory=lambda: {k: HeaderItem() for k in HEADER_KEYS})
    approximations: list[Finding] = field(default_factory=list)
    year_mismatches: list[Finding] = field(default_factory=list)
    copied: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "year_source": self.year_source,
            "date": self.date.isoformat() if self.date else None,
            "deadline": self.deadline.to_json(),
            "publication": self.publication.to_json(),
            "parts": [p.to_json() for p in self.parts],
            "missing_parts": list(self.missing_parts),
            "rates": [r.to_json() for r in self.rates],
            "enumerations": [f.to_json() for f in self.enumerations],
            "figures": list(self.figures),
            "uncovered": list(self.uncovered),
            "header": {k: v.to_json() for k, v in self.header.items()},
            "approximations": [f.to_json() for f in self.approximations],
            "year_mismatches": [f.to_json() for f in self.year_mismatches],
            "copied": list(self.copied),
        }
