"""Builds .docx test reports whose headings use real Word automatic numbering (numPr)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# Level 0 "一、", level 1 "（一）" restarting under each level 0, level 2 "1." — as in 党政机关公文.
ABSTRACT_NUM = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
)
NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
NUM_ID = 90

_AUTO_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 0),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 1),
)


def add_numbering(document) -> None:
    """Register the multilevel list; abstractNum elements must precede num elements."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT_NUM))
    numbering.append(parse_xml(NUM))


def number_paragraph(paragraph, ilvl: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = NUM_ID


def build_docx(lines: list[str], path: Path) -> Path:
    """One paragraph per line; headings 一、/（一） lose their typed label and get Word numbering."""
    document = docx.Document()
    # The default template starts with an empty paragraph; drop it so paragraph n is line n.
    body = document.element.body
    for p in list(body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
        body.remove(p)
    add_numbering(document)
    for line in lines:
        for pattern, ilvl in _AUTO_LEVELS:
            m = pattern.match(line)
            if m:
                number_paragraph(document.add_paragraph(line[m.end() :]), ilvl)
                break
        else:
            document.add_paragraph(line)
    document.save(path)
    return path
