"""Clocks on records through the database: the real calendar, overrides for a year the package does not
know, recomputation, pauses and extensions, and on-time judged on close for every ledger with a clock."""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import login
from fazhi.core import ledgers
from fazhi.core.services import record_update
from fazhi.deadlines import services
from fazhi.deadlines.models import CalendarOverride, Clock, ClockRule
from fazhi.decisions.models import LegalityReview
from fazhi.decisions.tests.samples import make_review
from fazhi.disputes.models import Mediation
from fazhi.disputes.tests.samples import mediation as make_mediation
from fazhi.enforcement.models import EnforcementCase
from fazhi.enforcement.tests.samples import make_case
from fazhi.oversight.models import Rectification
from fazhi.oversight.tests.samples import make_rectification
from fazhi.petitions.models import Petition
from fazhi.petitions.tests.samples import make_petition
from fazhi.tickets.models import Ticket
from fazhi.tickets.tests.samples import at, make_ticket


def clock_of(record, purpose):
    ct = ContentType.objects.get_for_model(type(record))
    return Clock.objects.get(content_type=ct, object_id=record.pk, purpose=purpose)


def step(service, record, user, **data):
    return service(record=record, user=user, data=data, expected_version=record.version)


# -- the real calendar, 2024–2026 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "submitted, due",
    [
        (date(2024, 9, 30), date(2024, 10, 15)),  # 国庆 10月1日–7日 off, 10月12日（周六）调休上班
        (
            date(2025, 1, 24),
            date(2025, 2, 10),
        ),  # 春节 1月28日–2月4日 off, 1月26日（周日）、2月8日（周六）上班
        (date(2026, 9, 30), date(2026, 10, 15)),  # 国庆 2026, 10月10日（周六）调休上班
        (date(2026, 2, 13), date(2026, 3, 2)),  # 春节 2026, 2月14日、28日（周六）调休上班
    ],
)
def test_it_counts_working_days_across_real_holidays(cast, submitted, due):
    review = make_review(cast, submitted_on=submitted)
    assert review.due_on == due
    clock = clock_of(review, "review")
    assert (clock.due_on, clock.uncertain, clock.is_open) == (due, False, True)
    assert "其间不计的非工作日" in clock.explanation and "假期" in clock.explanation


def test_it_rolls_a_natural_day_limit_past_the_national_day_holiday(cast):
    # 15 days after 2024-09-16 is 10月1日, a holiday: the acceptance notice is due on 10月8日.
    petition = make_petition(cast, received_on=date(2024, 9, 16))
    assert petition.acceptance_due == date(2024, 10, 8)
    assert "顺延至其后第一个工作日" in clock_of(petition, "acceptance").explanation


def test_it_shows_the_clock_and_how_it_was_computed_on_the_detail_page(client, cast):
    review = make_review(cast, submitted_on=date(2024, 9, 30))
    page = login(client, cast.clerk).get(reverse("ledger-detail", args=["legality-reviews", review.pk]))
    html = page.content.decode()
    assert "审查期限" in html and "2024年10月15日" in html and "如何计算" in html
    assert "起算日：提交审查之日，2024年9月30日（周一）" in html


# -- a year the package does not know -----------------------------------------------------------


@time_machine.travel(dt.datetime(2027, 9, 30, 10, tzinfo=dt.UTC), tick=False)
def test_it_flags_2027_as_uncertain_and_recomputes_after_the_holidays_are_entered(client, cast):
    review = make_review(cast, submitted_on=date(2027, 9, 30))
    # No 2027 calendar: Monday–Friday, flagged.
    assert review.due_on == date(2027, 10, 11)
    assert clock_of(review, "review").uncertain is True
    page = login(client, cast.clerk).get(reverse("ledger-detail", args=["legality-reviews", review.pk]))
    assert "日期待核实" in page.content.decode()

    login(client, cast.sysadmin)
    for day in range(1, 8):
        response = client.post(
            reverse("calendar-admin"), {"date": f"2027-10-0{day}", "kind": "holiday", "name": "国庆节"}
        )
        assert response.status_code == 302
    page = client.get(reverse("calendar-admin"))
    assert "已重新计算1项进行中的期限" in page.content.decode()
    review.refresh_from_db()
    assert review.due_on == date(2027, 10, 18)
    clock = clock_of(review, "review")
    assert (clock.due_on, clock.uncertain) == (date(2027, 10, 18), False)
    assert "国庆节（管理员设置）" in clock.explanation
    assert review.history.first().due_on == date(2027, 10, 18)  # the record's change is in its history


def test_it_reports_how_many_due_dates_a_calendar_change_moved(cast):
    moved = make_review(cast, submitted_on=date(2026, 11, 20))  # due 2026-12-01
    make_review(cast, submitted_on=date(2026, 11, 2))  # due 2026-11-11, untouched by a December day
    closed = make_review(cast, submitted_on=date(2026, 11, 19))
    step(
        LegalityReview.ledger_spec.step("opine"),
        closed,
        cast.clerk,
        reviewer="李律师",
        opinion="同意",
        conclusion="agree",
        reviewed_on=date(2026, 11, 24),
    )
    _, result = services.calendar_override_save(
        user=cast.sysadmin, date=date(2026, 11, 30), kind="holiday", name="测试"
    )
    assert (result.clocks, result.changed) == (2, 1)
    assert result.message == "已重新计算2项进行中的期限，其中1项截止日期改变。"
    moved.refresh_from_db()
    assert moved.due_on == date(2026, 12, 2)
    assert clock_of(closed, "review").due_on == date(2026, 11, 30)  # a finished clock is not re-judged

    result = services.calendar_override_delete(user=cast.sysadmin, override=CalendarOverride.objects.get())
    assert result.changed == 1
    moved.refresh_from_db()
    assert moved.due_on == date(2026, 12, 1)


def test_it_recomputes_when_a_rule_is_edited(client, cast):
    review = make_review(cast, submitted_on=date(2026, 11, 2))
    rule = ClockRule.objects.get(key="legality_review")
    login(client, cast.sysadmin)
    data = {
        "label": rule.label,
        "length": 10,
        "unit": "workday",
        "roll_forward": "on",
        "start_event": rule.start_event,
        "max_extension": "",
        "legal_source": rule.legal_source,
    }
    assert client.post(reverse("rule-edit", args=[rule.pk]), data).status_code == 302
    review.refresh_from_db()
    assert review.due_on == date(2026, 11, 16)


def test_it_refuses_a_bad_override_and_keeps_the_calendar(client, cast):
    login(client, cast.sysadmin)
    page = client.post(reverse("calendar-admin"), {"date": "2027-02-30", "kind": "holiday"})
    assert page.status_code == 200 and "有效的日期" in page.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.calendar_override_save(user=cast.sysadmin, date=date(2027, 2, 1), kind="later")
    assert exc.value.message_dict["kind"] == ["请选择“放假”或“调休上班”"]
    assert not CalendarOverride.objects.exists()


def test_it_keeps_the_calendar_pages_to_the_sysadmin(client, cast):
    for who in (cast.clerk, cast.auditor, cast.reviewer):
        login(client, who)
        assert client.get(reverse("calendar-admin")).status_code == 403
        assert (
            client.post(reverse("calendar-admin"), {"date": "2027-10-01", "kind": "holiday"}).status_code
            == 403
        )
        assert client.get(reverse("rules-admin")).status_code == 403
    assert not CalendarOverride.objects.exists()


# -- pause, resume, extension -------------------------------------------------------------------


def test_it_pauses_and_resumes_a_clock(cast):
    petition = make_petition(cast, received_on=date(2025, 3, 3))
    petition = step(Petition.ledger_spec.step("accept"), petition, cast.clerk, accepted_on=date(2025, 3, 5))
    assert petition.reply_due == date(2025, 5, 6)  # 60 days = 5月4日（周日，调休上班）… rolled if needed
    clock = clock_of(petition, "reply")
    clock = services.clock_pause(clock=clock, user=cast.clerk, from_on=date(2025, 3, 10), reason="听证")
    assert clock.due_on is None
    petition.refresh_from_db()
    assert petition.reply_due is None
    clock = services.clock_resume(clock=clock, user=cast.clerk, resumed_on=date(2025, 3, 20))
    # 3月10日–19日 (10 days) do not count.
    petition.refresh_from_db()
    assert clock.due_on == petition.reply_due == date(2025, 5, 14)
    assert "暂停2025年3月10日至2025年3月19日，计10日不计入期限" in clock.explanation
    assert [h.history_type for h in clock.pauses.get().history.all()] == ["~", "+"]


def test_it_refuses_a_pause_without_a_reason_and_changes_nothing(cast):
    review = make_review(cast, submitted_on=date(2026, 11, 2))
    clock = clock_of(review, "review")
    with pytest.raises(ValidationError) as exc:
        services.clock_pause(clock=clock, user=cast.clerk, from_on=date(2026, 11, 3), reason=" ")
    assert exc.value.message_dict["reason"] == ["请填写暂停理由"]
    assert not clock.pauses.exists()


def test_it_judges_an_extended_rectification_against_its_extended_date(cast):
    item = make_rectification(cast, received_on=date(2025, 4, 10), due_on=date(2025, 7, 10))
    clock = clock_of(item, "rectify")
    with pytest.raises(ValidationError) as exc:
        services.clock_extend(
            clock=clock, user=cast.clerk, days=20, approver="", reason="", approved_on=date(2025, 7, 1)
        )
    assert exc.value.message_dict == {"approver": ["请填写批准人"], "reason": ["请填写延长理由"]}
    clock = services.clock_extend(
        clock=clock,
        user=cast.clerk,
        days=20,
        approver="张镇长",
        reason="涉及多村合同清理",
        approved_on=date(2025, 7, 1),
    )
    assert clock.due_on == date(2025, 7, 30)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.clock_extend(
            clock=clock,
            user=cast.clerk,
            days=5,
            approver="张镇长",
            reason="再延",
            approved_on=date(2025, 7, 2),
        )
    item.refresh_from_db()
    item = step(Rectification.ledger_spec.step("complete"), item, cast.clerk, done_on=date(2025, 7, 25))
    assert item.on_time is True
    clock.refresh_from_db()
    assert (clock.is_open, clock.on_time, clock.done_on) == (False, True, date(2025, 7, 25))


def test_it_extends_a_petition_through_its_own_step(cast):
    petition = make_petition(cast, received_on=date(2025, 3, 3))
    petition = step(Petition.ledger_spec.step("accept"), petition, cast.clerk, accepted_on=date(2025, 3, 5))
    petition = step(
        Petition.ledger_spec.step("extend"),
        petition,
        cast.clerk,
        extended_on=date(2025, 4, 20),
        extension_days=30,
        extension_approver="王书记",
        extension_reason="涉及多部门",
    )
    clock = clock_of(petition, "reply")
    assert clock.due_on == petition.reply_due == date(2025, 6, 5)
    assert (clock.extension_days, clock.extension_approver) == (30, "王书记")
    with pytest.raises(ValidationError, match="办理步骤"):
        services.clock_extend(
            clock=clock, user=cast.clerk, days=5, approver="x", reason="y", approved_on=date(2025, 4, 21)
        )
    petition = step(
        Petition.ledger_spec.step("reply"),
        petition,
        cast.clerk,
        replied_on=date(2025, 6, 3),
        reply_text="已答复",
        satisfaction="satisfied",
    )
    assert petition.reply_on_time is True
    assert clock_of(petition, "reply").on_time is True


def test_it_hides_the_clock_pages_from_outsiders_and_readers(client, cast):
    review = make_review(cast, submitted_on=date(2026, 11, 2))
    clock = clock_of(review, "review")
    url = reverse("clock-pause", args=[clock.pk])
    assert login(client, cast.clerk_b).get(url).status_code == 404
    assert login(client, cast.sysadmin).get(url).status_code == 404
    assert login(client, cast.leader).post(url, {"from_on": "2026-11-03", "reason": "x"}).status_code == 403
    assert not clock.pauses.exists()
    response = login(client, cast.clerk).post(url, {"from_on": "2026-11-03", "reason": "补充材料"})
    assert response.status_code == 302
    assert clock.pauses.get().reason == "补充材料"


# -- on time on close, every ledger with a clock --------------------------------------------------


def test_it_stores_on_time_for_a_petition(cast):
    p = make_petition(cast, received_on=date(2025, 3, 3))
    p = step(Petition.ledger_spec.step("accept"), p, cast.clerk, accepted_on=date(2025, 3, 20))
    assert (p.notice_on_time, clock_of(p, "acceptance").on_time) == (False, False)  # due 3月18日
    p = step(
        Petition.ledger_spec.step("reply"),
        p,
        cast.clerk,
        replied_on=date(2025, 4, 1),
        reply_text="答复",
        satisfaction="satisfied",
    )
    assert (p.reply_on_time, clock_of(p, "reply").on_time) == (True, True)


def test_it_stores_on_time_for_a_ticket(cast):
    t = make_ticket(cast, received_at=at(2025, 3, 3, 9, 30))
    assert clock_of(t, "reply").due_on == date(2025, 3, 10)
    t = step(
        Ticket.ledger_spec.step("reply"), t, cast.clerk, replied_at=at(2025, 3, 11, 9), reply_text="已修复"
    )
    assert (t.on_time, clock_of(t, "reply").on_time, clock_of(t, "reply").is_open) == (False, False, False)


def test_it_extends_a_ticket_with_a_platform_due_time(cast):
    t = make_ticket(cast, received_at=at(2025, 3, 3, 9, 30), due_at=at(2025, 3, 5, 12, 0))
    clock = clock_of(t, "reply")
    assert (clock.given_due, clock.due_on) == (date(2025, 3, 5), date(2025, 3, 5))
    services.clock_extend(
        clock=clock,
        user=cast.clerk,
        days=2,
        approver="平台",
        reason="平台同意延期",
        approved_on=date(2025, 3, 4),
    )
    t.refresh_from_db()
    assert t.due_at == at(2025, 3, 5, 12, 0)  # the platform's time stays as given
    t = step(
        Ticket.ledger_spec.step("reply"), t, cast.clerk, replied_at=at(2025, 3, 6, 15), reply_text="已修复"
    )
    assert t.on_time is True
    assert clock_of(t, "reply").due_on == date(2025, 3, 7)


def test_it_stores_on_time_for_a_legality_review(cast):
    review = make_review(cast, submitted_on=date(2025, 6, 3))
    review = step(
        LegalityReview.ledger_spec.step("opine"),
        review,
        cast.clerk,
        reviewer="李律师",
        opinion="同意",
        conclusion="agree",
        reviewed_on=date(2025, 6, 11),
    )
    clock = clock_of(review, "review")
    assert (clock.due_on, clock.on_time, clock.is_open) == (date(2025, 6, 12), True, False)


def test_it_stores_on_time_for_an_enforcement_publication(cast):
    case = make_case(cast)
    case = step(
        EnforcementCase.ledger_spec.step("investigate"), case, cast.clerk, investigated_on=date(2025, 6, 20)
    )
    case = step(
        EnforcementCase.ledger_spec.step("decide"),
        case,
        cast.clerk,
        decided_on=date(2025, 9, 26),
        decision="罚款",
    )
    case = step(
        EnforcementCase.ledger_spec.step("publish"), case, cast.clerk, published_on=date(2025, 10, 14)
    )
    clock = clock_of(case, "publish")
    assert (case.published_on_time, clock.on_time, clock.due_on) == (False, False, date(2025, 10, 13))


def test_it_stores_on_time_for_a_rectification(cast):
    item = make_rectification(cast, due_on=date(2025, 7, 10))
    item = step(Rectification.ledger_spec.step("complete"), item, cast.clerk, done_on=date(2025, 7, 11))
    assert (item.on_time, clock_of(item, "rectify").on_time) == (False, False)


def test_it_runs_the_judicial_confirmation_clock_of_a_mediation(cast):
    m = make_mediation(cast)
    m = step(
        Mediation.ledger_spec.step("succeed"),
        m,
        cast.clerk,
        agreement_form="written",
        agreement_content="双方同意疏通排水沟",
        effective_on=date(2025, 3, 10),
    )
    clock = clock_of(m, "judicial_confirmation")
    assert (clock.due_on, clock.window, clock.is_open) == (date(2025, 4, 9), True, True)
    spec = ledgers.get("mediations")
    record_update(
        spec=spec,
        record=m,
        user=cast.clerk,
        expected_version=m.version,
        data={"judicial_confirmation": "applied", "judicial_applied_on": date(2025, 4, 3)},
    )
    clock.refresh_from_db()
    assert (clock.on_time, clock.is_open) == (True, False)


def test_it_closes_the_clocks_of_a_voided_record(cast):
    review = make_review(cast, submitted_on=date(2026, 11, 2))
    ledgers_spec = ledgers.get("legality-reviews")
    from fazhi.core.services import record_void

    record_void(spec=ledgers_spec, record=review, user=cast.clerk, reason="重复登记")
    assert clock_of(review, "review").is_open is False
