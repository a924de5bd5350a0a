"""What a clock looks like to a user: due date, working days left, state, and how it was computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from fazhi.core import ledgers

from . import engine
from .calendar import WorkCalendar, format_date
from .rules import WORKDAY, days_left

UNCERTAIN_NOTE = "该年度节假日安排尚未录入，暂按周一至周五推算，日期待核实"


@dataclass
class ClockView:
    """A clock as shown on a detail page, in 到期提醒 and in the API."""

    clock: object
    days_left: int | None  # working days; negative once overdue; None when paused or finished
    state: str  # running / soon / overdue / paused / done / closed / lapsed
    state_label: str
    badge: str  # Bootstrap colour

    @property
    def ledger_label(self) -> str:
        spec = ledgers.get(self.clock.ledger)
        return spec.label if spec else self.clock.ledger

    @property
    def paused(self) -> bool:
        return self.clock.is_open and self.clock.due_on is None

    @property
    def days_left_text(self) -> str:
        if self.days_left is None:
            return "—"
        if self.days_left < 0:
            return f"逾期{-self.days_left}个工作日"
        if self.days_left == 0:
            return "今日到期"
        return f"剩余{self.days_left}个工作日"

    @property
    def due_text(self) -> str:
        return format_date(self.clock.due_on) if self.clock.due_on else "暂停中"

    @property
    def uncertain_note(self) -> str:
        return UNCERTAIN_NOTE if self.clock.uncertain else ""


SOON_WORKDAYS = 5


def view(clock, *, today: dt.date, calendar: WorkCalendar, soon: int = SOON_WORKDAYS) -> ClockView:
    if not clock.is_open:
        if clock.done_on is not None:
            ok = clock.on_time
            label = "按期完成" if ok else ("逾期完成" if ok is False else "已完成")
            return ClockView(clock, None, "done", label, "success" if ok is not False else "danger")
        if clock.window and clock.due_on and clock.due_on < today:
            return ClockView(clock, None, "lapsed", "期限已过", "secondary")
        return ClockView(clock, None, "closed", "已结束", "secondary")
    if clock.due_on is None:
        return ClockView(clock, None, "paused", "暂停计算", "secondary")
    left = days_left(clock.due_on, today, calendar, unit=WORKDAY)
    if left < 0:
        if clock.window:
            return ClockView(clock, None, "lapsed", "期限已过", "secondary")
        return ClockView(clock, left, "overdue", "已逾期", "danger")
    if left <= soon:
        return ClockView(clock, left, "soon", "即将到期", "warning")
    return ClockView(clock, left, "running", "进行中", "primary")


def clock_views(record) -> list[ClockView]:
    """The record's clocks for its detail page, in the order of their start."""
    from .models import Clock

    ct = ContentType.objects.get_for_model(type(record))
    clocks = Clock.objects.filter(content_type=ct, object_id=record.pk).prefetch_related("pauses")
    calendar, today = engine.get_calendar(), engine.today()
    return [view(c, today=today, calendar=calendar) for c in sorted(clocks, key=lambda c: (c.start_on, c.pk))]
