"""Every output marks a draft as 草稿 until it is approved; DOCX headings carry outline levels and the
document names the township as author; empty header and 版记 lines are left out."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from fazhi.reports import outputs, services
from fazhi.reports.models import ReportSettings

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _document(cast, approve=False):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    version = services.latest_version(report)
    if approve:
        version = services.version_approve(version=version, user=cast.leader)
    return outputs.document_for(report, version, services.settings_for(cast.a))


def _docx_text(document) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(outputs.to_docx(document))).paragraphs)


def test_every_output_marks_a_draft_until_it_is_approved(cast):
    draft = _document(cast)
    for text in (
        outputs.to_text(draft),
        outputs.to_markdown(draft),
        outputs.to_html(draft),
        _docx_text(draft),
    ):
        assert "草稿（未审批）" in text
    approved = _document(cast, approve=True)
    for text in (
        outputs.to_text(approved),
        outputs.to_markdown(approved),
        outputs.to_html(approved),
        _docx_text(approved),
    ):
        assert "草稿" not in text


def test_docx_headings_have_outline_levels_and_the_township_is_the_author(cast):
    doc = Document(io.BytesIO(outputs.to_docx(_document(cast))))
    levels = {}
    for p in doc.paragraphs:
        found = p._p.pPr.find(qn("w:outlineLvl")) if p._p.pPr is not None else None
        if found is not None:
            levels[p.text] = int(found.get(qn("w:val")))
    assert levels[f"关于{YEAR}年度法治政府建设情况的报告"] == 0
    assert levels[f"一、{YEAR}年推进法治政府建设的主要举措和成效"] == 1
    assert any(text.startswith("（一）") and level == 2 for text, level in levels.items())
    assert doc.core_properties.author == "青山镇" and doc.core_properties.title.startswith("关于")


def test_it_leaves_out_an_empty_doc_number_and_empty_colophon_lines(cast):
    ReportSettings.objects.create(
        township=cast.a,
        party_committee="中共青山镇委员会",
        government="青山镇人民政府",
        doc_number_pattern="",
        issuer="",
    )
    document = _document(cast)
    text = outputs.to_text(document)
    assert "〔" not in text and "印发" not in text and "抄送：区委依法治区办。" in text
    assert "印发" not in _docx_text(document) and "印发" not in outputs.to_html(document)


def test_markdown_header_lines_are_paragraphs_of_their_own(cast):
    md = outputs.to_markdown(_document(cast))
    assert "中共青山镇委员会\n\n青山镇人民政府\n\n" in md


def test_the_html_download_is_self_contained_with_absolute_links(cast, client, data):
    from conftest import login

    _document(cast)
    login(client, cast.clerk)
    response = client.get(f"/reports/{cast.a.pk}/{YEAR}/download/html/?v=1")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Disposition"].endswith(".html")
    assert 'href="http://testserver/metrics/' in html and 'href="/' not in html
    assert "<style>" in html and "<script" not in html and "草稿（未审批）" in html
