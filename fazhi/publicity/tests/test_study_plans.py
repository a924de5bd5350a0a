from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.services import record_update, record_void
from fazhi.publicity.models import StudyPlan, StudySession

from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_plan, make_session

KEY = "study-plans"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "year": "2025",
        "title": "2025年度学法计划",
        "issued_on": "2025-01-08",
        **extra,
    }


def test_it_creates_through_the_page_with_items(client, cast):
    rows = {"studyplanitem": [{"month": "3", "topic": "宪法"}, {"month": "9", "topic": "行政复议法"}]}
    plan = page_create(client, cast, KEY, _form(cast), rows)
    assert [(i.month, i.topic, i.done) for i in plan.items.all()] == [
        (3, "宪法", False),
        (9, "行政复议法", False),
    ]
    plan.refresh_from_db()
    assert plan.progress == "已学0项/共2项；未学：3月 宪法、9月 行政复议法"


def test_it_creates_through_the_api(client, cast):
    body = api_create(
        client, cast, KEY, {**_form(cast), "year": 2025, "items": [{"month": 4, "topic": "民法典"}]}
    )
    assert body["items"][0]["topic"] == "民法典"
    assert body["progress"] == "已学0项/共1项；未学：4月 民法典"


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_plan(cast))


def test_the_issue_date_belongs_to_the_plan_year(client, cast):
    errors = page_errors(client, cast, KEY, _form(cast, issued_on="2023-12-20"))
    assert errors["issued_on"] == ["印发日期应在计划年度或其上一年"]
    assert api_errors(client, cast, KEY, {**_form(cast), "year": 2025, "issued_on": "2023-12-20"})[
        "issued_on"
    ]


def test_a_session_ticks_an_item_off_and_voiding_it_unticks(cast):
    plan = make_plan(cast)
    march = plan.items.get(month=3)
    session = make_session(cast, plan_item=march)
    plan.refresh_from_db()
    march.refresh_from_db()
    assert march.done
    assert plan.progress == "已学1项/共2项；未学：6月 民法典"
    assert plan.version == 1  # derived marks do not bump the version a clerk is editing against
    record_void(spec=StudySession.ledger_spec, record=session, user=cast.clerk, reason="登记错误")
    march.refresh_from_db()
    plan.refresh_from_db()
    assert not march.done
    assert plan.progress.startswith("已学0项/共2项")


def test_moving_a_session_to_another_item_moves_the_tick(cast):
    plan = make_plan(cast)
    march, june = plan.items.get(month=3), plan.items.get(month=6)
    session = make_session(cast, plan_item=march)
    record_update(
        spec=StudySession.ledger_spec,
        record=session,
        user=cast.clerk,
        data={"plan_item": june, "held_on": date(2025, 6, 10)},
        expected_version=session.version,
    )
    march.refresh_from_db()
    june.refresh_from_db()
    assert (march.done, june.done) == (False, True)


def test_editing_the_plan_keeps_the_ticks(cast):
    plan = make_plan(cast)
    march = plan.items.get(month=3)
    make_session(cast, plan_item=march)
    plan.refresh_from_db()
    rows = [{"id": i.pk, "month": i.month, "topic": i.topic} for i in plan.items.all()]
    rows.append({"month": 11, "topic": "宪法宣传周专题"})
    record_update(
        spec=StudyPlan.ledger_spec,
        record=plan,
        user=cast.clerk,
        data={"title": "2025年度学法计划（修订）"},
        children={"studyplanitem": rows},
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    assert plan.progress == "已学1项/共3项；未学：6月 民法典、11月 宪法宣传周专题"


def test_a_session_cannot_tick_another_years_plan(cast):
    plan = make_plan(cast)
    with pytest.raises(ValidationError, match="所选条目属于2025年度学法计划，与学法日期年度不一致"):
        make_session(cast, plan_item=plan.items.first(), held_on=date(2024, 12, 20))


def test_a_session_cannot_tick_another_townships_plan(client, cast):
    plan = make_plan(cast)
    from fazhi.core.services import record_create

    with pytest.raises(ValidationError, match="所选学法计划不属于本乡镇或已作废"):
        record_create(
            spec=StudySession.ledger_spec,
            user=cast.clerk_b,
            data={
                "township": cast.b,
                "held_on": date(2025, 3, 1),
                "kind": "pre_meeting",
                "topic": "宪法",
                "participants": 10,
                "plan_item": plan.items.first(),
            },
        )
    # and the page does not offer it
    from conftest import login

    login(client, cast.clerk_b)
    form = client.get("/ledger/study-sessions/new/").context["form"]
    assert not form.fields["plan_item"].queryset.exists()
