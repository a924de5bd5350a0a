"""compute_due: natural and working-day rules, rolling, pauses, extensions and explanations."""

import dataclasses
import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.deadlines.calendar import WorkCalendar
from fazhi.deadlines.rules import (
    DEFAULT_RULES,
    NATURAL,
    WORKDAY,
    Rule,
    compute_due,
    days_left,
    is_on_time,
)

D = dt.date
CAL = WorkCalendar()
CAL_2027 = WorkCalendar({D(2027, 2, 5): "holiday", D(2027, 2, 8): "holiday", D(2027, 2, 13): "workday"})

NATURAL_ROLL = Rule("n", "测试自然日", 30, NATURAL, True, "测试依据")
NATURAL_FIXED = dataclasses.replace(NATURAL_ROLL, roll_forward=False)
WORKDAYS_5 = Rule("w", "测试工作日", 5, WORKDAY, True, "测试依据")

PETITION_ACCEPT = DEFAULT_RULES["petition_acceptance"]
PETITION_REPLY = DEFAULT_RULES["petition_reply"]
PUBLICITY = DEFAULT_RULES["publicity_permit_penalty"]

dates = st.dates(min_value=D(2003, 1, 1), max_value=D(2028, 12, 31))


def text(result):
    return "\n".join(result.explanation)


# -- the default rules ---------------------------------------------------------------------------


def test_it_has_the_default_rules():
    lengths = {key: (rule.length, rule.unit) for key, rule in DEFAULT_RULES.items()}
    assert lengths == {
        "petition_acceptance": (15, NATURAL),
        "petition_reply": (60, NATURAL),
        "petition_review_request": (30, NATURAL),
        "petition_review_reply": (30, NATURAL),
        "petition_recheck_request": (30, NATURAL),
        "petition_recheck_reply": (30, NATURAL),
        "publicity_permit_penalty": (7, WORKDAY),
        "publicity_other": (20, WORKDAY),
        "legality_review": (7, WORKDAY),
        "ticket_reply": (5, WORKDAY),
        "judicial_confirmation": (30, NATURAL),
        "rectification": (None, NATURAL),
    }
    assert all(rule.legal_source for rule in DEFAULT_RULES.values())
    assert "人民调解法》第三十三条" in DEFAULT_RULES["judicial_confirmation"].legal_source


def test_it_publishes_within_7_workdays_over_national_day_2024():
    result = compute_due(PUBLICITY, D(2024, 9, 27), CAL)
    assert result.due == D(2024, 10, 12)
    assert not result.uncertain
    explanation = text(result)
    assert "起算日：执法决定作出之日，2024年9月27日（周五）" in explanation
    assert "国办发〔2018〕118号" in explanation
    assert "2024年10月1日至10月7日（国庆节假期）" in explanation
    assert "2024年9月28日（周末）" in explanation
    assert "截止日期：2024年10月12日（周六，调休上班）" in explanation


def test_it_rolls_a_natural_limit_past_national_day():
    # 2024-09-22 + 15 = 10-07, the last day of the 国庆 break
    result = compute_due(PETITION_ACCEPT, D(2024, 9, 22), CAL)
    assert result.due == D(2024, 10, 8)
    assert "顺延至其后第一个工作日2024年10月8日" in text(result)


def test_it_rolls_60_days_past_national_day_2025():
    # 2025-08-02 + 60 = 10-01; 10-01..08 off, 10-06 being 中秋
    result = compute_due(PETITION_REPLY, D(2025, 8, 2), CAL)
    assert result.due == D(2025, 10, 9)
    assert "国庆节假期" in text(result)
    assert "中秋假期" in text(result)


def test_it_does_not_roll_when_the_rule_says_so():
    assert compute_due(NATURAL_FIXED, D(2024, 9, 7), CAL).due == D(2024, 10, 7)
    assert compute_due(NATURAL_ROLL, D(2024, 9, 7), CAL).due == D(2024, 10, 8)


def test_it_counts_spring_festival_2026():
    result = compute_due(WORKDAYS_5, D(2026, 2, 11), CAL)
    assert result.due == D(2026, 2, 25)
    assert "2026年2月15日至2月23日（春节假期）" in text(result)


def test_it_uses_the_due_date_on_the_record_for_rectification():
    rule = DEFAULT_RULES["rectification"]
    result = compute_due(rule, D(2024, 9, 1), CAL, given_due=D(2024, 10, 5))
    assert result.due == D(2024, 10, 5)  # not rolled: the date was set by the notice
    with pytest.raises(ValueError):
        compute_due(rule, D(2024, 9, 1), CAL)


# -- pauses --------------------------------------------------------------------------------------


def test_a_pause_pushes_a_natural_limit():
    # 3-01 + 30 = 3-31 (Sun); paused 3-10..14 (5 days) → 4-05, 清明 holiday; 4-07 Sunday is worked
    result = compute_due(NATURAL_ROLL, D(2024, 3, 1), CAL, pauses=[(D(2024, 3, 10), D(2024, 3, 14))])
    assert result.due == D(2024, 4, 7)
    explanation = text(result)
    assert "暂停2024年3月10日至2024年3月14日，计5日不计入期限" in explanation
    assert "清明假期" in explanation


def test_a_pause_counts_only_its_workdays_for_a_workday_rule():
    start = D(2024, 3, 4)  # Monday; 5 workdays → 3-11
    assert compute_due(WORKDAYS_5, start, CAL).due == D(2024, 3, 11)
    two_workdays = [(D(2024, 3, 6), D(2024, 3, 7))]
    assert compute_due(WORKDAYS_5, start, CAL, pauses=two_workdays).due == D(2024, 3, 13)
    fri_to_sun = [(D(2024, 3, 8), D(2024, 3, 10))]
    assert compute_due(WORKDAYS_5, start, CAL, pauses=fri_to_sun).due == D(2024, 3, 12)


def test_overlapping_pauses_count_once():
    start = D(2024, 3, 1)
    pauses = [(D(2024, 3, 10), D(2024, 3, 12)), (D(2024, 3, 11), D(2024, 3, 14))]
    once = compute_due(NATURAL_FIXED, start, CAL, pauses=[(D(2024, 3, 10), D(2024, 3, 14))])
    assert compute_due(NATURAL_FIXED, start, CAL, pauses=pauses).due == once.due == D(2024, 4, 5)


def test_a_pause_after_the_due_date_is_ignored():
    result = compute_due(WORKDAYS_5, D(2024, 3, 4), CAL, pauses=[(D(2024, 3, 20), D(2024, 3, 22))])
    assert result.due == D(2024, 3, 11)
    assert "不予顺延" in text(result)


def test_pause_days_before_the_clock_starts_do_not_count():
    result = compute_due(NATURAL_FIXED, D(2024, 3, 1), CAL, pauses=[(D(2024, 2, 25), D(2024, 3, 2))])
    assert result.due == D(2024, 4, 1)  # only 3-02 counts


def test_an_open_pause_stops_the_clock():
    result = compute_due(PETITION_REPLY, D(2024, 3, 1), CAL, pauses=[(D(2024, 3, 20), None)])
    assert result.due is None
    assert result.paused
    assert result.text == "暂停中"
    assert "暂停中" in text(result)


def test_a_pause_must_not_end_before_it_begins():
    with pytest.raises(ValueError):
        compute_due(NATURAL_ROLL, D(2024, 3, 1), CAL, pauses=[(D(2024, 3, 10), D(2024, 3, 9))])


# -- extensions ----------------------------------------------------------------------------------


def test_an_extension_adds_to_the_due_date():
    # 2024-01-05 + 60 = 3-05; + 30 = 4-04 (清明, 4-04..06 off); 4-07 Sunday is worked
    result = compute_due(PETITION_REPLY, D(2024, 1, 5), CAL, extension_days=30)
    assert result.due == D(2024, 4, 7)
    assert "经批准延长30日" in text(result)


def test_an_extension_runs_from_the_rolled_original_due_date():
    # 2024-09-07 + 30 = 10-07 → rolled to 10-08; + 10 = 10-18
    result = compute_due(NATURAL_ROLL, D(2024, 9, 7), CAL, extension_days=10)
    assert result.due == D(2024, 10, 18)


def test_an_extension_in_workdays_on_a_natural_rule():
    # 3-01 + 30 = 3-31 (Sun) → 4-01; + 3 workdays: 4-02, 4-03, (4-04..06 off), 4-07
    result = compute_due(NATURAL_ROLL, D(2024, 3, 1), CAL, extension_days=3, extension_unit=WORKDAY)
    assert result.due == D(2024, 4, 7)


def test_a_pause_inside_the_extended_period_counts():
    pauses = [(D(2024, 3, 20), D(2024, 3, 24))]  # after the original 3-05, inside the extension
    assert compute_due(PETITION_REPLY, D(2024, 1, 5), CAL, pauses=pauses).due == D(2024, 3, 5)
    result = compute_due(PETITION_REPLY, D(2024, 1, 5), CAL, extension_days=30, pauses=pauses)
    assert result.due == D(2024, 4, 9)  # 4-04 + 5


def test_it_refuses_an_extension_longer_than_allowed():
    with pytest.raises(ValueError):
        compute_due(PETITION_REPLY, D(2024, 1, 5), CAL, extension_days=31)


# -- uncertainty ---------------------------------------------------------------------------------


def test_it_flags_a_due_date_in_an_unknown_year():
    result = compute_due(DEFAULT_RULES["ticket_reply"], D(2026, 12, 28), CAL)
    assert result.due == D(2027, 1, 4)
    assert result.uncertain
    assert "2027年" in text(result)
    assert "注意" in text(result)


def test_it_trusts_2027_once_its_holidays_are_entered():
    # 2-04 Thu 1, 2-05 off, weekend, 2-08 off, 2-09..12 2–5
    result = compute_due(WORKDAYS_5, D(2027, 2, 3), CAL_2027)
    assert result.due == D(2027, 2, 12)
    assert not result.uncertain
    assert "管理员设置" in text(result)


def test_a_natural_rule_without_roll_is_never_uncertain():
    assert not compute_due(NATURAL_FIXED, D(2027, 3, 1), CAL).uncertain


# -- days left and on time -----------------------------------------------------------------------


def test_days_left_in_natural_days():
    due = D(2024, 10, 8)
    assert days_left(due, D(2024, 10, 1), CAL) == 7
    assert days_left(due, due, CAL) == 0
    assert days_left(due, D(2024, 10, 10), CAL) == -2
    assert days_left(None, due, CAL) is None


def test_days_left_in_workdays():
    due = D(2024, 10, 8)
    assert days_left(due, D(2024, 9, 30), CAL, unit=WORKDAY) == 1  # 10-1..7 off
    assert days_left(due, due, CAL, unit=WORKDAY) == 0
    assert days_left(due, D(2024, 10, 9), CAL, unit=WORKDAY) == -1
    friday = D(2024, 3, 8)
    assert days_left(friday, D(2024, 3, 9), CAL, unit=WORKDAY) == -1  # Saturday already overdue
    assert days_left(friday, D(2024, 3, 12), CAL, unit=WORKDAY) == -2


def test_is_on_time():
    due = D(2024, 10, 8)
    assert is_on_time(due, due)
    assert is_on_time(due, D(2024, 10, 1))
    assert not is_on_time(due, D(2024, 10, 9))
    assert is_on_time(None, D(2024, 10, 9))


# -- properties ----------------------------------------------------------------------------------


@given(dates, st.integers(min_value=0, max_value=120), st.sampled_from([CAL, CAL_2027]))
def test_natural_rules_roll_only_past_non_working_days(start, length, cal):
    rule = dataclasses.replace(NATURAL_ROLL, length=length)
    due = compute_due(rule, start, cal).due
    last_day = start + dt.timedelta(days=length)
    assert due >= last_day
    assert cal.is_workday(due)
    assert all(not cal.is_workday(last_day + dt.timedelta(days=i)) for i in range((due - last_day).days))
    assert compute_due(dataclasses.replace(rule, roll_forward=False), start, cal).due == last_day


@given(dates, st.integers(min_value=1, max_value=60), st.sampled_from([CAL, CAL_2027]))
def test_workday_rules_match_add_workdays(start, length, cal):
    rule = dataclasses.replace(WORKDAYS_5, length=length)
    result = compute_due(rule, start, cal)
    assert result.due == cal.add_workdays(start, length)
    assert result.uncertain == cal.uncertain(start, result.due)
    assert days_left(result.due, start, cal, unit=WORKDAY) == length


@given(
    dates,
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=20),
)
def test_pauses_and_extensions_never_bring_the_due_date_forward(start, length, offset, span):
    rule = dataclasses.replace(NATURAL_ROLL, length=length)
    plain = compute_due(rule, start, CAL).due
    frm = start + dt.timedelta(days=offset)
    paused = compute_due(rule, start, CAL, pauses=[(frm, frm + dt.timedelta(days=span))]).due
    extended = compute_due(rule, start, CAL, extension_days=span).due
    assert paused >= plain
    assert extended >= plain


def test_10000_due_dates_take_well_under_a_second():
    cal = WorkCalendar()
    rules = list(DEFAULT_RULES.values())[:-1]  # not rectification, which needs a given date
    starts = [D(2024, 1, 1) + dt.timedelta(days=i % 1000) for i in range(10_000)]
    cal.add_workdays(starts[0], 1)  # the first use of each year builds it; not what is measured
    began = time.process_time()
    for i, start in enumerate(starts):
        compute_due(rules[i % len(rules)], start, cal)
    assert time.process_time() - began < 1.0
