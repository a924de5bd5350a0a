"""Mainland working-day calendar: chinese_calendar's data plus administrator overrides.

Definitions callers rely on:

* A day is a working day when an override says "workday"; otherwise not when an override says
  "holiday"; otherwise as chinese_calendar says for the years it covers; otherwise Monday–Friday.
* A year is *known* when chinese_calendar covers it, or when the overrides hold at least one
  "holiday" for that year (an administrator has entered that year's holidays). A lone "workday"
  override does not make a year known: 调休 workdays without their holidays are half a calendar.
* Results touching an unknown year are still computed (Monday–Friday) but are *uncertain*;
  callers must show a warning, see `WorkCalendar.uncertain`.
* Counting never includes the start day: "7个工作日" from a decision on day D ends on the
  7th working day after D.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

import chinese_calendar as cc

HOLIDAY = "holiday"
WORKDAY = "workday"
OVERRIDE_KINDS = (HOLIDAY, WORKDAY)

PACKAGE_FIRST_YEAR = min(cc.holidays).year
PACKAGE_LAST_YEAR = max(cc.holidays).year

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# Why a day is not a working day; the names are what callers may match on.
OFF_WEEKEND = "weekend"
OFF_HOLIDAY = "holiday"
OFF_IN_LIEU = "in_lieu"
OFF_OVERRIDE = "override"


def _holiday_name(english: str | None) -> str | None:
    """Chinese name of a chinese_calendar holiday value ("Spring Festival" -> "春节")."""
    if not english:
        return None
    try:
        return cc.Holiday(english).chinese
    except ValueError:
        return english


def format_date(d: dt.date) -> str:
    """2024年10月1日 — the form used in every explanation line."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_date_weekday(d: dt.date) -> str:
    return f"{format_date(d)}（{WEEKDAY_NAMES[d.weekday()]}）"


@dataclass(frozen=True)
class DayOff:
    """One non-working day and why it is one."""

    date: dt.date
    kind: str  # OFF_WEEKEND / OFF_HOLIDAY / OFF_IN_LIEU / OFF_OVERRIDE
    name: str | None = None  # holiday name (春节) when known

    @property
    def reason(self) -> str:
        if self.kind == OFF_WEEKEND:
            return "周末"
        if self.kind == OFF_OVERRIDE:
            return f"{self.name}（管理员设置）" if self.name else "节假日（管理员设置）"
        label = "法定节假日" if self.kind == OFF_HOLIDAY else "调休"
        return f"{label}（{self.name}）" if self.name else label

    @property
    def group(self) -> str:
        """Label shared by consecutive days of one break, so 10月1日至7日 reads as one 国庆节假期."""
        if self.kind == OFF_WEEKEND:
            return "周末"
        if self.kind == OFF_OVERRIDE:
            return self.reason
        return f"{self.name}假期" if self.name else "节假日"


@dataclass(frozen=True)
class _Year:
    first: int  # ordinal of 1 January
    flags: bytes  # 1 = working day, indexed by ordinal - first
    workdays: tuple[int, ...]  # ordinals of working days, ascending
    known: bool


class WorkCalendar:
    """Working days of mainland China: chinese_calendar plus overrides, which always win."""

    def __init__(
        self,
        overrides: Mapping[dt.date, str] | None = None,
        names: Mapping[dt.date, str] | None = None,
    ):
        """`overrides`: {date: "holiday"|"workday"}; `names`: optional display names of override days."""
        self._overrides: dict[dt.date, str] = {}
        for day, kind in (overrides or {}).items():
            if kind not in OVERRIDE_KINDS:
                raise ValueError(f"override for {day} must be 'holiday' or 'workday', not {kind!r}")
            self._overrides[_as_date(day)] = kind
        self._names = {_as_date(day): name for day, name in (names or {}).items()}
        self._override_holiday_years = {d.year for d, k in self._overrides.items() if k == HOLIDAY}
        # Built lazily per year; a calendar is immutable, so the cache never goes stale.
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return f"<WorkCalendar {len(self._overrides)} overrides>"

    # -- per-year data --------------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = self._build_year(year)
        return data

    def _build_year(self, year: int) -> _Year:
        first = dt.date(year, 1, 1).toordinal()
        size = dt.date(year, 12, 31).toordinal() - first + 1
        in_package = PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR
        flags = bytearray(size)
        for i in range(size):
            day = dt.date.fromordinal(first + i)
            kind = self._overrides.get(day)
            if kind is not None:
                flags[i] = kind == WORKDAY
            elif in_package:
                flags[i] = day in cc.workdays or (day.weekday() < 5 and day not in cc.holidays)
            else:
                flags[i] = day.weekday() < 5
        workdays = tuple(first + i for i in range(size) if flags[i])
        known = in_package or year in self._override_holiday_years
        return _Year(first=first, flags=bytes(flags), workdays=workdays, known=known)

    # -- single days ----------------------------------------------------------------------------

    def is_workday(self, d: dt.date) -> bool:
        d = _as_date(d)
        data = self._year(d.year)
        return bool(data.flags[d.toordinal() - data.first])

    def is_known(self, d: dt.date) -> bool:
        """True if d's year is covered by chinese_calendar or has at least one holiday override."""
        return self._year(_as_date(d).year).known

    def day_off(self, d: dt.date) -> DayOff | None:
        """Why d is not a working day, or None if it is one."""
        d = _as_date(d)
        if self.is_workday(d):
            return None
        if self._overrides.get(d) == HOLIDAY:
            return DayOff(d, OFF_OVERRIDE, self._names.get(d))
        if PACKAGE_FIRST_YEAR <= d.year <= PACKAGE_LAST_YEAR and d in cc.holidays:
            kind = OFF_IN_LIEU if d in cc.in_lieu_days else OFF_HOLIDAY
            return DayOff(d, kind, _holiday_name(cc.holidays[d]))
        return DayOff(d, OFF_WEEKEND)

    def next_workday(self, d: dt.date) -> dt.date:
        """d itself if it is a working day, else the first working day after it."""
        d = _as_date(d)
        if self.is_workday(d):
            return d
        return self.add_workdays(d, 1)

    # -- ranges ---------------------------------------------------------------------------------

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after start (start not counted); n = 0 returns start unchanged."""
        start = _as_date(start)
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            # Unchanged rather than rolled, so that workdays_between(start, result) == n holds.
            return start
        after = start.toordinal()
        year = start.year
        while True:
            workdays = self._year(year).workdays
            i = bisect_right(workdays, after)
            available = len(workdays) - i
            if n <= available:
                return dt.date.fromordinal(workdays[i + n - 1])
            n -= available
            year += 1
            after = dt.date(year, 1, 1).toordinal() - 1

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative (counted in (end, start]) when end is before start."""
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.workdays_between(end, start)
        lo, hi = start.toordinal(), end.toordinal()
        count = 0
        for year in range(start.year, end.year + 1):
            workdays = self._year(year).workdays
            count += bisect_right(workdays, hi) - bisect_right(workdays, lo)
        return count

    def days_off(self, start: dt.date, end: dt.date) -> list[DayOff]:
        """Non-working days in (start, end], oldest first."""
        start, end = _as_date(start), _as_date(end)
        result = []
        for ordinal in range(start.toordinal() + 1, end.toordinal() + 1):
            off = self.day_off(dt.date.fromordinal(ordinal))
            if off is not None:
                result.append(off)
        return result

    def skipped_days(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Non-working days in (start, end] with a Chinese reason: 周末, 法定节假日（春节）, 调休（春节）…"""
        return [(off.date, off.reason) for off in self.days_off(start, end)]

    def uncertain(self, start: dt.date, end: dt.date) -> bool:
        """True if any day from start to end (both included, either order) lies in an unknown year."""
        start, end = sorted((_as_date(start), _as_date(end)))
        return any(not self._year(year).known for year in range(start.year, end.year + 1))

    def unknown_years(self, start: dt.date, end: dt.date) -> list[int]:
        start, end = sorted((_as_date(start), _as_date(end)))
        return [year for year in range(start.year, end.year + 1) if not self._year(year).known]


def describe_days_off(days: list[DayOff]) -> str:
    """Consecutive days of one break as one range: "2024年10月1日至10月7日（国庆节假期）、…"."""
    parts = []
    run: list[DayOff] = []
    for off in days:
        if run and (off.group != run[-1].group or off.date.toordinal() != run[-1].date.toordinal() + 1):
            parts.append(_describe_run(run))
            run = []
        run.append(off)
    if run:
        parts.append(_describe_run(run))
    return "、".join(parts)


def _describe_run(run: list[DayOff]) -> str:
    first, last = run[0].date, run[-1].date
    if first == last:
        span = format_date(first)
    elif first.year == last.year:
        span = f"{format_date(first)}至{last.month}月{last.day}日"
    else:
        span = f"{format_date(first)}至{format_date(last)}"
    return f"{span}（{run[0].group}）"


def _as_date(d: dt.date) -> dt.date:
    # datetime is a subclass of date; strip the time so ordinals and dict look-ups agree.
    return d.date() if isinstance(d, dt.datetime) else d
