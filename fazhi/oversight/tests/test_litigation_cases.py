"""行政诉讼/行政复议: hearings record who appeared; 行政复议 has no 出庭 of the agency's head."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.core.services import record_update
from fazhi.oversight.choices import CaseKind, CaseOutcome
from fazhi.oversight.models import LitigationCase

from .samples import make_litigation_case


def test_it_keeps_the_hearings(cast):
    case = make_litigation_case(cast)
    hearing = case.hearings.get()
    assert (hearing.head_appeared, hearing.head_name) == (True, "陈志强")


def test_it_requires_the_heads_name_when_the_head_appeared(cast):
    with pytest.raises(ValidationError) as exc:
        make_litigation_case(
            cast, hearings=[{"held_on": date(2025, 5, 20), "agency_appeared": True, "head_appeared": True}]
        )
    assert exc.value.message_dict["head_name"] == ["行政机关负责人出庭的，请填写出庭负责人姓名"]


def test_it_requires_the_heads_name_through_the_api(client, cast):
    login(client, cast.clerk)
    body = {
        "township": cast.a.pk,
        "case_number": "（2025）渝0101行初47号",
        "received_on": "2025-03-05",
        "kind": "litigation",
        "body": "云岭区人民法院",
        "cause": "不服行政强制",
        "outcome": "pending",
        "hearings": [{"held_on": "2025-05-20", "agency_appeared": True, "head_appeared": True}],
    }
    response = client.post("/api/v1/litigation-cases/", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["hearings[0].head_name"] == [
        "行政机关负责人出庭的，请填写出庭负责人姓名"
    ]


def test_it_refuses_a_head_without_the_agency(cast):
    with pytest.raises(ValidationError) as exc:
        make_litigation_case(
            cast,
            hearings=[
                {
                    "held_on": date(2025, 5, 20),
                    "agency_appeared": False,
                    "head_appeared": True,
                    "head_name": "陈志强",
                }
            ],
        )
    assert exc.value.message_dict["agency_appeared"] == ["行政机关负责人出庭的，应同时勾选出庭应诉"]


def test_it_refuses_a_head_appearance_in_an_administrative_review(cast):
    with pytest.raises(ValidationError) as exc:
        make_litigation_case(cast, kind=CaseKind.REVIEW)
    assert exc.value.message_dict["head_appeared"] == ["行政复议案件没有出庭应诉，不能登记行政机关负责人出庭"]
    assert not LitigationCase.objects.exists()


def test_it_refuses_a_head_appearance_in_a_review_on_the_page(client, cast):
    login(client, cast.clerk)
    form = {
        "township": cast.a.pk,
        "case_number": "（2025）云复12号",
        "received_on": "2025-03-05",
        "kind": "review",
        "body": "云岭区人民政府",
        "cause": "不服行政处罚",
        "outcome": "pending",
        "hearing-TOTAL_FORMS": "1",
        "hearing-INITIAL_FORMS": "0",
        "hearing-MIN_NUM_FORMS": "0",
        "hearing-MAX_NUM_FORMS": "1000",
        "hearing-0-held_on": "2025-05-20",
        "hearing-0-agency_appeared": "on",
        "hearing-0-head_appeared": "on",
        "hearing-0-head_name": "陈志强",
    }
    response = client.post("/ledger/litigation-cases/new/", form)
    assert response.status_code == 200
    assert "行政复议案件没有出庭应诉，不能登记行政机关负责人出庭" in response.content.decode()
    assert not LitigationCase.objects.exists()


def test_it_refuses_turning_a_lawsuit_with_head_appearances_into_a_review(cast):
    case = make_litigation_case(cast)
    with pytest.raises(ValidationError) as exc:
        record_update(
            spec=case.ledger_spec,
            record=case,
            user=cast.clerk,
            data={"kind": CaseKind.REVIEW},
            expected_version=case.version,
        )
    assert exc.value.message_dict["kind"] == [
        "行政复议没有出庭应诉：请先取消开庭记录中的“行政机关负责人出庭”"
    ]


def test_it_requires_a_decision_date_with_an_outcome(cast):
    with pytest.raises(ValidationError) as exc:
        make_litigation_case(cast, outcome=CaseOutcome.UPHELD)
    assert exc.value.message_dict["decided_on"] == ["已有结果的案件请填写裁判/决定日期"]
    case = make_litigation_case(cast, outcome=CaseOutcome.UPHELD, decided_on=date(2025, 6, 30))
    assert case.get_outcome_display() == "维持/驳回"


def test_it_refuses_a_decision_before_receipt(cast):
    with pytest.raises(ValidationError) as exc:
        make_litigation_case(cast, outcome=CaseOutcome.REVOKED, decided_on=date(2025, 3, 1))
    assert exc.value.message_dict["decided_on"] == ["裁判/决定日期不能早于收案日期"]
