from datetime import date

import pytest
from django.core.exceptions import ValidationError

from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_plan, make_session

KEY = "study-sessions"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "held_on": "2025-03-20",
        "kind": "pre_meeting",
        "topic": "学习《信访工作条例》",
        "speaker": "李国强",
        "participants": "24",
        **extra,
    }


def test_it_creates_through_the_page_with_attendees_and_a_plan_item(client, cast):
    plan = make_plan(cast)
    march = plan.items.get(month=3)
    rows = {"studyattendee": [{"name": "王建国", "post": "党委书记"}, {"name": "刘芳", "post": "镇长"}]}
    session = page_create(client, cast, KEY, _form(cast, plan_item=march.pk), rows)
    assert [a.name for a in session.attendees.all()] == ["王建国", "刘芳"]
    assert session.number == "青山-学法-2025-0001"
    march.refresh_from_db()
    assert march.done


def test_it_creates_through_the_api(client, cast):
    body = api_create(
        client,
        cast,
        KEY,
        {**_form(cast), "participants": 24, "attendees": [{"name": "王建国", "post": "党委书记"}]},
    )
    assert body["attendees"][0]["name"] == "王**"  # masked by default
    assert body["participants"] == 24


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_session(cast, attendees=[("王建国", "党委书记")]))


def test_online_training_needs_the_number_of_people(client, cast):
    errors = page_errors(client, cast, KEY, _form(cast, kind="online"))
    assert errors["enrolled"] == ["法宣在线请填写参学人数（人）"]
    body = api_create(
        client, cast, KEY, {**_form(cast), "kind": "online", "participants": 310, "enrolled": 62}
    )
    assert (body["enrolled"], body["participants"]) == (62, 310)


def test_only_online_training_states_people(client, cast):
    errors = api_errors(client, cast, KEY, {**_form(cast), "enrolled": 20})
    assert errors["enrolled"] == ["只有法宣在线填写参学人数（人），其他学法请填写参学人次"]


def test_participants_are_never_negative(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, participants="-2"))["participants"] == [
        "确保该值大于或等于0。"
    ]


def test_a_voided_plan_cannot_be_ticked(cast):
    from fazhi.core.services import record_void
    from fazhi.publicity.models import StudyPlan

    plan = make_plan(cast)
    item = plan.items.first()
    record_void(spec=StudyPlan.ledger_spec, record=plan, user=cast.clerk, reason="重新制定")
    with pytest.raises(ValidationError, match="所选学法计划不属于本乡镇或已作废"):
        make_session(cast, plan_item=item, held_on=date(2025, 3, 2))
