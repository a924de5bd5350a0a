"""Clock rules and due-date computation: length, unit, roll forward, pauses and extensions.

Order of computation, which `DueDate.explanation` follows line by line:

1. Base: start + length natural days, or the length-th working day after start (the start day is
   never counted); for a rule without a length the due date given on the record.
2. Extension (if any): its days are added to the base due date, after rolling it to a working day
   when the rule rolls forward (the extension runs from the end of the original period).
3. Pauses, oldest first: the paused days from the day after start on push the due date later
   (natural days for natural rules, working days inside the pause for working-day rules). A pause
   that begins after the due date computed so far is ignored (an overdue clock cannot be revived),
   so a pause inside an extended period counts. An open pause (to = None) stops the clock: due is None.
4. Roll: if the rule rolls forward and the due date is not a working day, the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from fazhi.deadlines.calendar import (
    WEEKDAY_NAMES,
    WorkCalendar,
    describe_days_off,
    format_date,
    format_date_weekday,
)

NATURAL = "natural"
WORKDAY = "workday"
UNITS = (NATURAL, WORKDAY)
UNIT_LABELS = {NATURAL: "日", WORKDAY: "个工作日"}

ONE_DAY = dt.timedelta(days=1)

Pause = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Rule:
    """A legal clock: how long, in which days, from which event, on what legal ground."""

    key: str
    label: str
    length: int | None  # None: the due date is given on the record (e.g. 整改期限)
    unit: str  # NATURAL or WORKDAY
    roll_forward: bool  # a last day that is not a working day runs to the next working day
    legal_source: str
    start_event: str = ""  # e.g. 收到信访事项之日; shown in the explanation
    max_extension: int | None = None  # longest extension allowed, in the rule's unit

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")
        if self.length is not None and self.length < 0:
            raise ValueError("length must be >= 0")

    @property
    def length_text(self) -> str:
        if self.length is None:
            return "期限由记录载明"
        return f"{self.length}{UNIT_LABELS[self.unit]}"


@dataclass(frozen=True)
class DueDate:
    """A computed due date, whether it rests on an unknown calendar year, and how it was reached."""

    due: dt.date | None  # None while the clock is paused
    uncertain: bool
    explanation: list[str] = field(default_factory=list)

    @property
    def paused(self) -> bool:
        return self.due is None

    @property
    def text(self) -> str:
        return "暂停中" if self.due is None else format_date(self.due)


class _Computation:
    """State of one compute_due call; keeps the explanation next to each step."""

    def __init__(self, rule: Rule, start: dt.date, calendar: WorkCalendar):
        self.rule = rule
        self.start = start
        self.calendar = calendar
        self.lines: list[str] = []
        self.unknown_years: set[int] = set()

    def consulted(self, a: dt.date, b: dt.date) -> None:
        self.unknown_years.update(self.calendar.unknown_years(a, b))

    def add(self, day: dt.date, n: int, unit: str) -> dt.date:
        if unit == NATURAL:
            return day + dt.timedelta(days=n)
        result = self.calendar.add_workdays(day, n)
        self.consulted(day, result)
        return result

    def rolled(self, day: dt.date) -> dt.date:
        """Where the rule's roll to a working day leads, without explaining it."""
        if not self.rule.roll_forward:
            return day
        result = self.calendar.next_workday(day)
        self.consulted(day, result)
        return result

    def roll(self, day: dt.date) -> dt.date:
        result = self.rolled(day)
        if result != day:
            self.lines.append(f"届满日{self.day(day)}不是工作日，顺延至其后第一个工作日{self.day(result)}。")
            skipped = describe_days_off(self.calendar.days_off(day - ONE_DAY, result))
            self.lines.append(f"顺延跳过的非工作日：{skipped}。")
        return result

    def day(self, d: dt.date) -> str:
        """Date with weekday; a weekend working day says so, or 周日 would look like a mistake."""
        if d.weekday() >= 5 and self.calendar.is_workday(d):
            return f"{format_date(d)}（{WEEKDAY_NAMES[d.weekday()]}，调休上班）"
        return format_date_weekday(d)

    def skipped_line(self, a: dt.date, b: dt.date) -> None:
        days_off = self.calendar.days_off(a, b)
        if days_off:
            self.lines.append(f"其间不计的非工作日：{describe_days_off(days_off)}。")


def compute_due(
    rule: Rule,
    start: dt.date,
    calendar: WorkCalendar,
    *,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
    extension_unit: str | None = None,
    given_due: dt.date | None = None,
) -> DueDate:
    """Due date of `rule` started on `start`; see the module docstring for the order of the steps."""
    if extension_days < 0:
        raise ValueError("extension_days must be >= 0")
    if rule.max_extension is not None and extension_days > rule.max_extension:
        raise ValueError(f"{rule.label}最多延长{rule.max_extension}{UNIT_LABELS[rule.unit]}")
    extension_unit = extension_unit or rule.unit
    if extension_unit not in UNITS:
        raise ValueError(f"extension_unit must be one of {UNITS}, not {extension_unit!r}")

    c = _Computation(rule, start, calendar)
    event = f"{rule.start_event}，" if rule.start_event else ""
    c.lines.append(f"起算日：{event}{c.day(start)}；期间自次日起计算。")
    c.lines.append(f"规则：{rule.label}，{rule.length_text}；依据：{rule.legal_source}。")

    # 1. Base.
    if rule.length is None:
        if given_due is None:
            raise ValueError(f"{rule.label}的期限由记录载明，须提供 given_due")
        due = given_due
        c.lines.append(f"记录载明的期限为{c.day(due)}。")
    elif rule.unit == NATURAL:
        due = start + dt.timedelta(days=rule.length)
        c.lines.append(f"{format_date(start)}后第{rule.length}日为{c.day(due)}。")
    else:
        due = c.add(start, rule.length, WORKDAY)
        c.lines.append(f"{format_date(start)}后第{rule.length}个工作日为{c.day(due)}。")
        c.skipped_line(start, due)

    # 2. Extension, counted from the end of the original period.
    if extension_days:
        due = c.roll(due)
        before = due
        due = c.add(due, extension_days, extension_unit)
        c.lines.append(
            f"经批准延长{extension_days}{UNIT_LABELS[extension_unit]}，"
            f"自{format_date(before)}起延至{c.day(due)}。"
        )
        if extension_unit == WORKDAY:
            c.skipped_line(before, due)

    # 3. Pauses.
    for frm, to in _merge_pauses(pauses):
        first_counted = max(frm, start + ONE_DAY)
        if to is not None and to < first_counted:
            c.lines.append(f"暂停{_span(frm, to)}在期间开始之前，不影响期限。")
            continue
        if first_counted > c.rolled(due):
            c.lines.append(f"暂停自{format_date(frm)}起，已在期限届满之后，不予顺延。")
            continue
        if to is None:
            c.lines.append(
                f"自{format_date(first_counted)}起暂停计算，期限暂停中，恢复计算后重新确定截止日期。"
            )
            return DueDate(None, bool(c.unknown_years), c.lines + _warning(c.unknown_years))
        if rule.unit == WORKDAY:
            paused = calendar.workdays_between(first_counted - ONE_DAY, to)
            c.consulted(first_counted, to)
        else:
            paused = (to - first_counted).days + 1
        before = due
        due = c.add(due, paused, rule.unit)
        c.lines.append(
            f"暂停{_span(first_counted, to)}，计{paused}{UNIT_LABELS[rule.unit]}不计入期限，"
            f"期限由{format_date(before)}顺延至{c.day(due)}。"
        )

    # 4. Roll.
    due = c.roll(due)
    c.lines.append(f"截止日期：{c.day(due)}。")
    return DueDate(due, bool(c.unknown_years), c.lines + _warning(c.unknown_years))


def _merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """Sort pauses and merge overlapping or adjacent ones, so no day is counted twice."""
    merged: list[list] = []
    for frm, to in sorted(pauses, key=lambda p: p[0]):
        if to is not None and to < frm:
            raise ValueError(f"pause ends ({to}) before it begins ({frm})")
        if merged and (merged[-1][1] is None or frm <= merged[-1][1] + ONE_DAY):
            last = merged[-1]
            last[1] = None if (last[1] is None or to is None) else max(last[1], to)
        else:
            merged.append([frm, to])
    return [(frm, to) for frm, to in merged]


def _span(frm: dt.date, to: dt.date) -> str:
    if frm == to:
        return format_date(frm)
    return f"{format_date(frm)}至{format_date(to)}"


def _warning(unknown_years: set[int]) -> list[str]:
    if not unknown_years:
        return []
    years = "、".join(f"{y}年" for y in sorted(unknown_years))
    return [f"注意：日历尚无{years}的节假日安排，暂按周一至周五为工作日推算，该日期待节假日安排录入后核实。"]


def days_left(
    due: dt.date | None, today: dt.date, calendar: WorkCalendar, *, unit: str = NATURAL
) -> int | None:
    """Days from today to due in the rule's unit: 0 on the due day, negative once overdue, None if paused.

    Working days: (today, due] counted while on time; once overdue at least -1, so that the weekend
    after a Friday due date already shows overdue.
    """
    if due is None:
        return None
    if unit == NATURAL:
        return (due - today).days
    if unit != WORKDAY:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    if today <= due:
        return calendar.workdays_between(today, due)
    return -max(1, calendar.workdays_between(due, today))


def is_on_time(due: dt.date | None, done_on: dt.date) -> bool:
    """Done on or before the due day; a paused clock (due None) cannot be late."""
    return due is None or done_on <= due


_PETITION = "《信访工作条例》（2022年）"
_PUBLICITY = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）"
)

DEFAULT_RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            "petition_acceptance",
            "信访事项受理告知",
            15,
            NATURAL,
            True,
            f"{_PETITION}：收到信访事项之日起15日内告知信访人是否受理",
            start_event="收到信访事项之日",
        ),
        Rule(
            "petition_reply",
            "信访事项办理答复",
            60,
            NATURAL,
            True,
            f"{_PETITION}：自受理之日起60日内办结；情况复杂的，经负责人批准可适当延长，延长期限不得超过30日",
            start_event="受理之日",
            max_extension=30,
        ),
        Rule(
            "petition_review_request",
            "请求复查",
            30,
            NATURAL,
            True,
            f"{_PETITION}：信访人不服处理意见的，可自收到书面答复之日起30日内请求复查",
            start_event="收到书面答复之日",
        ),
        Rule(
            "petition_review_reply",
            "复查意见答复",
            30,
            NATURAL,
            True,
            f"{_PETITION}：自收到复查请求之日起30日内提出复查意见并书面答复",
            start_event="收到复查请求之日",
        ),
        Rule(
            "petition_recheck_request",
            "请求复核",
            30,
            NATURAL,
            True,
            f"{_PETITION}：信访人不服复查意见的，可自收到书面答复之日起30日内请求复核",
            start_event="收到复查意见之日",
        ),
        Rule(
            "petition_recheck_reply",
            "复核意见",
            30,
            NATURAL,
            True,
            f"{_PETITION}：自收到复核请求之日起30日内提出复核意见；听证所需时间不计算在期限内",
            start_event="收到复核请求之日",
        ),
        Rule(
            "publicity_permit_penalty",
            "执法决定公示（行政许可、行政处罚）",
            7,
            WORKDAY,
            True,
            f"{_PUBLICITY}：行政许可、行政处罚的执法决定信息自执法决定作出之日起7个工作日内公开",
            start_event="执法决定作出之日",
        ),
        Rule(
            "publicity_other",
            "执法决定公示（其他执法决定）",
            20,
            WORKDAY,
            True,
            f"参照{_PUBLICITY}；其他执法决定20个工作日为本平台默认值，可按本地规定调整",
            start_event="执法决定作出之日",
        ),
        Rule(
            "legality_review",
            "合法性审查",
            7,
            WORKDAY,
            True,
            "《重大行政决策程序暂行条例》：送请合法性审查应当保证必要的审查时间，一般不少于7个工作日"
            "（本平台默认审查期限）",
            start_event="提交审查之日",
        ),
        Rule(
            "ticket_reply",
            "工单办理",
            5,
            WORKDAY,
            True,
            "上级平台（12345热线、互联网+督查等）交办时限；平台未载明时默认5个工作日",
            start_event="接收工单之日",
        ),
        Rule(
            "judicial_confirmation",
            "申请司法确认",
            30,
            NATURAL,
            True,
            "《中华人民共和国人民调解法》第三十三条：自调解协议生效之日起三十日内共同向人民法院申请司法确认",
            start_event="调解协议生效之日",
        ),
        Rule(
            "rectification",
            "整改期限",
            None,
            NATURAL,
            False,
            "整改通知（巡视、巡察、审计、督查、司法建议、检察建议等）载明的整改期限",
            start_event="收到整改事项之日",
        ),
    )
}
