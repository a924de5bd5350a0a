"""The year a report is about, and where it was published.

The year comes from the title, then the part headings, then the body's opening ("现将我镇2024年…
报告如下"), then the report's date (a report dated January–March of N is about N−1); the result says
which source gave it. Web copies carry publication lines (发布时间/發布時間/成文日期/来源…): they are
page furniture, never the addressee, and a publication after 1 April of the next year is late
(domain.md §5).
"""

from __future__ import annotations

import datetime as dt
import re

from fazhi.core.numerals import cn_digits_to_int

YEAR_SOURCES = {
    "title": "标题",
    "part": "部分标题",
    "body": "正文开头",
    "date": "报告日期",
    "filed": "归档时填写",
}

_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_YEAR_RE = re.compile(_YEAR + "年")
_BODY_YEAR_RE = re.compile(
    r"(?:现将|现就|根据|按照)[^。]{0,30}?" + _YEAR + r"年(?:度)?[^。]{0,60}?(?:报告如下|汇报如下|报告)"
)

# Labels of a web page's publication block (simplified after the loader's normalisation).
PUBLICATION_RE = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|公开日期|来源|信息来源|发布机构|发布单位|浏览次数|访问量|点击数|索引号|"
    r"字号|作者|责任编辑|主题分类|【字体|打印本页|分享到)[:：]?"
)
_PUB_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|公开日期)[:：]?\s*")
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def year_value(text: str) -> int | None:
    """A year in Arabic (2024) or digit-by-digit Chinese numerals (二〇二四), 1990–2100."""
    value = int(text) if text.isascii() and text.isdigit() else cn_digits_to_int(text)
    return value if value and 1990 <= value <= 2100 else None


def year_in(norm: str) -> int | None:
    for m in _YEAR_RE.finditer(norm):
        value = year_value(m.group(1))
        if value:
            return value
    return None


def body_year(texts: list[str]) -> int | None:
    """The year named in the opening sentence of the body."""
    for text in texts:
        m = _BODY_YEAR_RE.search(text)
        if m:
            return year_value(m.group(1))
    return None


def year_from_date(date: dt.date | None) -> int | None:
    """A report dated January–March reports on the year before."""
    if date is not None and date.month <= 3:
        return date.year - 1
    return None


def is_publication_line(norm: str) -> bool:
    return bool(PUBLICATION_RE.match(norm))


def publication_date(norm: str) -> dt.date | None:
    """The date of a "发布时间：2025-04-11" line (not 成文日期: that is the report's own date)."""
    m = _PUB_DATE_LABEL.search(norm)
    if not m:
        return None
    d = _ANY_DATE.search(norm, m.end())
    if not d or d.start() - m.end() > 2:
        return None
    try:
        return dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
    except ValueError:
        return None


def publication_due(year: int) -> dt.date:
    """The last day to publish the report on year `year`."""
    return dt.date(year + 1, 4, 1)
