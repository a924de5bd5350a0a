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

from fazhi.reportcheck.docx_reader import read_docx_paragraphs

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
