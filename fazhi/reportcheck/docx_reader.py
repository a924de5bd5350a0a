"""Word documents: body paragraphs in order, each with the label its automatic numbering shows
(一、/（一）/1. rebuilt from numbering.xml), as the reader sees them."""

from __future__ import annotations

import re

from fazhi.core.numerals import CN_DIGITS, chinese_counting

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
