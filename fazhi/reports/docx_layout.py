"""The report as DOCX in 党政机关公文 layout (GB/T 9704-2012): A4, the 版心 156 × 225 mm on a 22 × 28
document grid, 版头 with the red rule across the text block, signature centred over the date, 版记 at
the foot of the last page."""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import drafting
from .outputs import DRAFT_MARK, Document, _issued_line, chinese_date

# Fonts by role (GB/T 9704-2012 and common practice); the names are written even where the machine
# lacks the fonts, so that the document opens correctly where they are installed.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
RED = RGBColor(0xE6, 0x00, 0x12)
# 22 lines in the 225 mm text block; 28 characters of 三号 in 156 mm (Word's document grid).
LINE_PITCH_TWIPS = 579
CHAR_SPACE = -849
TEXT_WIDTH = Mm(156)
# 成文日期 keeps four characters at the right (GB/T 9704 7.3.5.1).
DATE_RIGHT_INDENT = Pt(64)


# The children of w:pPr in schema order (ECMA-376 CT_PPrBase); Word rejects them out of order.
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _ppr_child(paragraph, tag: str):
    """The pPr child `tag`, added in its schema place if missing."""
    ppr = paragraph._p.get_or_add_pPr()
    found = ppr.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        ppr.insert_element_before(found, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
    return found


def _outline(paragraph, level: int) -> None:
    """Word's outline level (0 = 一级): headings show in the navigation pane and the table of contents."""
    _ppr_child(paragraph, "w:outlineLvl").set(qn("w:val"), str(level))


def _text_width(text: str, size=None) -> float:
    """Width in points of a line of 三号 text: a CJK character is one em, a digit or Latin letter half."""
    em = (size or SIZE_3).pt
    return sum(em if ord(ch) > 0x2E7F else em / 2 for ch in text)


def _foot_of_page(paragraph) -> None:
    """Put the paragraph in a frame anchored at the bottom of the text block, across its full width:
    版记 sits at the foot of the last page whatever the length of the body (paragraphs with the same
    frame properties share one frame)."""
    frame = _ppr_child(paragraph, "w:framePr")
    for attr, value in (
        ("w:w", str(int(TEXT_WIDTH.twips))),
        ("w:wrap", "around"),
        ("w:vAnchor", "margin"),
        ("w:hAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(attr), value)


def _fonts(run, name: str, size, bold: bool = False, color=None) -> None:
    """Set the font for Latin and East Asian text: python-docx's font.name leaves w:eastAsia unset."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _paragraph(doc, text: str, font: str, size=SIZE_3, *, bold=False, align=None, indent=True, color=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        p.alignment = align
    if text:
        _fonts(p.add_run(text), font, size, bold=bold, color=color)
    return p


def _border(paragraph, edge: str, color="000000", size=4) -> None:
    borders = _ppr_child(paragraph, "w:pBdr")
    el = OxmlElement(f"w:{edge}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color)
    borders.append(el)


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.left_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.LEFT else None
    fmt.right_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.RIGHT else None
    _fonts(p.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = p.add_run()
    _fonts(run, PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _fonts(p.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def _setup_page(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(297 - 37 - 225)
    section.left_margin = Mm(28)  # binding side
    section.right_margin = Mm(210 - 28 - 156)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28 - 7 - 7)  # page number 7 mm below the text block's last line
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    # Page numbers at the outer edge: odd pages right, even pages left.
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    # The document grid's character pitch is counted from the default font size: make it 三号 too,
    # so that -849 (1/4096 pt) gives 28 characters a line whichever size a reader takes as the base.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
    if size is not None:
        size.set(qn("w:val"), str(int(SIZE_3.pt * 2)))


def _blank(doc, n: int) -> None:
    for _ in range(n):
        _paragraph(doc, "", BODY_FONT, indent=False)


def _signature(doc, document: Document) -> None:
    """成文日期 right-aligned four characters in; each signing organ centred over the date (its right
    indent puts its middle where the date's middle is)."""
    _blank(doc, 2)
    when = chinese_date(document.date)
    middle = DATE_RIGHT_INDENT.pt + _text_width(when) / 2
    for organ in document.signature:
        p = _paragraph(doc, organ, BODY_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(max(0.0, middle - _text_width(organ) / 2))
    p = _paragraph(doc, when, BODY_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    p.paragraph_format.right_indent = DATE_RIGHT_INDENT


def _record_lines(doc, document: Document) -> None:
    """版记: 抄送 and 印发机关/印发日期 in 四号 between rules (thick first and last), framed at the foot
    of the last page; an empty line is left out."""
    lines = []
    if document.cc.strip():
        cc = _paragraph(doc, f"抄送：{document.cc}。", BODY_FONT, SIZE_4, indent=False)
        cc.paragraph_format.left_indent = Pt(14)
        cc.paragraph_format.right_indent = Pt(14)
        lines.append(cc)
    issued_text = _issued_line(document, "\t")
    if issued_text:
        issued = _paragraph(doc, "", BODY_FONT, SIZE_4, indent=False)
        issued.paragraph_format.left_indent = Pt(14)
        issued.paragraph_format.right_indent = Pt(14)
        issued.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(28), alignment=2)
        _fonts(issued.add_run(issued_text), BODY_FONT, SIZE_4)
        lines.append(issued)
    for i, p in enumerate(lines):
        _foot_of_page(p)
        _border(p, "top", size=8 if i == 0 else 4)
        if i == len(lines) - 1:
            _border(p, "bottom", size=8)


def to_docx(document: Document) -> bytes:
    doc = DocxDocument()
    _setup_page(doc)
    doc.core_properties.author = document.author
    doc.core_properties.last_modified_by = document.author
    doc.core_properties.title = document.title
    center = WD_ALIGN_PARAGRAPH.CENTER
    if document.draft:
        _paragraph(doc, DRAFT_MARK, H1_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, color=RED)
        for hint in document.hints:
            _paragraph(doc, hint, BODY_FONT, SIZE_4, indent=False, color=RED)
    # 版头: both organs (red, 小标宋); two blank lines; 发文字号 one character in from the left and
    # 签发人 one in from the right, the red rule right under them across the whole text block (no
    # indent, so the border runs the full 156 mm); two blank lines; the title.
    for organ in document.organs:
        _paragraph(doc, organ, TITLE_FONT, SIZE_2, align=center, indent=False, color=RED)
    _blank(doc, 2)
    line = _paragraph(doc, "", BODY_FONT, indent=False)
    if document.doc_number:
        _fonts(line.add_run("　" + document.doc_number), BODY_FONT, SIZE_3)
    if document.signer:
        _fonts(line.add_run("\t签发人："), BODY_FONT, SIZE_3)
        _fonts(line.add_run(document.signer + "　"), H2_FONT, SIZE_3)
        line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, alignment=2)  # right tab
    _border(line, "bottom", color="E60012", size=12)
    _blank(doc, 2)
    _outline(_paragraph(doc, document.title, TITLE_FONT, SIZE_2, align=center, indent=False), 0)
    _paragraph(doc, "", BODY_FONT, indent=False)
    _paragraph(doc, document.addressee, BODY_FONT, indent=False)
    for block in document.blocks:
        if block["kind"] == "h1":
            _outline(_paragraph(doc, block["text"], H1_FONT), 1)
        elif block["kind"] == "h2":
            _outline(_paragraph(doc, block["text"], H2_FONT), 2)
        elif block["kind"] == "h3":
            _outline(_paragraph(doc, block["text"], BODY_FONT, bold=True), 3)
        else:
            text = drafting.plain(block["segments"]).strip()
            if text:
                _paragraph(doc, text, BODY_FONT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signature(doc, document)
    _record_lines(doc, document)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
