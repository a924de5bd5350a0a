import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.publicity.choices import ReviewStatus
from fazhi.publicity.models import ModelVillage

from .routes import api_create, assert_scoped, page_create, page_errors
from .samples import make_model_village

KEY = "model-villages"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "level": "province_city",
        "awarded_on": "2020-11-30",
        **extra,
    }


def test_it_creates_through_the_page(client, cast):
    village = page_create(client, cast, KEY, _form(cast, review_status="revoked"))
    assert (village.year_awarded, village.review_status) == (2020, ReviewStatus.VALID)
    assert village.number == "青山-示范村-2020-0001"


def test_it_creates_through_the_api(client, cast):
    body = api_create(client, cast, KEY, _form(cast, level="national"))
    assert body["review_status"] == "valid"
    assert body["year_awarded"] == 2020


def test_the_status_is_never_set_by_input(client, cast):
    login(client, cast.clerk)
    payload = {**_form(cast), "review_status": "revoked"}
    response = client.post(f"/api/v1/{KEY}/", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 422


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_model_village(cast))


def test_the_village_is_required(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, village=""))["village"] == ["请选择村/社区"]


def test_review_then_confirm(cast):
    village = make_model_village(cast)
    village = ModelVillage.ledger_spec.step("review")(
        record=village,
        user=cast.clerk,
        data={"review_note": "区司法局组织复核"},
        expected_version=village.version,
    )
    assert village.review_status == ReviewStatus.UNDER_REVIEW
    village = ModelVillage.ledger_spec.step("confirm")(
        record=village,
        user=cast.clerk,
        data={"reviewed_on": date(2024, 6, 1)},
        expected_version=village.version,
    )
    assert (village.review_status, village.reviewed_on) == (ReviewStatus.VALID, date(2024, 6, 1))


def test_confirm_needs_a_review_first(cast):
    village = make_model_village(cast)
    with pytest.raises(ValidationError, match="当前状态为“有效”，不能执行“复核通过”"):
        ModelVillage.ledger_spec.step("confirm")(
            record=village, user=cast.clerk, data={"reviewed_on": date(2024, 6, 1)}, expected_version=1
        )


def test_revoke_needs_date_and_reason(cast):
    village = make_model_village(cast)
    with pytest.raises(ValidationError) as exc:
        ModelVillage.ledger_spec.step("revoke")(record=village, user=cast.clerk, data={}, expected_version=1)
    assert exc.value.message_dict["review_note"] == ["请填写复核情况"]
    with pytest.raises(ValidationError, match="复核日期不能早于命名日期"):
        ModelVillage.ledger_spec.step("revoke")(
            record=village,
            user=cast.clerk,
            data={"reviewed_on": date(2020, 1, 1), "review_note": "发生重大案件"},
            expected_version=1,
        )
    village = ModelVillage.ledger_spec.step("revoke")(
        record=village,
        user=cast.clerk,
        data={"reviewed_on": date(2024, 6, 1), "review_note": "发生重大案件"},
        expected_version=1,
    )
    assert village.review_status == ReviewStatus.REVOKED


def test_transitions_through_the_page_and_api(client, cast):
    village = make_model_village(cast)
    login(client, cast.clerk)
    response = client.post(f"/ledger/{KEY}/{village.pk}/do/review/", {"version": 1, "review_note": "复核"})
    assert response.status_code == 302
    response = client.post(
        f"/api/v1/{KEY}/{village.pk}/actions/confirm/",
        data=json.dumps({"version": 2, "reviewed_on": "2024-06-01"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content.decode()
    assert response.json()["status_display"] == "有效"


def test_a_reader_cannot_do_transitions(client, cast):
    village = make_model_village(cast)
    login(client, cast.leader)
    assert client.post(f"/ledger/{KEY}/{village.pk}/do/review/", {"version": 1}).status_code == 403
