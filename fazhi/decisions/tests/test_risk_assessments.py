"""风险评估: registered by the clerk; 评估中 → 可控/已上报 → 已化解, with follow-up reviews."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.core.services import record_update
from fazhi.decisions.choices import RiskLevel, RiskStatus
from fazhi.decisions.models import RiskAssessment

from .samples import make_risk

KEY = "risk-assessments"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a2.pk,
        "matter": "红星村砂石场关停社会稳定风险评估",
        "domain": "stability",
        "level": "high",
        "assessed_on": "2025-07-01",
        "assessor": "青山镇综治中心",
        **overrides,
    }


def _step(name, record, **data):
    service = RiskAssessment.ledger_spec.step(name)
    return service(record=record, user=record.created_by, data=data, expected_version=record.version)


def test_it_lets_the_clerk_register_an_assessment_through_the_page(client, cast):
    login(client, cast.clerk)
    data = _payload(cast)
    data.update(
        {
            "riskreview-TOTAL_FORMS": "1",
            "riskreview-INITIAL_FORMS": "0",
            "riskreview-MIN_NUM_FORMS": "0",
            "riskreview-MAX_NUM_FORMS": "1000",
            "riskreview-0-reviewed_on": "2025-08-01",
            "riskreview-0-note": "群众情绪平稳",
        }
    )
    response = client.post(f"/ledger/{KEY}/new/", data)
    assert response.status_code == 302, response.content.decode()
    assert RiskAssessment.objects.get().number == "青山-风评-2025-0001"


def test_it_lets_the_clerk_register_an_assessment_through_the_api(client, cast):
    login(client, cast.clerk)
    body = _payload(cast, reviews=[{"reviewed_on": "2025-08-01", "note": "群众情绪平稳"}])
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-风评-")
    assert response.json()["status"] == RiskStatus.ASSESSING


def test_it_hides_assessments_from_another_township(client, cast):
    risk = make_risk(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{risk.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{risk.pk}/").status_code == 404


def test_it_refuses_edit_and_void_to_readers(client, cast):
    risk = make_risk(cast)
    login(client, cast.reviewer)
    assert client.get(f"/ledger/{KEY}/{risk.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{risk.pk}/void/").status_code == 403


def test_it_moves_through_control_report_and_resolve(cast):
    risk = _step("control", make_risk(cast), status_on=date(2025, 5, 20))
    assert risk.status == RiskStatus.CONTROLLED
    risk = _step("report", risk, status_on=date(2025, 6, 1), status_note="报区委政法委")
    assert risk.status == RiskStatus.REPORTED
    risk = _step("resolve", risk, status_on=date(2025, 7, 1))
    assert risk.status == RiskStatus.RESOLVED


def test_it_refuses_control_without_measures(cast):
    risk = make_risk(cast, measures="")
    with pytest.raises(ValidationError) as exc:
        _step("control", risk, status_on=date(2025, 5, 20))
    assert exc.value.message_dict["measures"] == ["请先填写防控措施，再评定为可控"]


def test_it_refuses_resolving_a_high_risk_without_a_follow_up(cast):
    risk = make_risk(cast, level=RiskLevel.HIGH)
    with pytest.raises(ValidationError) as exc:
        _step("resolve", risk, status_on=date(2025, 7, 1))
    assert exc.value.messages == ["高风险事项须至少有一次跟踪回访记录，才能标记为已化解"]
    risk = record_update(
        spec=RiskAssessment.ledger_spec,
        record=risk,
        user=cast.clerk,
        data={},
        children={"riskreview": [{"reviewed_on": date(2025, 6, 1), "note": "已化解"}]},
        expected_version=risk.version,
    )
    assert _step("resolve", risk, status_on=date(2025, 7, 1)).status == RiskStatus.RESOLVED


def test_it_refuses_a_follow_up_before_the_assessment(client, cast):
    login(client, cast.clerk)
    body = _payload(cast, reviews=[{"reviewed_on": "2025-06-01", "note": "回访"}])
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["reviewed_on"] == ["跟踪日期不能早于评估日期"]
    assert not RiskAssessment.objects.exists()
