"""Inputs that used to stall or crash the check: empty, binary, damaged, huge, repetitive files."""

import io
import os
import time
import zipfile

import pytest

from fazhi.reportcheck.checks import check_text
from fazhi.reportcheck.copying import Source, find_copies
from fazhi.reportcheck.loader import MAX_CHARS, MAX_LINES, ReportLoadError, load_report
from fazhi.reportcheck.tests.docx_builder import build_docx
from fazhi.reportcheck.tests.reports import qingshan_2024


@pytest.mark.parametrize(
    ("name", "data"),
    [("空.txt", b""), ("空白.txt", b"  \n\t\r\n\xe3\x80\x80\n"), ("空白.md", "\u3000\u200b\n## \n".encode())],
)
def test_an_empty_or_blank_file_is_refused_as_empty(name, data):
    with pytest.raises(ReportLoadError, match=f"^{name}：文件为空$"):
        load_report(data, name)


def test_an_empty_word_document_is_refused_as_empty(tmp_path):
    path = build_docx(["", "   "], tmp_path / "空.docx")
    with pytest.raises(ReportLoadError, match="文件为空"):
        load_report(path)


@pytest.mark.parametrize("name", ["随机.txt", "随机.md"])
def test_random_bytes_are_not_a_text_file(name):
    data = os.urandom(4096)
    with pytest.raises(ReportLoadError, match="不是文本文件"):
        load_report(data, name)


def test_random_bytes_without_nul_are_not_a_text_file_either():
    data = bytes(b for b in os.urandom(8192) if b)
    with pytest.raises(ReportLoadError, match="不是文本文件"):
        load_report(data, "随机.txt")


def test_real_text_in_any_encoding_is_still_read():
    text = qingshan_2024()
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        report = load_report(text.encode(encoding), "报告.txt")
        assert check_text(report).year == 2024


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 not really a zip", b"just text named docx", zipfile.ZipFile.__doc__.encode()]
)
def test_a_damaged_word_document_gets_a_chinese_message_only(data):
    with pytest.raises(ReportLoadError) as caught:
        load_report(data, "坏.docx")
    message = str(caught.value)
    assert message == "坏.docx：无法读取 Word 文档，文件已损坏或不是 .docx 格式"
    assert not any(ch.isascii() and ch.isalpha() for ch in message.replace(".docx", "").replace("Word", ""))


def test_a_word_package_without_a_document_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as package:
        package.writestr("other.xml", "<x/>")
    with pytest.raises(ReportLoadError, match="无法读取 Word 文档"):
        load_report(buf.getvalue(), "坏.docx")


def test_a_word_document_inflating_beyond_any_report_is_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" + b" " * (61 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(ReportLoadError, match="Word 文档内容过大"):
        load_report(buf.getvalue(), "大.docx")


def test_too_many_characters_or_paragraphs_are_refused_with_a_reason():
    with pytest.raises(ReportLoadError, match="文字超过100万字"):
        load_report(("法治" * (MAX_CHARS // 2 + 10)).encode(), "长.txt")
    with pytest.raises(ReportLoadError, match=f"段落超过{MAX_LINES}个"):
        load_report(("一行。\n" * (MAX_LINES + 1)).encode(), "多.txt")


def _repetitive(paragraphs: int) -> str:
    sentence = "我镇深入推进法治政府建设，全年受理矛盾纠纷40件次，成功调处38件，调处成功率95%。"
    return "\n".join([sentence * 4] * paragraphs)


def test_the_check_and_copy_detection_grow_near_linearly():
    def once(report):
        # CPU time of this process: waiting while other work on a shared machine runs is not counted.
        started = time.process_time()
        check_text(report)
        find_copies(report.paragraphs, [Source("另一份", [p.norm for p in report.paragraphs])])
        return time.process_time() - started

    def cost(n):
        # The fastest of three: what other work still adds (caches, frequency) only ever adds time.
        report = load_report(_repetitive(n).encode(), "重复.txt")
        return min(once(report) for _ in range(3))

    cost(50)  # warm-up
    small, large = cost(200), cost(2000)
    # Ten times the paragraphs: quadratic work would cost ~100×; the bench's goal of 12× is measured by
    # `fazhi bench --json` (check_scale_ratio), this bound only has to tell linear from quadratic.
    assert large <= 30 * small, (small, large)


def test_a_copy_is_still_found_among_many_identical_paragraphs():
    report = load_report(_repetitive(2000).encode(), "重复.txt")
    copied = "全镇健全镇村组三级调解网络，全面推行矛盾纠纷大排查大调解大化解机制，每月排查每周研判，做到小事不出村。"
    source = Source("另一份", [copied.replace("每周", "每半月"), *[p.norm for p in report.paragraphs[:5]]])
    mine = load_report((copied + "\n" + _repetitive(3)).encode(), "我的.txt")
    found = find_copies(mine.paragraphs, [source])
    assert [f["line"] for f in found] == [1, 2, 3, 4]
    assert found[0]["similarity"] >= 0.9
