"""The DOCX read back with python-docx (GB/T 9704 layout, fonts by role with w:eastAsia), Markdown,
plain text and the `fazhi report` command."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from fazhi.reports import outputs, services
from fazhi.reports.models import ReportSettings

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _docx(cast):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    version = services.latest_version(report)
    document = outputs.document_for(report, version, services.settings_for(cast.a))
    return Document(io.BytesIO(outputs.to_docx(document))), document


def _east_asian(paragraph) -> set[str]:
    fonts = set()
    for run in paragraph.runs:
        rfonts = run._element.rPr.find(qn("w:rFonts"))
        assert (
            rfonts is not None and rfonts.get(qn("w:eastAsia")) == rfonts.get(qn("w:ascii")) == run.font.name
        )
        fonts.add(rfonts.get(qn("w:eastAsia")))
    return fonts


def test_it_lays_out_the_page_as_gb_t_9704(cast, data):
    doc, _ = _docx(cast)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(Mm(210 - section.left_margin.mm - section.right_margin.mm).mm) == 156
    assert round(Mm(297 - section.top_margin.mm - section.bottom_margin.mm).mm) == 225
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:type")) == "linesAndChars"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml
    assert section.even_page_footer.paragraphs[0].alignment == 0  # even pages: outer edge is the left
    assert section.footer.paragraphs[0].alignment == 2
    assert doc.settings.odd_and_even_pages_header_footer


def test_it_names_fonts_by_role_with_east_asian_attribute(cast, data):
    doc, document = _docx(cast)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = next(p for p in paras if p.text == document.title)
    assert _east_asian(title) == {"方正小标宋简体"} and title.runs[0].font.size.pt == 22
    h1 = [p for p in paras if p.text.startswith(("一、", "二、", "三、", "四、"))]
    h2 = [p for p in paras if p.text.startswith("（一）")]
    assert all(_east_asian(p) == {"黑体"} for p in h1)
    assert all(_east_asian(p) == {"楷体_GB2312"} for p in h2)
    body = next(p for p in paras if p.text.startswith(f"{YEAR}年，"))
    assert _east_asian(body) == {"仿宋_GB2312"} and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32


def test_it_keeps_the_part_headings_in_order(cast, data):
    doc, _ = _docx(cast)
    h1 = [p.text for p in doc.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert [h[:2] for h in h1] == ["一、", "二、", "三、", "四、"]
    assert "主要举措和成效" in h1[0] and "第一责任人" in h1[1] and "不足" in h1[2] and "主要安排" in h1[3]
    ReportSettings.objects.create(
        township=cast.a,
        party_committee="中共青山镇委员会",
        government="青山镇人民政府",
        part_order="leaders_third",
    )
    doc, _ = _docx(cast)
    h1 = [p.text for p in doc.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、")]
    assert "不足" in h1[1] and "第一责任人" in h1[2]


def test_it_leaves_no_empty_paragraph_where_a_sentence_was_omitted(cast, data):
    doc, document = _docx(cast)
    texts = [p.text for p in doc.paragraphs]
    start = texts.index(document.addressee)
    end = len(texts) - 1 - texts[::-1].index(document.signature[0])
    body = texts[start + 1 : end]
    # The only blank lines are the two before the signature.
    assert [i for i, t in enumerate(body) if not t.strip()] == [len(body) - 2, len(body) - 1]
    assert not any("人民调解" in t for t in body)  # no mediation this year: left out without a trace


def test_it_writes_markdown_and_text(cast, data):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    document = outputs.document_for(report, services.latest_version(report), services.settings_for(cast.a))
    md = outputs.to_markdown(document)
    txt = outputs.to_text(document)
    assert f"# 关于{YEAR}年度法治政府建设情况的报告" in md and "## 一、" in md and "### （一）" in md
    assert "化解率95%" in md and "化解率95%" in txt and "{f" not in md + txt
    assert "抄送：区委依法治区办。" in txt


def test_it_runs_the_command_in_every_format(cast, data, tmp_path):
    for fmt in ("docx", "md", "html", "txt"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "--township", "青山镇", "--year", str(YEAR), "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 1000
    html = (tmp_path / "r.html").read_text()
    assert f'href="/metrics/disputes.resolution_rate/records/?org={cast.a.pk}&amp;start={YEAR}-01-01' in html
    Document(str(tmp_path / "r.docx"))
    with pytest.raises(CommandError, match="没有乡镇"):
        call_command("report", "--township", "不存在镇", "--year", str(YEAR), "-o", str(tmp_path / "x"))
