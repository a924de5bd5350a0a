"""Rates: every quoted rate with the counts it is computed from, paired within its own clause
group and sentence, and whether the arithmetic holds at the rounding used."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor

from fazhi.core.numerals import CN_NUM_CHARS, parse_number
from fazhi.reportcheck.loader import Paragraph
from fazhi.reportcheck.result import Rate, _json_number
from fazhi.reportcheck.rules import Context, register_check

PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)%")
# The rate's name just before the figure, allowing a short verb (达, 达到, 均为, 保持在).
RATE_NAME_RE = re.compile(r"([\u4e00-\u9fff]{0,8}(?:率|占比))([^,;:。!?%\d率()]{0,5})$")
_CHANGE_WORDS = re.compile(r"提高|提升了|增长|下降|上升|同比|增加|减少")
UNITS = "件次|人次|户次|场次|件|次|人|名|个|起|宗|场|户|家|所|份|批|项|条|期|位|例|笔|单|篇"
COUNT_RE = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)(万)?({UNITS})")
_COUNT_BOUNDARY = ",;:。!?()%"

# rate name → (numerator words, denominator words); the longest word matching a count's lead-in decides.
RATE_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "调解成功率": (("调解成功", "成功调解", "成功", "达成协议"), ("调解", "受理", "排查")),
    "调处成功率": (("调处成功", "成功调处", "成功"), ("调处", "受理", "排查")),
    "化解率": (
        ("化解", "成功化解", "调处成功", "调解成功", "成功调解", "成功调处"),
        ("受理", "排查", "摸排", "收到", "接到", "登记", "发现"),
    ),
    "调处率": (("调处",), ("受理", "排查", "收到")),
    "参考率": (("参考", "实考", "实际参考", "参加考试", "实际参加"), ("应考", "应参考", "应参加", "报名")),
    "参学率": (("参学", "实际参学", "参加学习"), ("应参学", "应学")),
    "通过率": (("通过", "考试通过", "合格"), ("参考", "实考", "实际参考", "参加考试", "实际参加")),
    "合格率": (("合格", "考试合格", "通过"), ("参考", "实考", "实际参考", "参加考试", "实际参加")),
    "出庭应诉率": (
        ("出庭应诉", "出庭"),
        ("开庭", "应诉案件", "行政诉讼案件", "行政诉讼", "应出庭", "被诉", "应诉"),
    ),
    "办结率": (
        ("办结", "按时办结", "按期办结", "及时办结"),
        ("受理", "收到", "交办", "登记", "接收", "转办", "办理", "接到"),
    ),
    "及时率": (("及时", "按时", "按期"), ("受理", "收到", "交办", "登记", "接收", "转办")),
    "答复率": (("按期答复", "按时答复", "及时答复"), ("答复", "办结", "办理")),
    "公示率": (("按期公示", "按时公示", "公示"), ("执法决定", "作出决定", "决定")),
    "满意率": (("满意", "表示满意"), ("回访", "测评", "调查", "评价", "参评")),
    "整改率": (("整改到位", "完成整改", "已整改", "整改"), ("发现", "反馈", "交办", "收到", "涉及", "指出")),
    "完成率": (("完成", "已完成"), ("计划", "交办", "下达", "任务")),
    "落实率": (("落实", "已落实"), ("交办", "涉及", "收到")),
    "受理率": (("受理",), ("申请", "收到", "接到")),
    "覆盖率": (("覆盖", "配备", "建成", "设立"), ("共有", "辖区", "全镇")),
}
_UNIT_FAMILY = {"件次": "件", "人次": "人", "名": "人", "户次": "户", "场次": "场"}


@dataclass
class Count:
    """A number with its measure word, and the words leading up to it in its clause."""

    start: int
    end: int
    value: Decimal
    unit: str
    lead_start: int
    lead: str


def find_counts(norm: str) -> list[Count]:
    counts = []
    for m in COUNT_RE.finditer(norm):
        raw = m.group(1)
        value = parse_number(raw)
        if value is None:
            continue
        # 一村一, 两个维护: a Chinese numeral glued to more numerals or letters is a name, not a count.
        if not raw[0].isdigit() and m.end() < len(norm) and norm[m.end()] in CN_NUM_CHARS:
            continue
        if m.group(2):
            value *= 10000
        k = m.start()
        while k > 0 and norm[k - 1] not in _COUNT_BOUNDARY and not (counts and k <= counts[-1].end):
            k -= 1
        counts.append(Count(m.start(), m.end(), value, m.group(3), k, norm[k : m.start()]))
    return counts


def _rate_key(name: str) -> str | None:
    for key in sorted(RATE_PARTS, key=len, reverse=True):
        if key in name:
            return key
    return None


def _role(count: Count, key: str | None) -> str | None:
    if key is None:
        return None
    num_words, den_words = RATE_PARTS[key]
    num = max((len(w) for w in num_words if w in count.lead), default=0)
    den = max((len(w) for w in den_words if w in count.lead), default=0)
    if num > den:
        return "num"
    if den > num:
        return "den"
    return None


def expected_percent(numerator: Decimal, denominator: Decimal, decimals: int) -> Decimal:
    """The percentage as it should be written at `decimals` places: half-up, and 100%/0% only when exact."""
    exact = Fraction(numerator) * 100 / Fraction(denominator)
    scale = 10**decimals
    rounded = Fraction(floor(exact * scale + Fraction(1, 2)), scale)
    if rounded == 100 and exact != 100:
        rounded = 100 - Fraction(1, scale)
    elif rounded == 0 and exact != 0:
        rounded = Fraction(1, scale)
    return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(Decimal(1).scaleb(-decimals))


def _nearest(counts: list[Count], below: int, floor_start: int, role: str, key: str | None):
    """The last of counts[:below] starting at or after `floor_start` that plays `role` in the rate."""
    for j in range(below - 1, -1, -1):
        c = counts[j]
        if c.start < floor_start:
            return None, j
        if _role(c, key) == role:
            return c, j
    return None, 0


def check_rates(para: Paragraph) -> list[Rate]:
    norm = para.norm
    counts = find_counts(norm)
    ends = [c.end for c in counts]
    rates = []
    previous_end = 0
    for m in PERCENT_RE.finditer(norm):
        prefix = norm[max(previous_end, m.start() - 20) : m.start()]
        name_match = RATE_NAME_RE.search(prefix)
        if not name_match or _CHANGE_WORDS.search(name_match.group(2)):
            continue
        name_start = m.start() - len(prefix) + name_match.start()
        key = _rate_key(name_match.group(1))
        sentence_start = para.sentence_start(m.start())
        # A semicolon closes a clause group: counts before it belong to other rates.
        group_start = max(sentence_start, norm.rfind(";", sentence_start, m.start()) + 1)
        window_start = max(previous_end, group_start)
        # Without a semicolon the sentence before may state the total ("全年受理40件。其中调处38件…").
        den_floor = group_start
        if group_start == sentence_start:
            den_floor = para.sentence_start(max(sentence_start - 1, 0))
        below = bisect.bisect_right(ends, name_start)
        numerator, at = _nearest(counts, below, window_start, "num", key)
        denominator = None
        if numerator is not None:
            denominator, _ = _nearest(counts, at, den_floor, "den", key)
        elif key is None:
            # Unknown wording: two counts of the same kind in the clause group, the later one the part.
            # (A known rate whose parts are not written stays unverifiable rather than guessed.)
            in_window = [c for c in counts[max(below - 2, 0) : below] if c.start >= window_start]
            if len(in_window) >= 2:
                first, second = in_window[-2], in_window[-1]
                same_unit = _UNIT_FAMILY.get(first.unit, first.unit) == _UNIT_FAMILY.get(
                    second.unit, second.unit
                )
                if same_unit and 0 < second.value <= first.value and _role(first, key) != "num":
                    numerator, denominator = second, first
        stated = Decimal(m.group(1))
        decimals = -stated.as_tuple().exponent if "." in m.group(1) else 0
        rate = Rate(line=0, text="", stated_percent=stated)
        text_start = name_start
        if numerator is not None:
            rate.numerator = numerator.value
            text_start = numerator.lead_start
        if denominator is not None:
            rate.denominator = denominator.value
            text_start = min(text_start, denominator.lead_start)
        if rate.numerator is not None and rate.denominator:
            rate.computed_percent = expected_percent(rate.numerator, rate.denominator, decimals)
            rate.ok = rate.computed_percent == stated and rate.numerator <= rate.denominator
        rate.text = para.quote(text_start, m.end())
        rate.line = para.sentence_line(text_start)
        rates.append(rate)
        previous_end = m.end()
    return rates


@register_check(
    "rates",
    "比率计算错误",
    title="比率",
    template="reportcheck/rules/_rates.html",
    describe=lambda r: describe_rate(r),
    empty="未发现比率",
    count=lambda result: sum(1 for r in result.get("rates", []) if r.get("ok") is False),
)
def rates(context: Context) -> list[Rate]:
    return [r for para in context.paragraphs for r in check_rates(para)]


def describe_rate(r: Rate) -> str:
    if r.ok is None:
        verdict = "未写明分子分母，无法核对"
    elif r.ok:
        verdict = f"{_json_number(r.numerator)}/{_json_number(r.denominator)}，计算相符"
    else:
        verdict = (
            f"{_json_number(r.numerator)}/{_json_number(r.denominator)}，"
            f"应为{_json_number(r.computed_percent)}%，写作{_json_number(r.stated_percent)}%，不相符"
        )
    return f"第{r.line}行“{r.text}”：{verdict}"
