"""执法案件: 立案 → 调查终结 → 决定 (法制审核) → 公示 (期限) → 结案 (音像记录).

Who may see what: A's people see A's cases; the clerk of B sees none; the leader only reads.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login
from fazhi.core.attachments import attachment_add
from fazhi.core.models import AttachmentKind, Category
from fazhi.core.services import record_create
from fazhi.decisions.choices import Conclusion, ReviewType
from fazhi.decisions.models import LegalityReview
from fazhi.decisions.tests.samples import make_review
from fazhi.enforcement.choices import CaseKind, CaseStatus, PartyType
from fazhi.enforcement.models import EnforcementCase

from .samples import action_kind, make_case, make_officer

KEY = "enforcement-cases"


def _payload(cast, assigned, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a2.pk,
        "case_number": "青山综执罚〔2025〕8号",
        "kind": "penalty",
        "action_kind": action_kind(cast).pk,
        "party_type": "organisation",
        "party_name": "青山某砂石有限公司",
        "party_credit_code": "91500101MA5U000A0T",
        "cause": "未按规定覆盖砂石堆场造成扬尘",
        "filed_on": "2025-06-03",
        "is_major": False,
        **overrides,
    }


def _officer_rows(officers):
    return [{"officer": o.pk, "role": "assist"} for o in officers]


def _step(name, case, **data):
    service = EnforcementCase.ledger_spec.step(name)
    return service(record=case, user=case.created_by, data=data, expected_version=case.version)


def _to_decided(case, decided_on=date(2025, 7, 1)):
    case = _step("investigate", case, investigated_on=date(2025, 6, 20))
    return _step("decide", case, decided_on=decided_on, decision="责令改正，罚款2000元")


def _passed_review(cast, conclusion=Conclusion.AGREE):
    review = make_review(
        cast,
        review_type=ReviewType.MAJOR_ENFORCEMENT,
        title="拟作出强制拆除决定的法制审核",
        submitted_on=date(2025, 6, 21),
    )
    return LegalityReview.ledger_spec.step("opine")(
        record=review,
        user=cast.advisor,
        data={
            "reviewer": "周文斌律师",
            "opinion": "事实清楚，程序合法。",
            "conclusion": conclusion,
            "reviewed_on": date(2025, 6, 25),
        },
        expected_version=review.version,
    )


def test_it_lets_the_clerk_register_a_case_through_the_page(client, cast):
    officers = [make_officer(cast), make_officer(cast)]
    login(client, cast.clerk)
    data = _payload(cast, officers, is_major="")
    data.update(
        {
            "caseofficer-TOTAL_FORMS": "2",
            "caseofficer-INITIAL_FORMS": "0",
            "caseofficer-MIN_NUM_FORMS": "2",
            "caseofficer-MAX_NUM_FORMS": "1000",
            "caseofficer-0-officer": str(officers[0].pk),
            "caseofficer-0-role": "lead",
            "caseofficer-1-officer": str(officers[1].pk),
            "caseofficer-1-role": "assist",
        }
    )
    response = client.post(f"/ledger/{KEY}/new/", data)
    assert response.status_code == 302, response.content.decode()
    case = EnforcementCase.objects.get()
    assert case.number == "青山-执法-2025-0001"
    assert case.officers.count() == 2


def test_it_lets_the_clerk_register_a_case_through_the_api(client, cast):
    officers = [make_officer(cast), make_officer(cast)]
    login(client, cast.clerk)
    body = _payload(cast, officers, officers=_officer_rows(officers), party_credit_code="91500101ma5u000a0t")
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-执法-")
    assert EnforcementCase.objects.get().party_credit_code == "91500101MA5U000A0T"


def test_it_masks_the_party_of_a_person(client, cast):
    case = make_case(cast)
    login(client, cast.leader)
    data = client.get(f"/api/v1/{KEY}/{case.pk}/").json()
    assert data["party_id_number"] != "500101198005170014"
    assert data["party_phone"] != "13800138000"


def test_it_hides_cases_from_another_township(client, cast):
    case = make_case(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{case.pk}/").status_code == 404


def test_it_refuses_edit_and_void_to_readers(client, cast):
    case = make_case(cast)
    login(client, cast.leader)
    assert client.get(f"/ledger/{KEY}/{case.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{case.pk}/void/").status_code == 403


def test_it_keeps_case_numbers_unique_per_township(cast):
    make_case(cast, case_number="青山综执罚〔2025〕1号")
    with pytest.raises(ValidationError) as exc:
        make_case(cast, case_number="青山综执罚〔2025〕1号")
    assert exc.value.messages == ["本乡镇已有相同案号的执法案件"]
    officers = [
        make_officer(cast, user=cast.clerk_b, township=cast.b, village=None),
        make_officer(cast, user=cast.clerk_b, township=cast.b, village=None),
    ]
    other = record_create(
        spec=EnforcementCase.ledger_spec,
        user=cast.clerk_b,
        data={
            "township": cast.b,
            "case_number": "青山综执罚〔2025〕1号",
            "kind": CaseKind.INSPECTION,
            "action_kind": action_kind(cast),
            "party_type": PartyType.PERSON,
            "party_name": "赵某",
            "cause": "检查",
            "filed_on": date(2025, 6, 3),
        },
        children={"caseofficer": [{"officer": o} for o in officers]},
    )
    assert other.number.startswith("清河-执法-")


def test_it_validates_the_party_identifiers(client, cast):
    officers = [make_officer(cast), make_officer(cast)]
    login(client, cast.clerk)
    rows = _officer_rows(officers)
    bad = [
        (
            {"party_type": "person", "party_credit_code": "", "party_id_number": "500101198005170015"},
            "party_id_number",
            "身份证号校验位错误",
        ),
        ({"party_credit_code": "91500101MA5U000A0X"}, "party_credit_code", "统一社会信用代码校验位错误"),
        ({"party_type": "person"}, "party_credit_code", "当事人为个人时不填统一社会信用代码，请填写身份证号"),
        (
            {"party_id_number": "500101198005170014"},
            "party_id_number",
            "当事人为单位时请填写统一社会信用代码，不填身份证号",
        ),
        ({"party_phone": "12345"}, "party_phone", "电话号码格式不正确：应为11位手机号或带区号的固定电话"),
    ]
    for change, field, message in bad:
        body = {**_payload(cast, officers, officers=rows), **change}
        response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
        assert response.status_code == 422, change
        assert response.json()["errors"][field] == [message]


def test_it_requires_two_officers(client, cast):
    officer = make_officer(cast)
    login(client, cast.clerk)
    body = _payload(cast, [officer], officers=_officer_rows([officer]))
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["officers"] == ["请至少填写2名执法人员"]
    case = make_case(cast, officers=[officer])
    with pytest.raises(ValidationError) as exc:
        _step("investigate", case, investigated_on=date(2025, 6, 20))
    assert exc.value.messages == ["执法案件至少需要2名在立案日持有效执法证的执法人员（现有1名）"]


def test_it_refuses_an_officer_whose_certificate_has_expired(client, cast):
    expired = make_officer(cast, name="王过期", issued_on=date(2020, 1, 1), valid_until=date(2025, 1, 31))
    valid = make_officer(cast)
    with pytest.raises(ValidationError) as exc:
        make_case(cast, officers=[valid, expired])
    assert exc.value.message_dict["officer"] == ["执法人员王过期的执法证已于2025-01-31过期，不能指派"]
    assert not EnforcementCase.objects.exists()
    login(client, cast.clerk)
    body = _payload(cast, [valid, expired], officers=_officer_rows([valid, expired]))
    response = client.post(f"/api/v1/{KEY}/", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["officer"] == ["执法人员王过期的执法证已于2025-01-31过期，不能指派"]


def test_it_refuses_an_officer_of_another_township(cast):
    other = make_officer(cast, user=cast.clerk_b, township=cast.b, village=None, name="清河执法员")
    with pytest.raises(ValidationError) as exc:
        make_case(cast, officers=[make_officer(cast), other])
    assert exc.value.message_dict["officer"] == ["执法人员清河执法员不属于本乡镇"]


def test_it_refuses_a_dates_out_of_order(cast):
    case = make_case(cast)
    with pytest.raises(ValidationError) as exc:
        _step("investigate", case, investigated_on=date(2025, 6, 1))
    assert exc.value.message_dict["investigated_on"] == ["调查终结日期不能早于立案日期"]


def test_it_runs_the_whole_workflow_and_publishes_on_time(cast):
    case = make_case(cast)
    case = _step("investigate", case, investigated_on=date(2025, 6, 20))
    assert case.status == CaseStatus.INVESTIGATED
    case = _step("decide", case, decided_on=date(2025, 9, 26), decision="罚款2000元")
    assert case.status == CaseStatus.DECIDED
    # 行政处罚: 7 working days after 2025-09-26 across the 国庆/中秋 holiday.
    assert case.publish_due_on == date(2025, 10, 13)
    case = _step("publish", case, published_on=date(2025, 10, 13))
    assert case.status == CaseStatus.PUBLISHED
    assert case.published_on_time is True
    case = _step("close", case, closed_on=date(2025, 10, 20))
    assert case.status == CaseStatus.CLOSED


def test_it_flags_late_publication_and_gives_other_kinds_twenty_working_days(cast):
    case = _to_decided(make_case(cast, kind=CaseKind.INSPECTION))
    assert case.publish_due_on == date(2025, 7, 29)
    case = _step("publish", case, published_on=date(2025, 7, 30))
    assert case.published_on_time is False


def test_it_refuses_a_major_decision_without_a_legal_review(cast):
    case = _step("investigate", make_case(cast, is_major=True), investigated_on=date(2025, 6, 20))
    with pytest.raises(ValidationError) as exc:
        _step("decide", case, decided_on=date(2025, 7, 1), decision="强制拆除")
    assert exc.value.message_dict["legal_review"] == ["重大执法决定须先经法制审核：请关联合法性审查记录"]


@pytest.mark.parametrize("conclusion", [None, Conclusion.DISAGREE])
def test_it_refuses_a_major_decision_until_the_review_passes(cast, conclusion):
    if conclusion is None:
        review = make_review(cast, review_type=ReviewType.MAJOR_ENFORCEMENT)
    else:
        review = _passed_review(cast, conclusion)
    case = make_case(cast, is_major=True, legal_review=review)
    case = _step("investigate", case, investigated_on=date(2025, 6, 20))
    with pytest.raises(ValidationError) as exc:
        _step("decide", case, decided_on=date(2025, 7, 1), decision="强制拆除")
    assert exc.value.message_dict["legal_review"] == [
        "法制审核尚未通过（审查结论须为“同意”或“修改后同意”），不能作出重大执法决定"
    ]


@pytest.mark.parametrize("conclusion", [Conclusion.AGREE, Conclusion.AGREE_AMENDED])
def test_it_decides_a_major_case_after_the_review_passes(cast, conclusion):
    case = make_case(cast, is_major=True, legal_review=_passed_review(cast, conclusion))
    assert _to_decided(case).status == CaseStatus.DECIDED


def test_it_links_only_reviews_of_major_enforcement_decisions(client, cast):
    review = make_review(cast)  # 规范性文件
    with pytest.raises(ValidationError) as exc:
        make_case(cast, is_major=True, legal_review=review)
    assert exc.value.message_dict["legal_review"] == ["法制审核应关联类型为“重大行政执法决定”的合法性审查"]
    login(client, cast.clerk)
    response = client.get(f"/ledger/{KEY}/new/")
    assert review.title not in response.content.decode()


def _upload(case, user, kind):
    attachment_add(
        record=case,
        user=user,
        file=SimpleUploadedFile("现场.mp4", b"\x00video", content_type="video/mp4"),
        kind=kind,
    )


def test_it_refuses_to_close_an_action_needing_audio_video_without_one(cast):
    case = make_case(cast, action_kind=action_kind(cast, "seizure"))
    case = _to_decided(case)
    case = _step("publish", case, published_on=date(2025, 7, 3))
    with pytest.raises(ValidationError) as exc:
        _step("close", case, closed_on=date(2025, 7, 10))
    assert exc.value.messages == ["“查封扣押”须全程音像记录：请先上传类别为“音像记录”的附件，再结案"]
    _upload(case, cast.clerk, AttachmentKind.TEXT_RECORD)
    with pytest.raises(ValidationError):
        _step("close", case, closed_on=date(2025, 7, 10))
    _upload(case, cast.clerk, AttachmentKind.AV_RECORD)
    assert _step("close", case, closed_on=date(2025, 7, 10)).status == CaseStatus.CLOSED


def test_it_takes_the_audio_video_list_from_the_district_settings(cast):
    Category.objects.filter(list_key="av_required_actions", code="seizure").update(active=False)
    Category.objects.create(
        list_key="av_required_actions", district=cast.district, code="inquiry", label="询问调查"
    )
    seizure = _step(
        "publish",
        _to_decided(make_case(cast, action_kind=action_kind(cast, "seizure"))),
        published_on=date(2025, 7, 3),
    )
    assert _step("close", seizure, closed_on=date(2025, 7, 10)).status == CaseStatus.CLOSED
    inquiry = _step(
        "publish",
        _to_decided(make_case(cast, action_kind=action_kind(cast, "inquiry"))),
        published_on=date(2025, 7, 3),
    )
    with pytest.raises(ValidationError):
        _step("close", inquiry, closed_on=date(2025, 7, 10))


def test_it_runs_transitions_through_the_api(client, cast):
    case = make_case(cast)
    login(client, cast.clerk)
    response = client.post(
        f"/api/v1/{KEY}/{case.pk}/actions/investigate/",
        data={"version": case.version, "investigated_on": "2025-06-20"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CaseStatus.INVESTIGATED
    login(client, cast.leader)
    response = client.post(
        f"/api/v1/{KEY}/{case.pk}/actions/decide/",
        data={"version": response.json()["version"], "decided_on": "2025-07-01", "decision": "罚款"},
        content_type="application/json",
    )
    assert response.status_code == 403
