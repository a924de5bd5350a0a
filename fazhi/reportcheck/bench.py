"""How the report check's cost grows with a report's length (`check_scale_ratio` in `fazhi bench`).

A .docx of 5,000 paragraphs against one of 500, each with rates, counts and a 一是/二是 list, read,
checked and compared for copying with a second report of the same paragraphs (the worst case for
copy detection: every paragraph has a match). Near-linear cost keeps the ratio near 10; the goal
is ≤ 12.
"""

from __future__ import annotations

import io
import statistics
import time

from .analysis import Peer, analyse
from .loader import load_report

_PARAGRAPH = (
    "第{n}项：我镇持续深化法治政府建设，一是健全矛盾纠纷排查化解机制，全年受理矛盾纠纷{a}件次，"
    "成功调处{b}件，调处成功率{rate}%；二是推进公正文明执法，作出行政处罚决定{c}件，按时公示{c}件。"
)


def _docx(paragraphs: int) -> bytes:
    import docx

    document = docx.Document()
    for n in range(paragraphs):
        a = 40 + n % 60
        b = a - 2
        document.add_paragraph(_PARAGRAPH.format(n=n, a=a, b=b, rate=f"{100 * b / a:.1f}", c=10 + n % 7))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _seconds(data: bytes, repeat: int) -> float:
    def once():
        report = load_report(data, "报告.docx")
        peer = Peer("另一份报告", "白石镇", 2024, [p.norm for p in report.paragraphs])
        analyse(report, township_name="青山镇", year=2024, peers=[peer], compare_filed=False)

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(repeat: int = 3) -> dict:
    small, large = _docx(500), _docx(5000)
    _seconds(small, 1)  # warm imports and regex caches; not counted
    small_s, large_s = _seconds(small, repeat), _seconds(large, repeat)
    return {"check_scale_ratio": large_s / small_s, "small": round(small_s, 4), "large": round(large_s, 4)}
