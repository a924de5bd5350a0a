"""WorkCalendar against chinese_calendar's 2024–2026 data, overrides and unknown years."""

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.deadlines.calendar import WorkCalendar

D = dt.date
CAL = WorkCalendar()

# 2027 as an administrator might enter it before chinese_calendar knows it.
OVERRIDES_2027 = {
    D(2027, 1, 1): "holiday",
    D(2027, 2, 5): "holiday",  # a Friday
    D(2027, 2, 8): "holiday",  # a Monday
    D(2027, 2, 13): "workday",  # a Saturday
}
CAL_2027 = WorkCalendar(OVERRIDES_2027, names={D(2027, 2, 5): "春节"})

dates = st.dates(min_value=D(2003, 1, 1), max_value=D(2028, 12, 31))
counts = st.integers(min_value=0, max_value=400)
calendars = st.sampled_from([CAL, CAL_2027])


def days(start, end):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# -- real calendar edges (checked by hand against chinese_calendar 1.11's constants.py) ----------


@pytest.mark.parametrize(
    ("off_from", "off_to", "extra_workdays"),
    [
        (D(2024, 2, 10), D(2024, 2, 17), [D(2024, 2, 4), D(2024, 2, 18)]),  # 春节 2024, both Sundays
        (D(2024, 10, 1), D(2024, 10, 7), [D(2024, 9, 29), D(2024, 10, 12)]),  # 国庆 2024
        (D(2025, 1, 28), D(2025, 2, 4), [D(2025, 1, 26), D(2025, 2, 8)]),  # 春节 2025
        (D(2025, 10, 1), D(2025, 10, 8), [D(2025, 9, 28), D(2025, 10, 11)]),  # 国庆 2025
        (D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),  # 春节 2026, both Saturdays
        (D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),  # 国庆 2026
    ],
)
def test_it_knows_the_big_holidays(off_from, off_to, extra_workdays):
    assert not any(CAL.is_workday(d) for d in days(off_from, off_to))
    for d in extra_workdays:
        assert d.weekday() >= 5
        assert CAL.is_workday(d)


def test_it_knows_mid_autumn_2026_without_makeup_day():
    assert [CAL.is_workday(d) for d in days(D(2026, 9, 24), D(2026, 9, 28))] == [
        True,
        False,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 9-29 Sun (调休上班) 1, 9-30 2, 10-1..7 off, 10-8..11 3–6, 10-12 Sat (调休上班) 7
        (D(2024, 9, 27), 7, D(2024, 10, 12)),
        # 2-4 Sun 1, 2-5..9 2–6, 2-10..17 off, 2-18 Sun 7
        (D(2024, 2, 2), 7, D(2024, 2, 18)),
        # 1-26 Sun 1, 1-27 2, 1-28..2-4 off, 2-5..7 3–5, 2-8 Sat 6
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        (D(2025, 1, 24), 6, D(2025, 2, 8)),
        # 9-28 Sun 1, 9-29..30 2–3, 10-1..8 off, 10-9..10 4–5, 10-11 Sat 6, 10-12 Sun off, 10-13 7
        (D(2025, 9, 26), 7, D(2025, 10, 13)),
        # 2-12..13 1–2, 2-14 Sat 3, 2-15..23 off, 2-24..25 4–5
        (D(2026, 2, 11), 5, D(2026, 2, 25)),
        # 9-20 Sun 1, 9-21..24 2–5, 9-25..27 中秋, 9-28..30 6–8, 10-1..7 off, 10-8..9 9–10,
        # 10-10 Sat 11, 10-12..16 12–16, 10-19..22 17–20
        (D(2026, 9, 18), 20, D(2026, 10, 22)),
        # across New Year 2025 (1-1 off)
        (D(2024, 12, 30), 2, D(2025, 1, 2)),
    ],
)
def test_it_adds_workdays_over_holidays(start, n, expected):
    assert CAL.add_workdays(start, n) == expected
    assert CAL.workdays_between(start, expected) == n


def test_it_returns_start_for_zero_workdays():
    saturday = D(2024, 10, 5)
    assert CAL.add_workdays(saturday, 0) == saturday


def test_it_refuses_negative_counts():
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2024, 1, 1), -1)


def test_it_rolls_to_next_workday():
    assert CAL.next_workday(D(2024, 10, 1)) == D(2024, 10, 8)
    assert CAL.next_workday(D(2024, 10, 12)) == D(2024, 10, 12)  # 调休 Saturday
    assert CAL.next_workday(D(2024, 10, 13)) == D(2024, 10, 14)


def test_it_counts_backwards_as_negative():
    assert CAL.workdays_between(D(2024, 10, 12), D(2024, 9, 27)) == -7


def test_it_gives_reasons_for_skipped_days():
    skipped = dict(CAL.skipped_days(D(2024, 9, 27), D(2024, 10, 12)))
    assert skipped[D(2024, 9, 28)] == "周末"
    assert skipped[D(2024, 10, 1)] == "法定节假日（国庆节）"
    assert skipped[D(2024, 10, 4)] == "调休（国庆节）"  # a Friday off in lieu of 9-29
    assert D(2024, 9, 29) not in skipped  # Sunday worked
    assert D(2024, 10, 12) not in skipped
    assert sorted(skipped) == [D(2024, 9, 28)] + days(D(2024, 10, 1), D(2024, 10, 7))


def test_it_names_spring_festival():
    skipped = dict(CAL.skipped_days(D(2025, 1, 27), D(2025, 2, 5)))
    assert skipped[D(2025, 1, 28)] == "法定节假日（春节）"
    assert skipped[D(2025, 2, 3)] == "调休（春节）"


def test_it_accepts_datetimes():
    assert CAL.is_workday(dt.datetime(2024, 10, 1, 9, 30)) is False


# -- overrides and unknown years -----------------------------------------------------------------


def test_it_treats_unknown_years_as_monday_to_friday():
    assert not CAL.is_known(D(2027, 3, 1))
    assert not CAL.is_known(D(2003, 3, 1))
    assert CAL.is_known(D(2026, 12, 31))
    assert CAL.is_workday(D(2027, 2, 5))  # Friday
    assert not CAL.is_workday(D(2027, 2, 6))  # Saturday
    assert CAL.uncertain(D(2026, 12, 28), D(2027, 1, 4))
    assert not CAL.uncertain(D(2026, 1, 1), D(2026, 12, 31))
    assert CAL.uncertain(D(2027, 1, 4), D(2026, 12, 28))  # order does not matter


def test_it_honours_overrides_for_2027():
    assert CAL_2027.is_known(D(2027, 6, 1))
    assert not CAL_2027.uncertain(D(2026, 12, 28), D(2027, 2, 28))
    assert not CAL_2027.is_workday(D(2027, 2, 5))
    assert CAL_2027.is_workday(D(2027, 2, 13))
    # 2-4 Thu 1, 2-5 Fri off, 2-6..7 weekend, 2-8 Mon off, 2-9..12 2–5, 2-13 Sat 6
    assert CAL_2027.add_workdays(D(2027, 2, 3), 6) == D(2027, 2, 13)
    skipped = dict(CAL_2027.skipped_days(D(2027, 2, 3), D(2027, 2, 13)))
    assert skipped == {
        D(2027, 2, 5): "春节（管理员设置）",
        D(2027, 2, 6): "周末",
        D(2027, 2, 7): "周末",
        D(2027, 2, 8): "节假日（管理员设置）",
    }


def test_it_lets_overrides_win_over_the_package():
    cal = WorkCalendar({D(2024, 10, 1): "workday", D(2024, 9, 30): "holiday"})
    assert cal.is_workday(D(2024, 10, 1))
    assert not cal.is_workday(D(2024, 9, 30))
    assert cal.add_workdays(D(2024, 9, 27), 2) == D(2024, 10, 1)  # 9-29 Sun, then 10-1


def test_it_keeps_a_year_unknown_with_only_workday_overrides():
    cal = WorkCalendar({D(2027, 2, 13): "workday"})
    assert cal.is_workday(D(2027, 2, 13))
    assert not cal.is_known(D(2027, 2, 13))
    assert cal.uncertain(D(2027, 1, 1), D(2027, 1, 2))


def test_it_rejects_unknown_override_kinds():
    with pytest.raises(ValueError):
        WorkCalendar({D(2027, 1, 1): "节假日"})


# -- properties ----------------------------------------------------------------------------------


@given(calendars, dates, st.integers(min_value=1, max_value=400))
def test_adding_workdays_lands_on_a_workday(cal, start, n):
    due = cal.add_workdays(start, n)
    assert due > start
    assert cal.is_workday(due)


@given(calendars, dates, counts)
def test_workdays_between_inverts_add_workdays(cal, start, n):
    assert cal.workdays_between(start, cal.add_workdays(start, n)) == n


@given(calendars, dates, counts, counts)
def test_add_workdays_is_monotonic(cal, start, a, b):
    a, b = sorted((a, b))
    assert cal.add_workdays(start, a) <= cal.add_workdays(start, b)
    if a < b:
        assert cal.add_workdays(start, a) < cal.add_workdays(start, b)


@given(calendars, dates, st.integers(min_value=0, max_value=60))
def test_workdays_between_counts_workdays_one_by_one(cal, start, length):
    end = start + dt.timedelta(days=length)
    expected = sum(cal.is_workday(d) for d in days(start + dt.timedelta(days=1), end)) if length else 0
    assert cal.workdays_between(start, end) == expected
    assert len(cal.skipped_days(start, end)) == length - expected


@given(calendars, dates)
def test_next_workday_is_the_first_workday_on_or_after(cal, d):
    nxt = cal.next_workday(d)
    assert cal.is_workday(nxt)
    assert all(not cal.is_workday(x) for x in days(d, nxt)[:-1])


@given(dates)
def test_unknown_years_are_uncertain(d):
    assert CAL.uncertain(d, d) == (not 2004 <= d.year <= 2026)
    assert CAL_2027.uncertain(d, d) == (not 2004 <= d.year <= 2027)


@given(st.sets(st.dates(min_value=D(2027, 1, 1), max_value=D(2027, 12, 31)), max_size=20), dates)
def test_overrides_always_win(holidays, d):
    cal = WorkCalendar(dict.fromkeys(holidays, "holiday") | {d: "workday"})
    assert cal.is_workday(d)
    assert all(not cal.is_workday(h) for h in holidays - {d})
    assert cal.is_known(D(2027, 7, 1)) == bool(holidays - {d})


def test_it_is_fast():
    cal = WorkCalendar()
    starts = [D(2024, 1, 1) + dt.timedelta(days=i % 900) for i in range(10_000)]
    began = time.process_time()
    for i, start in enumerate(starts):
        cal.add_workdays(start, 5 + i % 60)
    assert time.process_time() - began < 1.0
