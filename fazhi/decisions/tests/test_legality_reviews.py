"""合法性审查: the clerk registers, the legal advisor (or clerk) writes the opinion, then the item's outcome.

Who may see what: A's people see A's reviews; the clerk of B sees none; the leader only reads.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from fazhi.decisions.choices import Conclusion, ReviewStatus
from fazhi.decisions.models import LegalityReview

from .samples import make_review

KEY = "legality-reviews"


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "title": "青山镇与某物业公司保洁服务合同",
        "review_type": "contract",
        "submitting_office": "经济发展办公室",
        "submitted_on": "2025-09-26",
        **overrides,
    }


def _opine(review, user, conclusion=Conclusion.AGREE, reviewed_on=date(2025, 10, 9)):
    return LegalityReview.ledger_spec.step("opine")(
        record=review,
        user=user,
        data={
            "reviewer": "周文斌律师",
            "opinion": "合同主体适格，条款合法，建议明确违约责任。",
            "conclusion": conclusion,
            "reviewed_on": reviewed_on,
        },
        expected_version=review.version,
    )


def test_it_lets_the_clerk_register_a_review_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{KEY}/new/", _payload(cast))
    assert response.status_code == 302
    review = LegalityReview.objects.get()
    assert review.number == "青山-审查-2025-0001"
    assert review.status == ReviewStatus.PENDING


def test_it_lets_the_clerk_register_a_review_through_the_api(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/api/v1/{KEY}/", data=_payload(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-审查-")


def test_it_sets_the_due_date_seven_working_days_after_submission(cast):
    # 2025-09-26 is a Friday; 10月1日-8日 is the 国庆/中秋 holiday and 9月28日, 10月11日 are 调休 workdays.
    review = make_review(cast, submitted_on=date(2025, 9, 26))
    assert review.due_on == date(2025, 10, 13)
    assert make_review(cast, submitted_on=date(2025, 6, 3)).due_on == date(2025, 6, 12)


def test_it_hides_reviews_from_another_township(client, cast):
    review = make_review(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{KEY}/{review.pk}/").status_code == 404
    assert client.get(f"/api/v1/{KEY}/{review.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer", "advisor"])
def test_it_refuses_edit_and_void_to_readers(client, cast, who):
    review = make_review(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{KEY}/{review.pk}/").status_code == 200
    assert client.get(f"/ledger/{KEY}/{review.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{KEY}/{review.pk}/void/").status_code == 403
    response = client.post(
        f"/api/v1/{KEY}/{review.pk}/void/", data={"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_it_lets_the_advisor_start_and_write_the_opinion(client, cast):
    review = make_review(cast)
    login(client, cast.advisor)
    response = client.post(
        f"/api/v1/{KEY}/{review.pk}/actions/start/",
        data={"version": review.version, "reviewer": "周文斌律师"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ReviewStatus.REVIEWING
    response = client.post(
        f"/ledger/{KEY}/{review.pk}/do/opine/",
        {
            "version": response.json()["version"],
            "reviewer": "周文斌律师",
            "opinion": "文件内容合法，建议删除第五条罚款表述。",
            "conclusion": "agree_amended",
            "reviewed_on": "2025-10-09",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPINED
    assert review.conclusion == Conclusion.AGREE_AMENDED
    assert review.updated_by == cast.advisor


def test_it_keeps_the_leader_from_writing_the_opinion(cast):
    review = make_review(cast)
    with pytest.raises(PermissionDenied):
        _opine(review, cast.leader)


def test_it_requires_the_opinion_fields(client, cast):
    review = make_review(cast)
    login(client, cast.advisor)
    response = client.post(
        f"/api/v1/{KEY}/{review.pk}/actions/opine/",
        data={
            "version": review.version,
            "reviewer": "周文斌律师",
            "conclusion": "agree",
            "reviewed_on": "2025-10-09",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["opinion"] == ["请填写审查意见"]


def test_it_refuses_an_opinion_dated_before_submission(cast):
    review = make_review(cast, submitted_on=date(2025, 9, 26))
    with pytest.raises(ValidationError) as exc:
        _opine(review, cast.advisor, reviewed_on=date(2025, 9, 20))
    assert exc.value.message_dict["reviewed_on"] == ["出具意见日期不能早于送审日期"]


@pytest.mark.parametrize(
    "name,status",
    [("issue", ReviewStatus.ISSUED), ("sign", ReviewStatus.SIGNED), ("decide", ReviewStatus.DECIDED)],
)
def test_it_marks_the_outcome_after_a_favourable_opinion(cast, name, status):
    review = _opine(make_review(cast), cast.advisor)
    service = LegalityReview.ledger_spec.step(name)
    review = service(
        record=review,
        user=cast.clerk,
        data={"outcome_on": date(2025, 10, 15)},
        expected_version=review.version,
    )
    assert review.status == status
    assert review.outcome_on == date(2025, 10, 15)


def test_it_refuses_the_outcome_before_the_opinion(cast):
    review = make_review(cast)
    with pytest.raises(ValidationError) as exc:
        LegalityReview.ledger_spec.step("issue")(
            record=review,
            user=cast.clerk,
            data={"outcome_on": date(2025, 10, 15)},
            expected_version=review.version,
        )
    assert exc.value.messages == ["尚未出具合法性审查意见，该事项不能标记为已印发"]


def test_it_refuses_the_outcome_when_the_conclusion_is_disagree(client, cast):
    review = _opine(make_review(cast), cast.advisor, conclusion=Conclusion.DISAGREE)
    with pytest.raises(ValidationError) as exc:
        LegalityReview.ledger_spec.step("sign")(
            record=review,
            user=cast.clerk,
            data={"outcome_on": date(2025, 10, 15)},
            expected_version=review.version,
        )
    assert exc.value.messages == ["审查结论为“不同意”，该事项不能标记为已签订"]
    login(client, cast.clerk)
    response = client.post(
        f"/api/v1/{KEY}/{review.pk}/actions/issue/",
        data={"version": review.version, "outcome_on": "2025-10-15"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["审查结论为“不同意”，该事项不能标记为已印发"]
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPINED


def test_it_refuses_an_outcome_dated_before_the_opinion(cast):
    review = _opine(make_review(cast), cast.advisor)
    with pytest.raises(ValidationError) as exc:
        LegalityReview.ledger_spec.step("issue")(
            record=review,
            user=cast.clerk,
            data={"outcome_on": date(2025, 10, 1)},
            expected_version=review.version,
        )
    assert exc.value.message_dict["outcome_on"] == ["印发/签订/决定日期不能早于出具意见日期"]


def test_it_keeps_the_opinion_off_the_edit_form(client, cast):
    review = make_review(cast)
    login(client, cast.clerk)
    response = client.put(
        f"/api/v1/{KEY}/{review.pk}/",
        data={**_payload(cast), "version": review.version, "conclusion": "agree"},
        content_type="application/json",
    )
    assert response.status_code == 422
