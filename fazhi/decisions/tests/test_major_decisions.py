"""重大行政决策: cannot be recorded as decided until every required statutory step has a date and evidence."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.decisions.choices import DecisionStatus, DecisionStep
from fazhi.decisions.models import MajorDecision

from .samples import all_steps, make_decision

KEY = "major-decisions"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "title": "青山镇农贸市场搬迁改造方案",
        "proposed_on": "2025-03-01",
        "sponsor_office": "经济发展办公室",
        "comment_days_min": 30,
        **overrides,
    }


def _decide(decision, decided_on=date(2025, 4, 20)):
    return MajorDecision.ledger_spec.step("decide")(
        record=decision,
        user=decision.created_by,
        data={"decided_on": decided_on, "decision": "经镇党委会集体讨论，同意实施。"},
        expected_version=decision.version,
    )


def test_it_lets_the_clerk_register_a_decision_through_the_page(client, cast):
    login(client, cast.clerk)
    data = _payload(cast)
    data.update(
        {
            "majordecisionstep-TOTAL_FORMS": "1",
            "majordecisionstep-INITIAL_FORMS": "0",
            "majordecisionstep-MIN_NUM_FORMS": "0",
            "majordecisionstep-MAX_NUM_FORMS": "1000",
            "majordecisionstep-0-step": "public",
            "majordecisionstep-0-required": "on",
            "majordecisionstep-0-started_on": "2025-03-02",
        }
    )
    response = client.post(f"/ledger/{KEY}/new/", data)
    assert response.status_code == 302, response.content.decode()
    decision = MajorDecision.objects.get()
    assert decision.number == "青山-决策-2025-0001"
    assert decision.steps.get().step == DecisionStep.PUBLIC


def test_it_lets_the_clerk_register_a_decision_through_the_api(client, cast):
    login(client, cast.clerk)
    body = _payload(
        cast,
        steps=[{"step": "expert", "required": True, "done_on": "2025-03-10", "evidence": "专家论证意见"}],
    )
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-决策-")
    assert response.json()["steps"][0]["evidence"] == "专家论证意见"


def test_it_hides_decisions_from_another_township(client, cast):
    decision = make_decision(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{decision.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{decision.pk}/").status_code == 404


def test_it_refuses_edit_and_void_to_readers(client, cast):
    decision = make_decision(cast)
    login(client, cast.leader)
    assert client.get(f"/ledger/{KEY}/{decision.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{decision.pk}/void/").status_code == 403


def test_it_records_the_decision_when_every_step_is_done(cast):
    decision = _decide(make_decision(cast))
    assert decision.status == DecisionStatus.DECIDED
    assert decision.decided_on == date(2025, 4, 20)


def test_it_refuses_the_decision_while_required_steps_lack_date_or_evidence(cast):
    steps = all_steps()
    steps[1]["evidence"] = ""
    steps[2]["done_on"] = None
    decision = make_decision(cast, steps=steps)
    with pytest.raises(ValidationError) as exc:
        _decide(decision)
    assert exc.value.messages == [
        "以下必经程序尚未完成（须有完成日期和佐证材料），不能记录为已决定：专家论证、风险评估"
    ]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFTING


def test_it_counts_a_step_without_a_row_as_missing(cast):
    decision = make_decision(cast, steps=[s for s in all_steps() if s["step"] != "legality"])
    with pytest.raises(ValidationError) as exc:
        _decide(decision)
    assert "合法性审查" in exc.value.messages[0]


def test_it_accepts_a_step_marked_not_required(cast):
    steps = all_steps()
    steps[1].update(required=False, done_on=None, evidence="")
    assert _decide(make_decision(cast, steps=steps)).status == DecisionStatus.DECIDED


def test_it_requires_thirty_days_of_public_comment_by_default(cast):
    steps = all_steps()
    steps[0].update(started_on=date(2025, 3, 20), done_on=date(2025, 4, 10))
    decision = make_decision(cast, steps=steps)
    with pytest.raises(ValidationError) as exc:
        _decide(decision)
    assert exc.value.messages == ["公众参与期限为22日，少于30日，不能记录为已决定"]


def test_it_takes_the_comment_period_from_the_decision(cast):
    steps = all_steps()
    steps[0].update(started_on=date(2025, 3, 20), done_on=date(2025, 4, 10))
    assert _decide(make_decision(cast, steps=steps, comment_days_min=20)).status == DecisionStatus.DECIDED


def test_it_refuses_steps_done_after_the_decision(cast):
    decision = make_decision(cast)
    with pytest.raises(ValidationError) as exc:
        _decide(decision, decided_on=date(2025, 4, 5))
    assert exc.value.messages == ["公众参与的完成日期晚于决定日期"]


def test_it_refuses_a_step_finished_before_it_started(client, cast):
    login(client, cast.clerk)
    body = _payload(cast, steps=[{"step": "public", "started_on": "2025-03-10", "done_on": "2025-03-01"}])
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["steps[0].done_on"] == ["完成日期不能早于开始日期"]
