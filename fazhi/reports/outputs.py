"""The report as a document: DOCX in 党政机关公文 layout (GB/T 9704-2012), Markdown and plain text.

All outputs lay out the same `Document` (header, title, addressee, numbered blocks, signature, 版记)."""

import io
from dataclasses import dataclass
from datetime import date

from docx import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import drafting
from .models import Report, ReportSettings, ReportVersion

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


@dataclass
class Document:
    """Everything an output needs, resolved: header, numbered blocks and 版记."""

    organs: list[str]
    doc_number: str
    signer: str
    title: str
    addressee: str
    blocks: list[dict]
    signature: list[str]
    date: date
    cc: str
    issuer: str
    draft: bool
    author: str = ""
    # What the draft could not state (本年度无法统计：…), shown under the 草稿 mark until approval.
    hints: tuple[str, ...] = ()


DRAFT_MARK = "草稿（未审批）"


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def document_for(report: Report, version: ReportVersion, settings: ReportSettings) -> Document:
    from django.utils import timezone

    when = version.dated_on or timezone.localtime(version.approved_at or version.created_at).date()
    return Document(
        organs=[settings.party_committee, settings.government],
        doc_number=settings.doc_number(report.year),
        signer=version.signer or settings.signer,
        title=f"关于{report.year}年度法治政府建设情况的报告",
        addressee=settings.addressee,
        blocks=drafting.layout(version.body, settings.part_order),
        signature=settings.organs(),
        date=when,
        cc=settings.cc,
        issuer=settings.issuer,
        draft=not version.approved,
        author=report.township.name,
        hints=() if version.approved else draft_hints(version.body),
    )


def draft_hints(body: dict) -> tuple[str, ...]:
    """The draft's hints of figures it could not state: categories not set (本年度无法统计) and metrics
    not registered; the draft page, the preview, every draft output and approval show them."""
    return tuple(body.get("warnings", []))


def _outline(paragraph, level: int) -> None:
    """Word's outline level (0 = 一级): headings show in the navigation pane and the table of contents."""
    ppr = paragraph._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def _issued_line(document: "Document", sep: str) -> str | None:
    """印发机关 and 印发日期; left out with no 印发机关 rather than a dangling date."""
    return f"{document.issuer}{sep}{chinese_date(document.date)}印发" if document.issuer.strip() else None


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
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
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
    # 版头: both organs (red, 小标宋), 发文字号 left and 签发人 right, then the red rule.
    for organ in document.organs:
        _paragraph(doc, organ, TITLE_FONT, SIZE_2, align=center, indent=False, color=RED)
    _paragraph(doc, "", BODY_FONT, indent=False)
    line = _paragraph(doc, "", BODY_FONT, indent=False)
    line.paragraph_format.left_indent = Pt(16)
    if document.doc_number:
        _fonts(line.add_run(document.doc_number), BODY_FONT, SIZE_3)
    if document.signer:
        _fonts(line.add_run("\t签发人："), BODY_FONT, SIZE_3)
        _fonts(line.add_run(document.signer), H2_FONT, SIZE_3)
        line.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(16), alignment=2)  # right tab
    _border(line, "bottom", color="E60012", size=12)
    _paragraph(doc, "", BODY_FONT, indent=False)
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
    # Signature organs and date, right-aligned with four characters kept at the right.
    _paragraph(doc, "", BODY_FONT, indent=False)
    _paragraph(doc, "", BODY_FONT, indent=False)
    for organ in document.signature:
        p = _paragraph(doc, organ, BODY_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)
    p = _paragraph(doc, chinese_date(document.date), BODY_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    p.paragraph_format.right_indent = Pt(64)
    # 版记: 抄送 and 印发机关/印发日期 between rules, in 四号.
    _paragraph(doc, "", BODY_FONT, indent=False)
    # Empty 版记 lines are left out; the first line kept carries the top rule.
    first = True
    if document.cc.strip():
        cc = _paragraph(doc, f"抄送：{document.cc}。", BODY_FONT, SIZE_4, indent=False)
        cc.paragraph_format.left_indent = Pt(14)
        _border(cc, "top", size=8)
        _border(cc, "bottom", size=4)
        first = False
    issued_text = _issued_line(document, "\t")
    if issued_text:
        issued = _paragraph(doc, "", BODY_FONT, SIZE_4, indent=False)
        issued.paragraph_format.left_indent = Pt(14)
        issued.paragraph_format.right_indent = Pt(14)
        issued.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(28), alignment=2)
        _fonts(issued.add_run(issued_text), BODY_FONT, SIZE_4)
        if first:
            _border(issued, "top", size=8)
        _border(issued, "bottom", size=8)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _header_lines(document: Document) -> list[str]:
    lines = [*document.organs, ""]
    number = "　　".join(
        x for x in (document.doc_number, f"签发人：{document.signer}" if document.signer else "") if x
    )
    if number:
        lines.append(number)
    return lines


def _footer_lines(document: Document, sep: str) -> list[str]:
    """版记: 抄送 and 印发 lines, each left out when empty."""
    lines = [f"抄送：{document.cc}。"] if document.cc.strip() else []
    issued = _issued_line(document, sep)
    return lines + ([issued] if issued else [])


def to_markdown(document: Document) -> str:
    out = []
    if document.draft:
        out.append(f"> {DRAFT_MARK}\n")
        for hint in document.hints:
            out.append(f"> {hint}\n")
    # One paragraph per header line: Markdown joins lines that no blank line separates.
    for line in _header_lines(document):
        if line:
            out += [line, ""]
    out += [f"# {document.title}", "", document.addressee, ""]
    for block in document.blocks:
        if block["kind"] == "h1":
            out += [f"## {block['text']}", ""]
        elif block["kind"] in ("h2", "h3"):
            out += [f"### {block['text']}", ""]
        else:
            text = drafting.plain(block["segments"]).strip()
            if text:
                out += [text, ""]
    for line in [*document.signature, chinese_date(document.date)]:
        out += [line, ""]
    footer = _footer_lines(document, "　")
    if footer:
        out += ["---", ""]
        for line in footer:
            out += [line, ""]
    return "\n".join(out)


def to_text(document: Document) -> str:
    out = [DRAFT_MARK, *document.hints, ""] if document.draft else []
    out += [*_header_lines(document), "", document.title, "", document.addressee]
    for block in document.blocks:
        if block["kind"] == "p":
            text = drafting.plain(block["segments"]).strip()
            if text:
                out.append("　　" + text)
        else:
            out.append("　　" + block["text"])
    out += ["", *document.signature, chinese_date(document.date)]
    footer = _footer_lines(document, "　")
    if footer:
        out += ["", *footer]
    return "\n".join(out) + "\n"


def records_link(township_id: int, year: int, metric_id: str) -> str:
    """The records page behind a figure (the metrics app's page, scoped to the reader)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    period = drafting.period_for(year)
    query = urlencode({"org": township_id, "start": period.start, "end": period.end, "as_of": period.as_of})
    return reverse("metric-records", args=[metric_id]) + "?" + query


def figure_link(report: Report, version: ReportVersion, seg: dict) -> str:
    """Where a figure opens: in an approved version, the record set frozen at approval (records voided
    since still listed); otherwise the live records page."""
    from django.urls import reverse

    if version.approved and seg.get("slot") in (version.frozen or {}):
        return reverse(
            "report-frozen-records", args=[report.township_id, report.year, version.number, seg["slot"]]
        )
    return records_link(report.township_id, report.year, seg["metric"])


def to_html(document: Document, link_for=None) -> str:
    """A standalone HTML page; with `link_for(segment)` every figure links to its records."""
    from html import escape

    def para(block) -> str:
        out = []
        for seg in block["segments"]:
            if isinstance(seg, str):
                out.append(escape(seg))
                continue
            shown = escape(drafting.shown_text(seg))
            if link_for:
                href = escape(link_for(seg))
                out.append(f'<a href="{href}" title="{escape(seg["label"])}">{shown}</a>')
            else:
                out.append(shown)
        return "".join(out)

    parts = [
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{escape(document.title)}</title>",
        "<style>body{max-width:46em;margin:2em auto;font-family:FangSong,仿宋_GB2312,serif;font-size:16pt;"
        "line-height:1.8}.organ{color:#e60012;text-align:center;font-size:22pt}h1{text-align:center;"
        "font-size:22pt;font-weight:normal}h2{font-family:SimHei,黑体;font-size:16pt;font-weight:normal;"
        "text-indent:2em;margin:0}h3{font-family:KaiTi,楷体_GB2312;font-size:16pt;font-weight:normal;"
        "text-indent:2em;margin:0}p{text-indent:2em;margin:0}.sign{text-align:right;padding-right:4em}"
        "</style></head><body>",
    ]
    if document.draft:
        parts.append(f'<div class="draft" style="color:#e60012;text-align:right">{DRAFT_MARK}</div>')
        parts += [f'<div class="hint" style="color:#e60012">{escape(h)}</div>' for h in document.hints]
    parts += [f'<div class="organ">{escape(o)}</div>' for o in document.organs]
    number = "".join(escape(line) for line in _header_lines(document)[len(document.organs) + 1 :])
    parts.append(f'<div style="border-bottom:2px solid #e60012">{number or "&nbsp;"}</div>')
    parts.append(f"<h1>{escape(document.title)}</h1><div>{escape(document.addressee)}</div>")
    for block in document.blocks:
        if block["kind"] == "h1":
            parts.append(f"<h2>{escape(block['text'])}</h2>")
        elif block["kind"] in ("h2", "h3"):
            parts.append(f"<h3>{escape(block['text'])}</h3>")
        elif drafting.plain(block["segments"]).strip():
            parts.append(f"<p>{para(block)}</p>")
    parts.append('<div class="sign">' + "".join(f"<div>{escape(o)}</div>" for o in document.signature))
    parts.append(f"<div>{chinese_date(document.date)}</div></div>")
    footer = _footer_lines(document, "　")
    if footer:
        parts.append("<hr>" + "".join(f"<div>{escape(line)}</div>" for line in footer))
    parts.append("</body></html>")
    return "\n".join(parts)
