"""Tests of reading reports: encodings, normalisation, joined lines and Word automatic numbering."""

from pathlib import Path

import docx
import pytest

from fazhi.core.numerals import chinese_counting
from fazhi.reportcheck.loader import (
    ReportLoadError,
    decode_text,
    load_report,
    normalise_line,
    report_from_string,
)
from fazhi.reportcheck.tests.docx_builder import build_docx

FIXTURES = Path(__file__).parent / "fixtures"


def paragraph_starting(report, line):
    return next(p for p in report.paragraphs if p.line == line)


def test_it_detects_utf8_with_and_without_bom_and_gbk():
    text = "关于2024年度法治政府建设情况的报告\n区委、区政府：\n"
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_text(text.encode("gbk")) == (text, "gb18030")


def test_it_reads_the_gbk_fixture_with_crlf_line_ends():
    report = load_report(FIXTURES / "qinghe_2022_gbk.txt")
    assert report.encoding == "gb18030"
    assert report.format == "txt"
    assert len(report.lines) == 59
    assert report.lines[3].number == 4
    assert report.lines[3].text == "关于二〇二二年度法治政府建设情况的报告"
    assert not report.lines[3].text.endswith("\r")


def test_it_reads_bytes_with_a_filename():
    data = "一、主要举措和成效\n".encode("utf-8-sig")
    report = load_report(data, "上传.txt")
    assert report.filename == "上传.txt"
    assert report.encoding == "utf-8-sig"
    assert report.lines[0].norm == "一、主要举措和成效"


def test_it_refuses_old_doc_files():
    with pytest.raises(ReportLoadError, match="doc"):
        load_report(b"\xd0\xcf\x11\xe0", "报告.doc")


def test_it_normalises_width_spaces_and_traditional_characters_but_keeps_columns():
    text = "　　２０２４ 年，受理矛盾糾紛 ６２ 件，化解率 ９５％。（ 一 ）主要舉措"
    norm, cols = normalise_line(text)
    assert norm == "2024年,受理矛盾纠纷62件,化解率95%。(一)主要举措"
    assert len(cols) == len(norm)
    assert text[cols[0]] == "２"
    assert text[cols[norm.index("纠")]] == "糾"


def test_it_keeps_spaces_between_latin_words():
    assert normalise_line("使用 Microsoft Word 编辑")[0] == "使用Microsoft Word编辑"


def test_it_strips_markdown_markup():
    report = report_from_string("## 一、主要工作及成效\n**（一）提升依法行政能力**\n", "r.md")
    assert [ln.norm for ln in report.lines] == ["一、主要工作及成效", "(一)提升依法行政能力"]
    assert report.lines[1].display == "（一）提升依法行政能力"


def test_it_joins_lines_broken_mid_sentence_and_keeps_where_each_sentence_started():
    report = load_report(FIXTURES / "shiqiao_2023_web_copy.txt")
    starts = [p.line for p in report.paragraphs]
    # Headings stay alone; body lines broken by the web page are joined.
    assert starts == [1, 3, 5, 7, 10, 11, 12, 16, 17, 22, 23, 27, 28, 31, 32, 35, 36, 39, 40, 44, 46, 47]
    para = paragraph_starting(report, 12)
    assert para.norm.startswith("一是坚持领导干部集体学法,全年开展党委理论学习中心组集体学法8次")
    second = para.norm.index("二是组织")
    assert para.sentence_line(second) == 13
    # A word split over two lines is whole again, and quoting gives back the original text.
    start = para.norm.index("实际参考")
    assert para.line_at(start) == 13
    assert para.line_at(start + 3) == 14
    assert para.quote(start, start + 7) == "实际参考 86 人"


def test_it_does_not_join_a_heading_to_the_body_after_it():
    report = report_from_string(
        "存在的不足和原因\n一年来，我镇法治政府建设取得了一定成效，但仍存在一些不足，\n主要是干部法治意识不强。\n"
    )
    assert [(p.line, p.norm) for p in report.paragraphs] == [
        (1, "存在的不足和原因"),
        (2, "一年来,我镇法治政府建设取得了一定成效,但仍存在一些不足,主要是干部法治意识不强。"),
    ]


def test_it_joins_a_long_heading_wrapped_onto_a_second_line():
    report = report_from_string(
        "二、2024年党政主要负责人履行推进法治建设第一责任人职责，加强法治\n政府建设的有关情况\n镇党委书记认真履职。\n"
    )
    assert (
        report.paragraphs[0].norm
        == "二、2024年党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况"
    )
    assert report.paragraphs[1].line == 3


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"), (105, "一百零五")]
)
def test_it_counts_in_chinese_like_word(n, text):
    assert chinese_counting(n) == text


def test_it_rebuilds_word_automatic_numbering(tmp_path):
    lines = (FIXTURES / "qingshan_2024_clean.txt").read_text(encoding="utf-8").splitlines()
    path = build_docx(lines, tmp_path / "青山镇.docx")

    raw = [p.text for p in docx.Document(path).paragraphs]
    assert raw[9] == "2024年推进法治政府建设的主要举措和成效"  # the label is Word's, not typed
    assert raw[10] == "坚持学法用法，提升干部法治素养"

    report = load_report(path)
    assert report.format == "docx"
    assert [ln.text for ln in report.lines] == lines
    assert report.lines[9].text == "一、2024年推进法治政府建设的主要举措和成效"
    assert report.lines[33].text.startswith("二、2024年党政主要负责人")
    # (一) restarts under each top-level heading; the clean report has (一)…(七) under 一、 only.
    assert report.lines[31].text.startswith("（七）自觉接受各方面监督")


def test_it_reads_decimal_numbering_and_start_overrides(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="8"><w:abstractNumId w:val="7"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
        )
    )
    for text in ("加强学法", "规范执法"):
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 8
    path = tmp_path / "list.docx"
    document.save(path)
    report = load_report(path.read_bytes(), "list.docx")
    assert [ln.text for ln in report.lines if ln.text] == ["3.加强学法", "4.规范执法"]
