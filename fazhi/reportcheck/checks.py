"""The report check: structure, approximations, rates, enumerations, dates and years of a report."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor

from fazhi.reportcheck.loader import Paragraph, ReportText, normalise_line
from fazhi.reportcheck.years import (
    body_year,
    is_publication_line,
    publication_date,
    publication_due,
    year_from_date,
    year_in,
)

PART_KEYS = ("measures", "responsibility", "shortcomings", "plans", "other")
MANDATED_PARTS = ("measures", "responsibility", "shortcomings", "plans")
PART_LABELS = {
    "measures": "主要举措和成效",
    "responsibility": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "shortcomings": "存在的不足和原因",
    "plans": "下一年度主要安排",
    "other": "其他需要报告的情况",
}

# --- numerals ------------------------------------------------------------------------------------

CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万"
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """Parse a Chinese numeral (十二, 一百二十, 三万五千); None if it is not a well-formed number."""
    if not text:
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = cn_to_int(high) if high else 1
        low_value = cn_to_int(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    total, digit, last_was_digit = 0, None, False
    for ch in text:
        if ch in _CN_DIGIT:
            # Two digits in a row (七五, 三一) are a name or code, not a number; 零 may follow a unit.
            if last_was_digit:
                return None
            digit, last_was_digit = _CN_DIGIT[ch], ch not in "〇零"
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit, last_was_digit = None, False
        else:
            return None
    return total + (digit or 0)


def cn_digits_to_int(text: str) -> int | None:
    """Digit-by-digit Chinese numerals as used for years: 二〇二四 → 2024."""
    if not text or any(ch not in _CN_DIGIT or ch == "两" for ch in text):
        return None
    return int("".join(str(_CN_DIGIT[ch]) for ch in text))


def parse_number(text: str) -> Decimal | None:
    """An Arabic (1,234 / 98.3) or Chinese (三十六) number."""
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    value = cn_to_int(text)
    return None if value is None else Decimal(value)


def _json_number(value: Decimal | Fraction | None):
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(value.numerator) / Decimal(value.denominator)
    return int(d) if d == d.to_integral_value() else float(d)


_CN_SMALL = "一二三四五六七八九十"


def cn_label(n: int) -> str:
    """1 → 一 … 99 → 九十九, for messages."""
    if 1 <= n <= 10:
        return _CN_SMALL[n - 1]
    if n < 20:
        return "十" + _CN_SMALL[n - 11]
    if n < 100:
        return _CN_SMALL[n // 10 - 1] + "十" + (_CN_SMALL[n % 10 - 1] if n % 10 else "")
    return str(n)


# --- dates ---------------------------------------------------------------------------------------

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(_YEAR + "年" + _MD + "月" + _MD + "日")
DATE_LINE_RE = re.compile("^" + DATE_RE.pattern + r"(?:\(.*\))?$")
YEAR_RE = re.compile(_YEAR + "年")


def _year_value(text: str) -> int | None:
    value = int(text) if text.isdigit() else cn_digits_to_int(text)
    return value if value and 1990 <= value <= 2100 else None


def _small_value(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_date(match: re.Match) -> dt.date | None:
    year, month, day = _year_value(match.group(1)), _small_value(match.group(2)), _small_value(match.group(3))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- result --------------------------------------------------------------------------------------


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

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
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


# --- headings and parts --------------------------------------------------------------------------

_CN_SEQ = "一二三四五六七八九十"
L1_RE = re.compile(rf"^([{_CN_SEQ}]{{1,3}})[、.]")
L2_RE = re.compile(rf"^\(([{_CN_SEQ}]{{1,3}})\)")
# "第一部分 主要举措和成效": a top-level heading written out.
LP_RE = re.compile(rf"^第([{_CN_SEQ}]{{1,3}})部分[、.:]?")
# "一)": a top-level heading, or a subsection whose opening bracket was lost in a web copy.
L12_RE = re.compile(rf"^([{_CN_SEQ}]{{1,3}})\)")
_LEVEL_1_OR_2 = 12
# "1.5万" is a number, but "1.2024年…" is item 1 about 2024.
L3_RE = re.compile(r"^(\d{1,2})[.、](?:(?!\d)|(?=\d{4}年))")
L4_RE = re.compile(r"^\((\d{1,2})\)")
LEVEL_LABELS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}

# Recognised by meaning; checked in this order since a heading may share words with a later key.
PART_PATTERNS = (
    ("responsibility", re.compile(r"第一责任人|主要负责人|履行.{0,16}职责|履职|法治建设.{0,4}责任")),
    (
        "shortcomings",
        re.compile(r"不足|存在的?(?:困难和|困难与|困难及)?问题|问题(?:及|和|与)?原因|困难|短板|薄弱|差距"),
    ),
    ("plans", re.compile(r"安排|打算|计划|思路|下一步|下步|工作重点|展望|努力方向")),
    ("other", re.compile(r"其他需要|其他事项|其他情况|其他需报告")),
    ("measures", re.compile(r"举措|成效|主要工作|开展情况|做法|工作情况|进展|成果|主要工作")),
)


def classify_part(title: str) -> str | None:
    for key, pattern in PART_PATTERNS:
        if pattern.search(title):
            return key
    return None


def classify_parts(title: str) -> list[str]:
    """The parts a heading covers: "存在的问题及下一步工作打算" is both shortcomings and plans."""
    key = classify_part(title)
    if key == "shortcomings":
        pieces = re.split(r"及|和|与|暨|以及|、", title)
        if any(classify_part(piece) == "plans" for piece in pieces[1:]):
            return ["shortcomings", "plans"]
    return [key] if key else []


@dataclass
class Heading:
    """A numbered heading found at the start of a paragraph."""

    level: int
    value: int | None
    para: Paragraph
    label_end: int


def find_headings(paragraphs: list[Paragraph]) -> list[Heading]:
    """Numbered headings at paragraph starts, with "一)" resolved against the numbering in use."""
    raw: list[tuple[int, int | None, Paragraph, int]] = []
    for para in paragraphs:
        norm = para.norm
        for level, regex in (
            (1, LP_RE),
            (1, L1_RE),
            (2, L2_RE),
            (_LEVEL_1_OR_2, L12_RE),
            (3, L3_RE),
            (4, L4_RE),
        ):
            m = regex.match(norm)
            if not m:
                continue
            value = int(m.group(1)) if level in (3, 4) else cn_to_int(m.group(1))
            # A long "一、…。" paragraph is a list item in running text, not a heading.
            if level == 1 and len(norm) > 60 and "。" in norm:
                break
            raw.append((level, value, para, m.end()))
            break
    has_l1 = any(level == 1 for level, *_ in raw)
    headings = []
    for level, value, para, end in raw:
        if level == _LEVEL_1_OR_2:
            level = 2 if has_l1 else 1
        headings.append(Heading(level=level, value=value, para=para, label_end=end))
    return headings


def _heading_title(heading: Heading) -> str:
    para = heading.para
    return para.quote(0, len(para.norm))


# --- the check -----------------------------------------------------------------------------------


def check_text(report: ReportText, *, today: dt.date | None = None) -> CheckResult:
    """Check a report's text; `today` is reserved for callers judging undated reports."""
    result = CheckResult()
    paragraphs = report.paragraphs
    headings = find_headings(paragraphs)
    body_start = _find_header(report, result)
    _find_parts(paragraphs, headings, body_start, result)
    _find_date(report, result)
    _find_year(result, [p for p in paragraphs if p.line >= body_start][:6])
    _judge_deadlines(result)
    _check_year_mismatches(headings, result)
    heading_lines = {h.para.line for h in headings}
    enumeration: dict = {}
    for para in paragraphs:
        if para.line < body_start:
            continue
        result.approximations.extend(check_approximations(para))
        result.rates.extend(check_rates(para))
        if para.line in heading_lines:
            enumeration = {}  # a heading starts a new list
        result.enumerations.extend(check_shi_clauses(para, enumeration))
    result.enumerations.extend(check_heading_sequences(headings))
    result.enumerations.sort(key=lambda f: f.line)
    if result.parts:
        from fazhi.reportcheck.coverage import check_areas

        check_areas(result, [p for p in paragraphs if p.line >= body_start])
    return result


def _find_header(report: ReportText, result: CheckResult) -> int:
    """Fill the header elements; return the line number where the body (after the title) starts."""
    header = result.header
    lines = []
    for ln in report.lines:
        if not ln.norm:
            continue
        if is_publication_line(ln.norm):
            header["publication"].add(ln.number, ln.display)
            result.publication.date = result.publication.date or publication_date(ln.norm)
            continue
        lines.append(ln)
    first_heading = next(
        (
            i
            for i, ln in enumerate(lines)
            if L1_RE.match(ln.norm) or L12_RE.match(ln.norm) or LP_RE.match(ln.norm)
        ),
        len(lines),
    )
    title_index = None
    for i, ln in enumerate(lines[: min(first_heading, 20)]):
        if re.match(r"^《?关于", ln.norm) and "报告" in "".join(x.norm for x in lines[i : i + 3]):
            title_index = i
            for part in lines[i : i + 3]:
                header["title"].add(part.number, part.display)
                if "报告" in part.norm:
                    break
            break
    if title_index is None:
        title_index = next(
            (
                i
                for i, ln in enumerate(lines[: min(first_heading, 20)])
                if _TITLE_TAIL_RE.sub("", ln.norm).rstrip("》").endswith("报告")
            ),
            None,
        )
        if title_index is not None:
            # A title wrapped over two lines ("…关于2024年度法治政府建设" / "工作的报告").
            first = title_index
            if title_index > 0 and _wrapped_title_head(lines[title_index - 1].norm):
                first = title_index - 1
            for ln in lines[first : title_index + 1]:
                header["title"].add(ln.number, ln.display)
            title_index = first
    before_title = lines[:title_index] if title_index is not None else lines[: min(first_heading, 8)]
    for ln in before_title:
        if len(ln.norm) <= 30 and re.search(r"(?:委员会|人民政府|党委|政府|办事处)(?:文件)?$", ln.norm):
            header["issuing_organs"].add(ln.number, ln.display)
        elif re.search(r"[〔\[(]\d{4}[〕\])]\d+号", ln.norm):
            header["doc_number"].add(ln.number, ln.display)
    after_title_index = (title_index + len(header["title"].lines)) if title_index is not None else 0
    for ln in lines[after_title_index : after_title_index + 4]:
        if len(ln.norm) <= 40 and ln.norm.endswith(":") and not L1_RE.match(ln.norm):
            header["addressee"].add(ln.number, ln.display)
            break

    # The footer: the last standalone date before 抄送, organs just above it.
    cc_index = next((i for i, ln in enumerate(lines) if ln.norm.startswith("抄送")), None)
    if cc_index is not None:
        header["cc"].add(lines[cc_index].number, lines[cc_index].display)
    end = cc_index if cc_index is not None else len(lines)
    date_index = next(
        (
            i
            for i in range(end - 1, max(first_heading, after_title_index) - 1, -1)
            if DATE_LINE_RE.match(lines[i].norm)
        ),
        None,
    )
    if date_index is not None:
        header["date"].add(lines[date_index].number, lines[date_index].display)
        organ_zone = lines[max(date_index - 4, 0) : date_index]
    else:
        organ_zone = lines[max(end - 4, 0) : end]
    for ln in organ_zone:
        if len(ln.norm) <= 30 and re.search(r"(?:委员会|人民政府|党委|政府|办事处)$", ln.norm):
            header["signature_organs"].add(ln.number, ln.display)
    if header["addressee"].present:
        return header["addressee"].lines[-1] + 1
    if header["title"].present:
        return header["title"].lines[-1] + 1
    return 1


_TITLE_TAIL_RE = re.compile(r"\([^()]*\)$")


def _wrapped_title_head(norm: str) -> bool:
    """The first line of a wrapped title: names the work, no sentence punctuation, not an organ line."""
    if _has_sentence_punct(norm) or len(norm) > 40:
        return False
    if re.search(r"(?:委员会|人民政府|党委|政府|办事处)(?:文件)?$", norm) or re.search(r"\d+号$", norm):
        return False
    return "关于" in norm or "法治" in norm


def _has_sentence_punct(norm: str) -> bool:
    return bool(re.search(r"[。,;:!?]", norm))


def _find_parts(
    paragraphs: list[Paragraph], headings: list[Heading], body_start: int, result: CheckResult
) -> None:
    top = [h for h in headings if h.level == 1 and h.para.line >= body_start]
    if top:
        for h in top:
            for key in classify_parts(h.para.norm[h.label_end :]) or ["other"]:
                result.parts.append(Part(key=key, title=_heading_title(h), line=h.para.line))
    else:
        # Unnumbered headings: short lines without sentence punctuation that name a part.
        for para in paragraphs:
            if para.line < body_start or len(para.norm) > 40 or re.search(r"[。,;:]", para.norm):
                continue
            if L2_RE.match(para.norm) or L3_RE.match(para.norm) or DATE_LINE_RE.match(para.norm):
                continue
            for key in classify_parts(para.norm):
                result.parts.append(Part(key=key, title=para.quote(0, len(para.norm)), line=para.line))
    if not result.parts:
        # Some reports number their parts (一)(二)… with nothing above them.
        for h in headings:
            key = classify_part(h.para.norm[h.label_end :]) if h.level == 2 else None
            if key and h.para.line >= body_start:
                result.parts.append(Part(key=key, title=_heading_title(h), line=h.para.line))
    found = {p.key for p in result.parts}
    result.missing_parts = [k for k in MANDATED_PARTS if k not in found]


def _find_year(result: CheckResult, opening: list[Paragraph]) -> None:
    """The report's year: title, part headings, the body's opening, then the date."""
    title = normalise_line("".join(result.header["title"].texts))[0]
    year, source = year_in(title), "title"
    if year is None:
        source = "part"
        for part in result.parts:
            stated = year_in(normalise_line(part.title)[0])
            if stated:
                year = stated - 1 if part.key == "plans" else stated
                break
    if year is None:
        year, source = body_year([p.norm for p in opening]), "body"
    if year is None:
        year, source = year_from_date(result.date), "date"
    result.year, result.year_source = year, (source if year else None)


def _find_date(report: ReportText, result: CheckResult) -> None:
    header_date = result.header["date"]
    date = None
    if header_date.present:
        m = DATE_RE.search(normalise_line(header_date.texts[0])[0])
        date = parse_date(m) if m else None
    if date is None:
        # No date line: any full date in the closing lines, the 印发 date only as a last resort.
        tail = [ln for ln in report.lines if ln.norm][-8:]
        candidates = []
        for ln in tail:
            for m in DATE_RE.finditer(ln.norm):
                d = parse_date(m)
                if d:
                    candidates.append(("印发" in ln.norm, ln.number, d))
        plain = [c for c in candidates if not c[0]]
        pick = (plain or candidates)[-1:] if candidates else []
        if pick:
            date = pick[0][2]
            if not header_date.present:
                line = next(ln for ln in report.lines if ln.number == pick[0][1])
                header_date.add(line.number, line.display)
    result.date = date


def _judge_deadlines(result: CheckResult) -> None:
    """Submission by 1 March and publication by 1 April of the year after the report's year."""
    date = result.date
    if result.year is not None:
        pub = result.publication
        pub.due = publication_due(result.year)
        if pub.date is not None:
            pub.on_time = pub.date <= pub.due
            pub.days_late = max((pub.date - pub.due).days, 0)
        due = dt.date(result.year + 1, 3, 1)
        result.deadline = Deadline(due=due)
        if date is not None:
            late = (date - due).days
            result.deadline.on_time = late <= 0
            result.deadline.days_late = max(late, 0)


def _check_year_mismatches(headings: list[Heading], result: CheckResult) -> None:
    if result.year is None:
        return
    for part in result.parts:
        for m in YEAR_RE.finditer(normalise_line(part.title)[0]):
            stated = _year_value(m.group(1))
            if stated is None:
                continue
            expected = result.year + 1 if part.key == "plans" else result.year
            if stated != expected:
                what = "下一年度的安排" if part.key == "plans" else "本年度的情况"
                result.year_mismatches.append(
                    Finding(
                        line=part.line,
                        text=part.title,
                        problem=f"报告年度为{result.year}年，此部分写{what}，应为{expected}年，实写{stated}年",
                    )
                )


# --- approximations ------------------------------------------------------------------------------

APPROX_RE = re.compile(rf"(\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)(万|亿)?余")


def approximation_problem(value: Decimal) -> str | None:
    """The convention (display.format_approx): 余 only from 10 up, after a number rounded down to
    tens, or to hundreds from 1,000 (283 → "280余", 1234 → "1200余")."""
    if value < 10:
        return f"“余”不用于10以下的数，应写确数（{_json_number(value)}）"
    step = 10 if value < 1000 else 100
    if value % step:
        rounded = int(value // step * step)
        return f"“余”前的数应取整到{'十' if step == 10 else '百'}位，如“{rounded}余”"
    return None


def check_approximations(para: Paragraph) -> list[Finding]:
    findings = []
    for m in APPROX_RE.finditer(para.norm):
        value = parse_number(m.group(1))
        if value is None:
            continue
        value *= {"万": 10000, "亿": 100000000}.get(m.group(2) or "", 1)
        problem = approximation_problem(value)
        if problem:
            unit = re.match(rf"(?:{UNITS}|[\u4e00-\u9fff])", para.norm[m.end() :])
            end = m.end() + (unit.end() if unit else 0)
            findings.append(Finding(para.sentence_line(m.start()), para.quote(m.start(), end), problem))
    return findings


# --- rates ---------------------------------------------------------------------------------------

PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)%")
# The rate's name just before the figure, allowing a short verb (达, 达到, 均为, 保持在).
RATE_NAME_RE = re.compile(r"([\u4e00-\u9fff]{0,8}(?:率|占比))([^,;:。!?%\d率()]{0,5})$")
_CHANGE_WORDS = re.compile(r"提高|提升了|增长|下降|上升|同比|增加|减少")
UNITS = "件次|人次|户次|场次|件|次|人|名|个|起|宗|场|户|家|所|份|批|项|条|期|位|例|笔|单|篇"
COUNT_RE = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)(万)?({UNITS})")
_COUNT_BOUNDARY = ",;:。!?()%"

# rate name → (numerator words, denominator words); the longest word matching a count's lead-in decides.
RATE_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "调解成功率": (("调解成功", "成功调解", "成功", "达成协议"), ("调解", "受理", "排查")),
    "调处成功率": (("调处成功", "成功调处", "成功"), ("调处", "受理", "排查")),
    "化解率": (
        ("化解", "成功化解", "调处成功", "调解成功", "成功调解", "成功调处"),
        ("受理", "排查", "摸排", "收到", "接到", "登记", "发现"),
    ),
    "调处率": (("调处",), ("受理", "排查", "收到")),
    "参考率": (("参考", "实考", "实际参考", "参加考试", "实际参加"), ("应考", "应参考", "应参加", "报名")),
    "参学率": (("参学", "实际参学", "参加学习"), ("应参学", "应学")),
    "通过率": (("通过", "考试通过", "合格"), ("参考", "实考", "实际参考", "参加考试", "实际参加")),
    "合格率": (("合格", "考试合格", "通过"), ("参考", "实考", "实际参考", "参加考试", "实际参加")),
    "出庭应诉率": (
        ("出庭应诉", "出庭"),
        ("开庭", "应诉案件", "行政诉讼案件", "行政诉讼", "应出庭", "被诉", "应诉"),
    ),
    "办结率": (
        ("办结", "按时办结", "按期办结", "及时办结"),
        ("受理", "收到", "交办", "登记", "接收", "转办", "办理", "接到"),
    ),
    "及时率": (("及时", "按时", "按期"), ("受理", "收到", "交办", "登记", "接收", "转办")),
    "答复率": (("按期答复", "按时答复", "及时答复"), ("答复", "办结", "办理")),
    "公示率": (("按期公示", "按时公示", "公示"), ("执法决定", "作出决定", "决定")),
    "满意率": (("满意", "表示满意"), ("回访", "测评", "调查", "评价", "参评")),
    "整改率": (("整改到位", "完成整改", "已整改", "整改"), ("发现", "反馈", "交办", "收到", "涉及", "指出")),
    "完成率": (("完成", "已完成"), ("计划", "交办", "下达", "任务")),
    "落实率": (("落实", "已落实"), ("交办", "涉及", "收到")),
    "受理率": (("受理",), ("申请", "收到", "接到")),
    "覆盖率": (("覆盖", "配备", "建成", "设立"), ("共有", "辖区", "全镇")),
}
_UNIT_FAMILY = {"件次": "件", "人次": "人", "名": "人", "户次": "户", "场次": "场"}


@dataclass
class Count:
    """A number with its measure word, and the words leading up to it in its clause."""

    start: int
    end: int
    value: Decimal
    unit: str
    lead_start: int
    lead: str


def find_counts(norm: str) -> list[Count]:
    counts = []
    for m in COUNT_RE.finditer(norm):
        raw = m.group(1)
        value = parse_number(raw)
        if value is None:
            continue
        # 一村一, 两个维护: a Chinese numeral glued to more numerals or letters is a name, not a count.
        if not raw[0].isdigit() and m.end() < len(norm) and norm[m.end()] in CN_NUM_CHARS:
            continue
        if m.group(2):
            value *= 10000
        k = m.start()
        while k > 0 and norm[k - 1] not in _COUNT_BOUNDARY and not (counts and k <= counts[-1].end):
            k -= 1
        counts.append(Count(m.start(), m.end(), value, m.group(3), k, norm[k : m.start()]))
    return counts


def _rate_key(name: str) -> str | None:
    for key in sorted(RATE_PARTS, key=len, reverse=True):
        if key in name:
            return key
    return None


def _role(count: Count, key: str | None) -> str | None:
    if key is None:
        return None
    num_words, den_words = RATE_PARTS[key]
    num = max((len(w) for w in num_words if w in count.lead), default=0)
    den = max((len(w) for w in den_words if w in count.lead), default=0)
    if num > den:
        return "num"
    if den > num:
        return "den"
    return None


def expected_percent(numerator: Decimal, denominator: Decimal, decimals: int) -> Decimal:
    """The percentage as it should be written at `decimals` places: half-up, and 100%/0% only when exact."""
    exact = Fraction(numerator) * 100 / Fraction(denominator)
    scale = 10**decimals
    rounded = Fraction(floor(exact * scale + Fraction(1, 2)), scale)
    if rounded == 100 and exact != 100:
        rounded = 100 - Fraction(1, scale)
    elif rounded == 0 and exact != 0:
        rounded = Fraction(1, scale)
    return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(Decimal(1).scaleb(-decimals))


def _nearest(counts: list[Count], below: int, floor_start: int, role: str, key: str | None):
    """The last of counts[:below] starting at or after `floor_start` that plays `role` in the rate."""
    for j in range(below - 1, -1, -1):
        c = counts[j]
        if c.start < floor_start:
            return None, j
        if _role(c, key) == role:
            return c, j
    return None, 0


def check_rates(para: Paragraph) -> list[Rate]:
    norm = para.norm
    counts = find_counts(norm)
    ends = [c.end for c in counts]
    rates = []
    previous_end = 0
    for m in PERCENT_RE.finditer(norm):
        prefix = norm[max(previous_end, m.start() - 20) : m.start()]
        name_match = RATE_NAME_RE.search(prefix)
        if not name_match or _CHANGE_WORDS.search(name_match.group(2)):
            continue
        name_start = m.start() - len(prefix) + name_match.start()
        key = _rate_key(name_match.group(1))
        sentence_start = para.sentence_start(m.start())
        # A semicolon closes a clause group: counts before it belong to other rates.
        group_start = max(sentence_start, norm.rfind(";", sentence_start, m.start()) + 1)
        window_start = max(previous_end, group_start)
        # Without a semicolon the sentence before may state the total ("全年受理40件。其中调处38件…").
        den_floor = group_start
        if group_start == sentence_start:
            den_floor = para.sentence_start(max(sentence_start - 1, 0))
        below = bisect.bisect_right(ends, name_start)
        numerator, at = _nearest(counts, below, window_start, "num", key)
        denominator = None
        if numerator is not None:
            denominator, _ = _nearest(counts, at, den_floor, "den", key)
        elif key is None:
            # Unknown wording: two counts of the same kind in the clause group, the later one the part.
            # (A known rate whose parts are not written stays unverifiable rather than guessed.)
            in_window = [c for c in counts[max(below - 2, 0) : below] if c.start >= window_start]
            if len(in_window) >= 2:
                first, second = in_window[-2], in_window[-1]
                same_unit = _UNIT_FAMILY.get(first.unit, first.unit) == _UNIT_FAMILY.get(
                    second.unit, second.unit
                )
                if same_unit and 0 < second.value <= first.value and _role(first, key) != "num":
                    numerator, denominator = second, first
        stated = Decimal(m.group(1))
        decimals = -stated.as_tuple().exponent if "." in m.group(1) else 0
        rate = Rate(line=0, text="", stated_percent=stated)
        text_start = name_start
        if numerator is not None:
            rate.numerator = numerator.value
            text_start = numerator.lead_start
        if denominator is not None:
            rate.denominator = denominator.value
            text_start = min(text_start, denominator.lead_start)
        if rate.numerator is not None and rate.denominator:
            rate.computed_percent = expected_percent(rate.numerator, rate.denominator, decimals)
            rate.ok = rate.computed_percent == stated and rate.numerator <= rate.denominator
        rate.text = para.quote(text_start, m.end())
        rate.line = para.sentence_line(text_start)
        rates.append(rate)
        previous_end = m.end()
    return rates


# --- enumerations --------------------------------------------------------------------------------

_QUOTED_RE = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"|‘[^’]*’")
_CLAUSE_START_RE = re.compile(rf"(?:^|(?<=[,;:。!?]))([{_CN_SEQ}]{{1,3}})(是)?")
# What follows a numeral that makes it a word (三项制度, 二十大, 一站式, 五星) rather than an enumeration.
_NUMERAL_WORD_NEXT = set(
    "项个次件名人位村会站星大化心严型级年月日号批类种支条家户场期轮方点线网室堂本册万千百亿成倍届周天些部所"
    "张元份组队套篇门层段片岗员长委道代头步体维联环中基季农资务查改清好风下治老稳保进规小审定"
)


def _mask_quotes(norm: str) -> str:
    return _QUOTED_RE.sub(lambda m: "□" * len(m.group(0)), norm)


def _clause_text(para: Paragraph, start: int) -> str:
    end = start
    while end < len(para.norm) and para.norm[end] not in ",;。!?" and end - start < 30:
        end += 1
    return para.quote(start, end)


def _missing_shi(last: int, value: int) -> str:
    label = cn_label(value)
    return f"“{cn_label(last)}是”之后的分句以“{label}”开头，缺少“是”，应为“{label}是”"


def check_shi_clauses(para: Paragraph, state: dict | None = None) -> list[Finding]:
    """一是…二是… within a paragraph, or across paragraphs when each item is its own paragraph
    (`state` carries the last number from one paragraph to the next): a missing 是, a skipped,
    repeated or reordered number."""
    norm = _mask_quotes(para.norm)
    findings = []
    state = {} if state is None else state
    last: int | None = state.get("last")
    for m in _CLAUSE_START_RE.finditer(norm):
        value = cn_to_int(m.group(1))
        if value is None:
            continue
        start = m.start(1)
        line = para.sentence_line(start)
        if m.group(2):
            if value == 1:
                last = 1
                continue
            if last is None:
                continue
            held = state.pop("bare", None)
            if value == last:
                problem = f"“{cn_label(value)}是”重复"
            elif value == last + 2 and held and held[0] == last + 1:
                # "二规范…" looked like a word (二规); the jump to 三是 shows it was item 二.
                findings.append(Finding(held[2], held[3], _missing_shi(last, held[0])))
                last = value
                continue
            elif value > last + 1:
                missing = "、".join(f"“{cn_label(v)}是”" for v in range(last + 1, value))
                problem = f"“{cn_label(last)}是”之后缺少{missing}，直接出现“{cn_label(value)}是”"
            elif value < last:
                problem = f"“{cn_label(value)}是”出现在“{cn_label(last)}是”之后，顺序颠倒"
            else:
                last = value
                continue
            findings.append(Finding(line, _clause_text(para, start), problem))
            last = max(last, value)
            continue
        if last is None or value != last + 1:
            continue
        following = norm[m.end() : m.end() + 1]
        if not following:
            continue
        if following in _NUMERAL_WORD_NEXT:
            state["bare"] = (value, start, line, _clause_text(para, start))
            continue
        findings.append(Finding(line, _clause_text(para, start), _missing_shi(last, value)))
        last = value
    state["last"] = last
    return findings


def check_heading_sequences(headings: list[Heading]) -> list[Finding]:
    """Gaps, repeats and wrong order in 一、/(一)/1./(1) numbering, restarting under each parent."""
    findings = []
    last: dict[int, int] = {}
    for h in headings:
        if h.value is None:
            continue
        for deeper in [k for k in last if k > h.level]:
            del last[deeper]
        fmt = LEVEL_LABELS[h.level]
        if h.para.norm.startswith("第") and h.level == 1:
            fmt = "第{}部分"
        elif h.level in (1, 3):
            # Quote the document's own separator (一、 or 一. / 1. or 1、).
            fmt = "{}" + h.para.norm[h.label_end - 1]

        def label(n: int, fmt: str = fmt, level: int = h.level) -> str:
            return fmt.format(n if level in (3, 4) else cn_label(n))

        previous = last.get(h.level, 0)
        problem = None
        if h.value == previous + 1:
            pass
        elif h.value == previous:
            problem = f"序号“{label(h.value)}”重复"
        elif h.value > previous + 1:
            missing = "、".join(f"“{label(v)}”" for v in range(previous + 1, h.value))
            problem = f"序号“{label(h.value)}”之前缺少{missing}"
        else:
            problem = f"序号“{label(h.value)}”出现在“{label(previous)}”之后，顺序颠倒"
        if problem:
            findings.append(Finding(h.para.line, _clause_text(h.para, 0), problem))
        last[h.level] = max(previous, h.value)
    return findings


# --- rendering -----------------------------------------------------------------------------------


def _fmt_pct(value) -> str:
    return f"{_json_number(value)}%"


def format_text(result: CheckResult) -> str:
    """A plain-text rendering of the findings, in Chinese, each with its line and quoted text."""
    out: list[str] = []
    out.append(f"报告年度：{result.year}年" if result.year else "报告年度：未能识别")
    if result.date:
        d = result.date
        line = f"报告日期：{d.year}年{d.month}月{d.day}日"
    else:
        line = "报告日期：未找到"
    due = result.deadline.due
    if due:
        line += f"；报送截止：{due.year}年{due.month}月{due.day}日"
        if result.deadline.on_time is True:
            line += "，按时"
        elif result.deadline.on_time is False:
            line += f"，逾期{result.deadline.days_late}天"
    out.append(line)

    out.append("")
    out.append("一、报告结构")
    for part in result.parts:
        out.append(f"  第{part.line}行 {PART_LABELS[part.key]}：“{part.title}”")
    if result.missing_parts:
        out.append("  缺少：" + "；".join(PART_LABELS[k] for k in result.missing_parts))
    elif result.parts:
        out.append("  规定的四个部分齐全")
    names = {
        "issuing_organs": "发文机关",
        "doc_number": "发文字号",
        "title": "标题",
        "addressee": "主送机关",
        "signature_organs": "署名机关",
        "date": "成文日期",
        "cc": "抄送",
        "publication": "发布信息",
    }
    for key, item in result.header.items():
        if item.present:
            where = "、".join(f"第{n}行" for n in item.lines)
            out.append(f"  {names[key]}：{where}“{' '.join(item.texts)}”")
        else:
            out.append(f"  {names[key]}：未找到")

    sections = [
        ("二、年份", result.year_mismatches),
        ("三、约数", result.approximations),
        ("四、序号", result.enumerations),
    ]
    for title, findings in sections:
        out.append("")
        out.append(title)
        if not findings:
            out.append("  未发现问题")
        for f in findings:
            out.append(f"  第{f.line}行“{f.text}”：{f.problem}")

    out.append("")
    out.append("五、比率")
    if not result.rates:
        out.append("  未发现比率")
    for r in result.rates:
        if r.ok is None:
            verdict = "未写明分子分母，无法核对"
        elif r.ok:
            verdict = f"{_json_number(r.numerator)}/{_json_number(r.denominator)}，计算相符"
        else:
            verdict = (
                f"{_json_number(r.numerator)}/{_json_number(r.denominator)}，"
                f"应为{_fmt_pct(r.computed_percent)}，写作{_fmt_pct(r.stated_percent)}，不相符"
            )
        out.append(f"  第{r.line}行“{r.text}”：{verdict}")

    out.append("")
    out.append("六、与台账数据比对")
    if not result.figures:
        out.append("  未比对（未指定乡镇，或未找到与统计口径对应的数字）")
    for f in result.figures:
        out.append(f"  第{f['line']}行“{f['text']}”：{figure_verdict(f)}")

    out.append("")
    out.append("七、未提及的工作和问题")
    if not result.uncovered:
        out.append("  未发现问题")
    for text in result.uncovered:
        out.append(f"  {text}")

    out.append("")
    out.append("八、与其他报告雷同的段落")
    if not result.copied:
        out.append("  未发现雷同段落")
    for c in result.copied:
        out.append(f"  第{c['line']}行“{c['text'][:40]}…”：与{c['source']}相似度{c['similarity']:.0%}")
    return "\n".join(out) + "\n"


def figure_verdict(f: dict) -> str:
    """A figure's comparison with the records, in words."""
    label = f.get("label") or f["metric"]
    pct = "%" if f["stated"].endswith(("%", "％")) else ""

    def shown(value) -> str:
        return "—" if value is None else f"{value}{pct}"

    if f["ok"] is None:
        verdict = f"{label}：无法与台账核对（台账为{shown(f['records'])}）"
    elif f["ok"]:
        verdict = f"{label}：与台账一致（台账为{shown(f['records'])}）"
    elif "approved" in f:
        verdict = f"{label}：报告写{f['stated']}，与审批时的台账数据{shown(f['approved'])}不符"
    else:
        verdict = f"{label}：报告写{f['stated']}，台账为{shown(f['records'])}，不相符"
    if f.get("changed_since_approval"):
        verdict += f"；审批后台账数据已变化（审批时{shown(f['approved'])}，现为{shown(f['records'])}）"
    return verdict
