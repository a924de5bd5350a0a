"""GB/T 9704-2012 details of the DOCX, read back with python-docx: two blank lines on each side of the
版头 separator, the red rule across the whole text block, each signing organ centred over the date, and
版记 framed at the foot of the last page; paragraph properties in the order Word requires."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from fazhi.reports import outputs, services
from fazhi.reports.docx_layout import _PPR_ORDER

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _docx(cast):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    version = services.version_approve(version=services.latest_version(report), user=cast.leader)
    settings = services.settings_for(cast.a)
    return Document(io.BytesIO(outputs.to_docx(outputs.document_for(report, version, settings)))), settings


def _width(text: str) -> float:
    return sum(16 if ord(ch) > 0x2E7F else 8 for ch in text)


def _pt(length) -> float:
    return 0.0 if length is None else length.pt


def test_the_red_rule_runs_across_the_text_block_between_two_blank_lines_each_side(cast, data):
    doc, settings = _docx(cast)
    paras = doc.paragraphs
    i = next(n for n, p in enumerate(paras) if "签发人" in p.text)
    rule = paras[i]
    bottom = rule._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert bottom is not None and bottom.get(qn("w:color")) == "E60012"
    # No indent either side: the border spans the full 156 mm between the margins.
    assert _pt(rule.paragraph_format.left_indent) == 0 and _pt(rule.paragraph_format.right_indent) == 0
    section = doc.sections[0]
    assert abs(section.page_width - section.left_margin - section.right_margin - Mm(156)) < Mm(0.1)
    assert [p.text for p in paras[i - 2 : i]] == ["", ""] and paras[i - 3].text == settings.government
    assert [p.text for p in paras[i + 1 : i + 3]] == ["", ""]
    assert paras[i + 3].text == f"关于{YEAR}年度法治政府建设情况的报告"
    # 发文字号 and 签发人 each one character in from the edge.
    assert rule.text.startswith("　") and rule.text.endswith("　")


def test_each_signing_organ_is_centred_over_the_date(cast, data):
    doc, settings = _docx(cast)
    paras = doc.paragraphs
    date_para = next(p for p in paras if p.text.endswith("日") and p.text[:4].isdigit())
    middle = _pt(date_para.paragraph_format.right_indent) + _width(date_para.text) / 2
    assert _pt(date_para.paragraph_format.right_indent) == 64  # four characters at the right
    at = next(n for n, p in enumerate(paras) if p._p is date_para._p)
    organs = paras[at - len(settings.organs()) : at]
    assert [p.text for p in organs] == settings.organs()
    assert len(organs) >= 2
    for p in organs:
        assert abs(_pt(p.paragraph_format.right_indent) + _width(p.text) / 2 - middle) < 0.5, p.text


def test_the_record_lines_sit_at_the_foot_of_the_last_page(cast, data):
    doc, settings = _docx(cast)
    last = [p for p in doc.paragraphs][-2:]
    assert last[0].text.startswith("抄送：") and last[1].text.endswith("印发")
    for p in last:
        frame = p._p.pPr.find(qn("w:framePr"))
        assert frame is not None
        assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
        assert abs(int(frame.get(qn("w:w"))) - Mm(156).twips) <= 1
    top = last[0]._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:top')}")
    bottom = last[1]._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert top.get(qn("w:sz")) == bottom.get(qn("w:sz")) == "8"  # thick rules first and last


def test_paragraph_properties_are_in_schema_order(cast, data):
    doc, _ = _docx(cast)
    rank = {qn(tag): i for i, tag in enumerate(_PPR_ORDER)}
    for p in doc.paragraphs:
        if p._p.pPr is None:
            continue
        order = [rank[child.tag] for child in p._p.pPr if child.tag in rank]
        assert order == sorted(order), p.text
