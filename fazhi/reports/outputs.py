"""The report as a document: DOCX in 党政机关公文 layout (GB/T 9704-2012), Markdown and plain text.

All outputs lay out the same `Document` (header, title, addressee, numbered blocks, signature, 版记)."""

from dataclasses import dataclass
from datetime import date

from . import drafting
from .models import Report, ReportSettings, ReportVersion


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


def _issued_line(document: "Document", sep: str) -> str | None:
    """印发机关 and 印发日期; left out with no 印发机关 rather than a dangling date."""
    return f"{document.issuer}{sep}{chinese_date(document.date)}印发" if document.issuer.strip() else None


def to_docx(document: Document) -> bytes:
    """The document in 党政机关公文 layout (GB/T 9704-2012): `docx_layout`."""
    from .docx_layout import to_docx as render

    return render(document)


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
