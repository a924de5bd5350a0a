"""Read a report (.docx, .txt, .md) into numbered lines and normalised paragraphs for analysis."""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from fazhi.core.numerals import CN_DIGITS, chinese_counting

SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".text")


# A township's report runs to 5,000–30,000 characters; these caps leave ample room while keeping a
# mistaken upload (a data dump, a whole book) from holding the worker for minutes.
MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 1_000_000
MAX_LINES = 10_000
# Word's document.xml for such a report is well under this; a larger one is a zip bomb or not a report.
MAX_DOCX_XML_BYTES = 60 * 1024 * 1024
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1c", "\x1d", "\x1e", "\x85"}


class ReportLoadError(ValueError):
    """The file cannot be read as a report."""


# Traditional characters that occur in the headings and key terms of these reports; a full
# converter would be a new dependency for the few published copies that need it.
_TRAD = (
    "舉举責责職职問问題题劃划計计報报關关於于設设進进實实況况開开務务導导黨党領领負负義义處处"
    "調调糾纠紛纷訴诉訪访應应辦办結结時时會会員员鎮镇區区級级決决執执監监際际參参過过滿满蓋盖"
    "確确規规範范學学習习傳传動动間间體体現现發发點点專专項项內内據据業业戶户個个幹干將将從从"
    "與与為为對对這这們们來来後后無无當当還还長长門门線线條条數数經经濟济場场書书記记證证訂订"
    "審审議议論论認认識识嚴严營营環环優优質质協协總总統统籌筹強强億亿萬万餘余積积極极權权態态"
    "統统爭争廣广闊阔農农務务勞劳歲岁齊齐標标準准細细組组織织綫线級级團团聯联繫系維维護护穩稳"
    "險险隱隐歷历屆届達达稅税費费錯错誤误範范圍围較较況况獲获頭头緒绪續续總总劃划"
    "鄉乡縣县廳厅"
)
TRAD_TO_SIMP = str.maketrans(_TRAD[0::2], _TRAD[1::2])

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"}
_SPACES = {" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2003", "\u2009"}
# Odd look-alikes seen in web copies, mapped to the forms the checks expect.
_EXTRA = {"\uff64": "、", "\uff61": "。", "\u2236": ":", "\ufe52": "."}

# Markdown markup that is layout, not text.
_MD_PREFIX_RE = re.compile(r"^\s*(?:#{1,6}\s*|>\s*|[-*+]\s+)")

# Line shapes that always stand alone: never joined to a neighbour.
_L1_RE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.)]")
_L2_RE = re.compile(r"^\([一二三四五六七八九十]{1,3}\)")
_L3_RE = re.compile(r"^\d{1,2}[.、](?:(?!\d)|(?=\d{4}年))")
_LP_RE = re.compile(r"^第[一二三四五六七八九十]{1,3}部分")
_L4_RE = re.compile(r"^\(\d{1,2}\)")
_DATE_LINE_RE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日(?:\(.*\))?$"
)
_TITLE_RE = re.compile(r"^《?关于.*报告")
_ORGAN_RE = re.compile(r"(?:委员会|人民政府|政府|党委|办事处|办公室|街道|依法治\w*办)$")
_SENTENCE_END = "。!?…"
_CLOSERS = "”’」』)】》\"'"
_PUNCT = "，,。；;：:！!？?、"


def _half_width(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return _EXTRA.get(ch, ch)


@dataclass
class Line:
    """One source line (a paragraph for .docx) with its 1-based number."""

    number: int
    text: str
    norm: str = ""
    # For each character of `norm`, its column in `text`, so findings can quote the original.
    cols: list[int] = field(default_factory=list, repr=False)

    @property
    def display(self) -> str:
        """The original text without surrounding blanks or Markdown markup."""
        return self.text[self.cols[0] : self.cols[-1] + 1] if self.cols else ""


def normalise_line(text: str, *, markdown: bool = False) -> tuple[str, list[int]]:
    """Return the analysis form of a line and the source column of each of its characters."""
    start = 0
    if markdown:
        m = _MD_PREFIX_RE.match(text)
        if m:
            start = m.end()
    chars: list[tuple[str, int]] = []
    i = start
    while i < len(text):
        ch = text[i]
        if markdown and text.startswith(("**", "__"), i):
            i += 2
            continue
        if ch not in _ZERO_WIDTH:
            ch = " " if ch in _SPACES else _half_width(ch).translate(TRAD_TO_SIMP)
            chars.append((ch, i))
        i += 1
    # Spaces matter only between two Latin letters/digits; elsewhere they are stray.
    kept: list[tuple[str, int]] = []
    for k, (ch, col) in enumerate(chars):
        if ch == " ":
            before = kept[-1][0] if kept else ""
            after = next((c for c, _ in chars[k + 1 :] if c != " "), "")
            if not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
                continue
            if before == " ":
                continue
        kept.append((ch, col))
    return "".join(c for c, _ in kept), [col for _, col in kept]


@dataclass
class Paragraph:
    """A logical paragraph: one or more source lines joined for analysis."""

    norm: str
    origin: list[tuple[int, int]]  # (line number, column in that line's text) per character
    sources: dict[int, str] = field(repr=False)

    @property
    def line(self) -> int:
        return self.origin[0][0]

    def line_at(self, pos: int) -> int:
        """The source line of the character at `pos`."""
        if not self.origin:
            return 0
        return self.origin[min(max(pos, 0), len(self.origin) - 1)][0]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        # Read once the paragraph is complete (the loader only appends while building it).
        return [0] + [k + 1 for k, ch in enumerate(self.norm) if ch in _SENTENCE_END]

    def sentence_start(self, pos: int) -> int:
        """Offset where the sentence holding `pos` begins."""
        starts = self._sentence_starts
        return starts[bisect.bisect_right(starts, max(pos, 0)) - 1]

    def sentence_line(self, pos: int) -> int:
        """The line where the sentence holding `pos` started."""
        return self.line_at(self.sentence_start(pos))

    def quote(self, start: int, end: int) -> str:
        """The original text behind norm[start:end], across source lines."""
        if start >= end or start >= len(self.origin):
            return ""
        end = min(end, len(self.origin))
        pieces: list[str] = []
        run_line, run_first, run_last = self.origin[start][0], self.origin[start][1], self.origin[start][1]
        for line_no, col in self.origin[start + 1 : end]:
            if line_no == run_line:
                run_last = col
                continue
            pieces.append(self.sources[run_line][run_first : run_last + 1])
            run_line, run_first, run_last = line_no, col, col
        pieces.append(self.sources[run_line][run_first : run_last + 1])
        return "".join(pieces).strip()


def is_heading_line(norm: str) -> bool:
    """A numbered heading line (一、 / (一) / 1. / (1)) without running text after it."""
    if not any(r.match(norm) for r in (_L1_RE, _L2_RE, _L3_RE, _L4_RE, _LP_RE)):
        return False
    return "。" not in norm and not re.search(r"[,;:。]\s*[一二三四五六七八九十]是", norm)


def _starts_block(norm: str) -> bool:
    """Lines that begin a new paragraph whatever precedes them."""
    return bool(
        _L1_RE.match(norm)
        or _L2_RE.match(norm)
        or _L3_RE.match(norm)
        or _L4_RE.match(norm)
        or _DATE_LINE_RE.match(norm)
        or _TITLE_RE.match(norm)
        or norm.startswith("抄送")
        or (len(norm) <= 20 and _ORGAN_RE.search(norm))
    )


def _has_punct(norm: str) -> bool:
    return any(ch in _PUNCT for ch in norm)


def _stands_alone(norm: str) -> bool:
    """Lines after which a new paragraph starts even without a full stop."""
    if is_heading_line(norm) or _DATE_LINE_RE.match(norm) or norm.startswith("抄送"):
        return True
    if len(norm) <= 20 and _ORGAN_RE.search(norm):
        return True
    if norm.endswith(("报告", "报告》")) or (len(norm) <= 30 and norm.endswith(":")):
        return True
    # A short line without punctuation is a heading or a header element, not a broken sentence.
    return len(norm) <= 24 and not _has_punct(norm)


def _ends_sentence(norm: str) -> bool:
    stripped = norm.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _SENTENCE_END


def _continues_heading(prev: str, cur: str) -> bool:
    """A long numbered heading wrapped onto a short second line (web copies)."""
    return is_heading_line(prev) and len(prev) >= 24 and len(cur) <= 20 and not _has_punct(cur)


@dataclass
class ReportText:
    """A report's lines as read from the file, with the paragraphs built from them for analysis."""

    lines: list[Line]
    filename: str = ""
    format: str = "txt"
    encoding: str | None = None

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        sources = {ln.number: ln.text for ln in self.lines}
        paragraphs: list[Paragraph] = []
        current: Paragraph | None = None
        prev_norm = ""
        for ln in self.lines:
            if not ln.norm:
                current, prev_norm = None, ""
                continue
            joinable = (
                current is not None
                and not _ends_sentence(prev_norm)
                and not _starts_block(ln.norm)
                and (not _stands_alone(prev_norm) or _continues_heading(prev_norm, ln.norm))
            )
            origin = [(ln.number, col) for col in ln.cols]
            if joinable and current is not None:
                current.norm += ln.norm
                current.origin.extend(origin)
            else:
                current = Paragraph(norm=ln.norm, origin=origin, sources=sources)
                paragraphs.append(current)
            prev_norm = ln.norm
        return paragraphs


# --- .docx ---------------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in a Word numFmt."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "ideographDigital",
    ):
        return (
            chinese_counting(n) if fmt != "ideographDigital" else "".join(CN_DIGITS[int(d)] for d in str(n))
        )
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n).translate(
            str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")
        )
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


class _Numbering:
    """Word list definitions from numbering.xml, with running counters to rebuild visible labels."""

    def __init__(self, numbering_element) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[
            str, dict[int, tuple[int, str, str]]
        ] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()
        if numbering_element is None:
            return
        for absnum in numbering_element.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in absnum.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(self._val(lvl, "w:start") or 1),
                    self._val(lvl, "w:numFmt") or "decimal",
                    self._val(lvl, "w:lvlText") or "",
                )
            self.levels[absnum.get(qn("w:abstractNumId"))] = levels
        for num in numbering_element.findall(qn("w:num")):
            overrides = {}
            for ov in num.findall(qn("w:lvlOverride")):
                start = self._val(ov, "w:startOverride")
                if start is not None:
                    overrides[int(ov.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (self._val(num, "w:abstractNumId") or "", overrides)

    def _val(self, element, tag: str) -> str | None:
        child = element.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at `ilvl` and return the label Word would show."""
        if num_id not in self.nums:
            return ""
        abs_id, overrides = self.nums[num_id]
        levels = self.levels.get(abs_id, {})
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue each other unless a num restarts them.
        counters = self.counters.setdefault(abs_id, {})
        if num_id not in self._restarted:
            self._restarted.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def render(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            k_start, k_fmt, _ = levels.get(k, (1, "decimal", ""))
            return format_number(counters.get(k, k_start), k_fmt)

        return re.sub(r"%(\d)", render, text)


def _paragraph_numbering(p, styles_by_id) -> tuple[str, int] | None:
    """The (numId, ilvl) applying to a paragraph, directly or through its style chain."""
    from docx.oxml.ns import qn

    def from_ppr(ppr):
        if ppr is None:
            return None
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            return None
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        return (
            None if num_id is None else num_id.get(qn("w:val")),
            None if ilvl is None else int(ilvl.get(qn("w:val"))),
        )

    direct = from_ppr(p.find(qn("w:pPr")))
    num_id, ilvl = direct if direct else (None, None)
    ppr = p.find(qn("w:pPr"))
    style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style_id = style_el.get(qn("w:val")) if style_el is not None else None
    seen = set()
    while (num_id is None or ilvl is None) and style_id and style_id not in seen:
        seen.add(style_id)
        style = styles_by_id.get(style_id)
        if style is None:
            break
        found = from_ppr(style.find(qn("w:pPr")))
        if found:
            num_id = num_id if num_id is not None else found[0]
            ilvl = ilvl if ilvl is not None else found[1]
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    if num_id in (None, "0"):
        return None
    return num_id, ilvl or 0


def read_docx_paragraphs(stream) -> list[str]:
    """Body paragraphs in order, each prefixed with its automatic-numbering label if any."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document(stream)
    try:
        numbering_element = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_element = None
    numbering = _Numbering(numbering_element)
    styles_by_id = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    texts = []
    for p in document.element.body.iterchildren(qn("w:p")):
        text = DocxParagraph(p, document).text
        found = _paragraph_numbering(p, styles_by_id)
        if found and text.strip():
            text = numbering.label(*found) + text
        texts.append(text)
    return texts


def _make_lines(texts: list[str], *, markdown: bool = False) -> list[Line]:
    lines = []
    for number, text in enumerate(texts, start=1):
        norm, cols = normalise_line(text, markdown=markdown)
        lines.append(Line(number=number, text=text, norm=norm, cols=cols))
    return lines


def report_from_string(text: str, filename: str = "report.txt") -> ReportText:
    """Build a report from text already in memory (e.g. the platform's own draft)."""
    fmt = "md" if filename.lower().endswith((".md", ".markdown")) else "txt"
    texts = text.splitlines()
    _check_size(len(text), len(texts), filename)
    return ReportText(lines=_make_lines(texts, markdown=fmt == "md"), filename=filename, format=fmt)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file, telling UTF-8 (with or without BOM) from GB18030/GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def looks_binary(text: str) -> bool:
    """Whether decoded text holds the control, unassigned or replacement characters of a binary file."""
    if "\x00" in text:
        return True
    sample = text[:200_000]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))
    )
    return odd > max(2, len(sample) // 200)


def _check_size(text_length: int, line_count: int, filename: str) -> None:
    if text_length > MAX_CHARS:
        raise ReportLoadError(
            f"{filename}：文字超过{MAX_CHARS // 10000}万字，不像一份年度报告，请检查是否选错了文件"
        )
    if line_count > MAX_LINES:
        raise ReportLoadError(f"{filename}：段落超过{MAX_LINES}个，不像一份年度报告，请检查是否选错了文件")


def _read_docx(data: bytes, filename: str) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entry = package.getinfo("word/document.xml")
            if entry.file_size > MAX_DOCX_XML_BYTES:
                raise ReportLoadError(f"{filename}：Word 文档内容过大，不像一份年度报告")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, ReportLoadError):
            raise
        raise ReportLoadError(f"{filename}：无法读取 Word 文档，文件已损坏或不是 .docx 格式") from None
    try:
        return read_docx_paragraphs(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise many types for a damaged package
        raise ReportLoadError(f"{filename}：无法读取 Word 文档，文件已损坏或不是 .docx 格式") from None


def load_report(path_or_bytes: str | Path | bytes, filename: str | None = None) -> ReportText:
    """Read a .docx, .txt or .md report from a path or from the file's bytes.

    Raises ReportLoadError with a message for the user when the file is empty, not text, damaged or
    far larger than any report.
    """
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
        filename = filename or "report.txt"
    else:
        path = Path(path_or_bytes)
        filename = filename or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ReportLoadError(f"{filename}：文件超过{MAX_BYTES // 1024 // 1024}MB，不像一份年度报告")
            data = path.read_bytes()
        except OSError:
            raise ReportLoadError(f"{filename}：无法读取文件") from None
    suffix = Path(filename).suffix.lower()
    if suffix == ".doc":
        raise ReportLoadError(f"{filename}：不支持旧版 .doc 格式，请另存为 .docx 后再检查")
    if len(data) > MAX_BYTES:
        raise ReportLoadError(f"{filename}：文件超过{MAX_BYTES // 1024 // 1024}MB，不像一份年度报告")
    if not data.strip():
        raise ReportLoadError(f"{filename}：文件为空")
    if suffix == ".docx" or (suffix not in SUPPORTED_SUFFIXES and data.startswith(b"PK")):
        texts = _read_docx(data, filename)
        fmt, encoding = "docx", None
    else:
        text, encoding = decode_text(data)
        if looks_binary(text):
            raise ReportLoadError(f"{filename}：不是文本文件，请上传 .docx、.txt 或 .md 格式的报告")
        texts = text.splitlines()
        fmt = "md" if suffix in (".md", ".markdown") else "txt"
    _check_size(sum(len(t) for t in texts), len(texts), filename)
    lines = _make_lines(texts, markdown=fmt == "md")
    if not any(ln.norm for ln in lines):
        raise ReportLoadError(f"{filename}：文件为空")
    return ReportText(lines=lines, filename=filename, format=fmt, encoding=encoding)
