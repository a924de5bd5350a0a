"""信访事项: the township clerk registers and handles them; everybody else in A reads them.

Who may see what: A's people see A's petitions (the cadre only A1's); the clerk of B sees none.
Clocks (《信访工作条例》): 15 days to decide on acceptance, 60 days from acceptance to reply, one
extension of at most 30 days, 30 days after the reply to ask for 复查, then likewise for 复核.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.petitions.models import Petition

from .samples import category, make_petition, make_reception

SPEC_KEY = "petitions"


def _do(service, record, user, **data):
    record = Petition.objects.get(pk=record.pk)
    return service(record=record, user=user, data=data, expected_version=record.version)


def _accepted(cast, **overrides):
    p = make_petition(cast, **overrides)
    return _do(Petition.ledger_spec.step("accept"), p, cast.clerk, accepted_on=date(2025, 3, 10))


def _replied(cast):
    p = _accepted(cast)
    return _do(
        Petition.ledger_spec.step("reply"),
        p,
        cast.clerk,
        replied_on=date(2025, 4, 20),
        reply_text="已督促流转方支付费用。",
        satisfaction="unsatisfied",
    )


def _page_payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "received_on": "2025-03-03",
        "channel": "letter",
        "people_count": "6",
        "category": category(cast).pk,
        "content": "反映征地补偿款分配不公。",
        "handling_office": "青山镇信访办",
        "petitioner-TOTAL_FORMS": "1",
        "petitioner-INITIAL_FORMS": "0",
        "petitioner-MIN_NUM_FORMS": "1",
        "petitioner-MAX_NUM_FORMS": "1000",
        "petitioner-0-name": "赵大山",
        "petitioner-0-phone": "138-0013-8000",
        **overrides,
    }


def test_it_lets_the_clerk_register_a_petition_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _page_payload(cast))
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Petition.objects.get()
    assert p.number == "青山-信访-2025-0001"
    assert p.is_collective
    assert p.acceptance_due == date(2025, 3, 18)
    assert p.petitioners.get().phone == "13800138000"


def test_it_lets_the_clerk_register_a_petition_through_the_api(client, cast):
    login(client, cast.clerk)
    payload = {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "received_on": "2025-03-03",
        "channel": "online",
        "people_count": 2,
        "category": category(cast).pk,
        "content": "反映低保评定不公开。",
        "petitioners": [{"name": "钱小梅", "address": "青山村2组"}],
    }
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("青山-信访-2025-")
    assert body["is_collective"] is False
    assert body["status"] == "registered"
    assert body["petitioners"][0]["name"] != "钱小梅"  # masked


def test_it_requires_at_least_one_petitioner_and_one_person(client, cast):
    login(client, cast.clerk)
    response = client.post(
        f"/ledger/{SPEC_KEY}/new/", _page_payload(cast, **{"petitioner-0-name": "", "petitioner-0-phone": ""})
    )
    assert response.status_code == 200
    assert not Petition.objects.exists()
    with pytest.raises(ValidationError) as exc:
        make_petition(cast, people_count=0)
    assert "people_count" in exc.value.message_dict


def test_it_validates_petitioner_identifiers(client, cast):
    login(client, cast.clerk)
    response = client.post(
        f"/ledger/{SPEC_KEY}/new/", _page_payload(cast, **{"petitioner-0-id_number": "500101196804120000"})
    )
    assert response.status_code == 200
    assert "身份证号校验位错误" in response.content.decode()
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _page_payload(cast, **{"petitioner-0-phone": "12345"}))
    assert "电话号码格式不正确" in response.content.decode()
    assert not Petition.objects.exists()


def test_it_marks_five_or_more_people_as_collective(cast):
    assert make_petition(cast, people_count=5).is_collective
    assert not make_petition(cast, people_count=4).is_collective


def test_it_hides_petitions_from_another_township(client, cast):
    record = make_petition(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{SPEC_KEY}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    record = make_petition(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/void/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/do/accept/").status_code == 403


def test_it_links_a_repeat_petition_to_an_earlier_one_of_the_same_township(cast):
    first = make_petition(cast)
    repeat = make_petition(cast, received_on=date(2025, 5, 1), previous=first)
    assert list(first.repeats.all()) == [repeat]
    with pytest.raises(ValidationError) as exc:
        make_petition(cast, received_on=date(2025, 2, 1), previous=first)
    assert exc.value.message_dict["previous"] == ["原信访事项的收到日期不能晚于本事项"]
    other = make_petition(cast, user=cast.clerk_b, township=cast.b, village=cast.b1)
    with pytest.raises(ValidationError) as exc:
        make_petition(cast, received_on=date(2025, 5, 1), previous=other)
    assert exc.value.message_dict["previous"] == ["原信访事项应为本乡镇的信访事项"]


def test_it_links_a_petition_to_the_leader_reception_it_came_from(cast):
    reception = make_reception(cast)
    p = make_petition(cast, channel="leader", received_on=date(2025, 3, 5), reception=reception)
    assert list(reception.petitions.all()) == [p]
    with pytest.raises(ValidationError) as exc:
        make_petition(cast, received_on=date(2025, 3, 1), reception=reception)
    assert exc.value.message_dict["reception"] == ["收到日期不能早于领导接访下访日期"]


def test_it_accepts_and_computes_the_reply_due_date(cast):
    p = _accepted(cast)
    assert p.status == "accepted"
    assert p.notified_on == date(2025, 3, 10)
    assert p.notice_on_time is True
    assert p.reply_due == date(2025, 5, 9)


def test_it_records_a_late_acceptance_notice(cast):
    p = make_petition(cast)
    p = _do(Petition.ledger_spec.step("accept"), p, cast.clerk, accepted_on=date(2025, 3, 25))
    assert p.notice_on_time is False


def test_it_refuses_acceptance_before_receipt(cast):
    p = make_petition(cast)
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("accept"), p, cast.clerk, accepted_on=date(2025, 3, 1))
    assert exc.value.message_dict["accepted_on"] == ["受理日期不能早于收到日期"]


def test_it_rejects_with_a_reason_and_closes(cast):
    p = make_petition(cast)
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("reject"), p, cast.clerk, notified_on=date(2025, 3, 8))
    assert exc.value.message_dict["rejection_reason"] == ["请填写不予受理理由"]
    p = _do(
        Petition.ledger_spec.step("reject"),
        p,
        cast.clerk,
        notified_on=date(2025, 3, 8),
        rejection_reason="已经人民法院判决，依法不予受理。",
    )
    assert p.status == "rejected" and p.notice_on_time is True
    p = _do(Petition.ledger_spec.step("close"), p, cast.clerk, closed_on=date(2025, 3, 9))
    assert p.status == "closed"


def test_it_starts_handling_and_replies_on_time(cast):
    p = _accepted(cast)
    p = _do(
        Petition.ledger_spec.step("start"), p, cast.clerk, handler="周明", handling_office="青山镇农业农村办"
    )
    assert p.status == "handling"
    p = _do(
        Petition.ledger_spec.step("reply"),
        p,
        cast.clerk,
        replied_on=date(2025, 5, 9),
        reply_text="已协调支付。",
        satisfaction="satisfied",
    )
    assert p.status == "replied"
    assert p.reply_on_time is True
    assert p.review_request_due == date(2025, 6, 9)


def test_it_records_a_late_reply(cast):
    p = _accepted(cast)
    p = _do(
        Petition.ledger_spec.step("reply"),
        p,
        cast.clerk,
        replied_on=date(2025, 5, 12),
        reply_text="已协调。",
        satisfaction="basic",
    )
    assert p.reply_on_time is False


def test_it_requires_the_satisfaction_at_reply(cast):
    p = _accepted(cast)
    with pytest.raises(ValidationError) as exc:
        _do(
            Petition.ledger_spec.step("reply"),
            p,
            cast.clerk,
            replied_on=date(2025, 4, 1),
            reply_text="已协调。",
        )
    assert exc.value.message_dict["satisfaction"] == ["请填写满意度"]


def test_it_extends_once_by_at_most_thirty_days(cast):
    p = _accepted(cast)
    extension = {
        "extended_on": date(2025, 5, 6),
        "extension_approver": "王建国",
        "extension_reason": "涉及多户，需现场测量。",
    }
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("extend"), p, cast.clerk, extension_days=31, **extension)
    assert exc.value.message_dict["extension_days"] == ["延期不得超过30日"]
    with pytest.raises(ValidationError) as exc:
        _do(
            Petition.ledger_spec.step("extend"),
            p,
            cast.clerk,
            extension_days=30,
            **{**extension, "extended_on": date(2025, 5, 10)},
        )
    assert exc.value.message_dict["extended_on"] == ["延期应在办理期限（2025-05-09）届满前批准"]
    p = _do(Petition.ledger_spec.step("extend"), p, cast.clerk, extension_days=30, **extension)
    assert p.status == "extended"
    assert p.reply_due == date(2025, 6, 9)  # 5月9日 + 30日 = 6月8日（周日），顺延至6月9日
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("extend"), p, cast.clerk, extension_days=10, **extension)
    assert exc.value.messages == ["信访事项只能延期一次：已于2025-05-06延期30日"]
    p = _do(
        Petition.ledger_spec.step("reply"),
        p,
        cast.clerk,
        replied_on=date(2025, 6, 5),
        reply_text="已测量并调整。",
        satisfaction="satisfied",
    )
    assert p.reply_on_time is True


def test_it_refuses_an_extension_without_a_leader_or_reason(cast):
    p = _accepted(cast)
    with pytest.raises(ValidationError) as exc:
        _do(
            Petition.ledger_spec.step("extend"),
            p,
            cast.clerk,
            extended_on=date(2025, 5, 6),
            extension_days=10,
        )
    assert exc.value.message_dict == {
        "extension_approver": ["请填写批准领导"],
        "extension_reason": ["请填写延期理由"],
    }


def test_it_refuses_a_review_request_after_thirty_days(cast):
    p = _replied(cast)
    assert p.review_request_due == date(2025, 5, 20)
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("request_review"), p, cast.clerk, review_requested_on=date(2025, 5, 21))
    assert exc.value.message_dict["review_requested_on"] == [
        "应自收到答复之日起30日内申请复查（期限至2025-05-20），已超过期限"
    ]


def test_it_runs_review_and_recheck_to_the_end(cast):
    p = _replied(cast)
    with pytest.raises(ValidationError) as exc:
        _do(
            Petition.ledger_spec.step("request_recheck"), p, cast.clerk, recheck_requested_on=date(2025, 5, 1)
        )
    assert exc.value.message_dict["recheck_requested_on"] == ["须先经复查，方可申请复核"]
    p = _do(Petition.ledger_spec.step("request_review"), p, cast.clerk, review_requested_on=date(2025, 5, 1))
    assert p.status == "reviewing"
    assert p.review_reply_due == date(2025, 6, 3)  # 5月31日为端午节假期，顺延
    p = _do(
        Petition.ledger_spec.step("review_reply"),
        p,
        cast.clerk,
        review_replied_on=date(2025, 5, 20),
        review_opinion="维持原处理意见。",
    )
    assert p.status == "replied" and p.review_on_time is True
    with pytest.raises(ValidationError) as exc:
        _do(Petition.ledger_spec.step("request_review"), p, cast.clerk, review_requested_on=date(2025, 5, 25))
    assert exc.value.message_dict["review_requested_on"] == ["该信访事项已经复查，不能再次申请复查"]
    p = _do(
        Petition.ledger_spec.step("request_recheck"), p, cast.clerk, recheck_requested_on=date(2025, 6, 1)
    )
    assert p.status == "rechecking"
    p = _do(
        Petition.ledger_spec.step("recheck_reply"),
        p,
        cast.clerk,
        recheck_replied_on=date(2025, 6, 20),
        recheck_opinion="维持复查意见。",
    )
    assert p.status == "closed"
    assert p.closed_on == date(2025, 6, 20)
    assert p.recheck_on_time is True


def test_it_refuses_a_step_from_the_wrong_status(cast):
    p = make_petition(cast)
    with pytest.raises(ValidationError) as exc:
        _do(
            Petition.ledger_spec.step("reply"),
            p,
            cast.clerk,
            replied_on=date(2025, 4, 1),
            reply_text="x",
            satisfaction="satisfied",
        )
    assert exc.value.messages == ["当前状态为“登记”，不能执行“答复”"]


def test_it_accepts_through_the_page_and_the_api(client, cast):
    p = make_petition(cast)
    login(client, cast.clerk)
    response = client.post(
        f"/ledger/{SPEC_KEY}/{p.pk}/do/accept/", {"accepted_on": "2025-03-10", "version": p.version}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted"
    response = client.post(
        f"/api/v1/{SPEC_KEY}/{p.pk}/actions/start/",
        data={"handler": "周明", "version": p.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status_display"] == "办理中"


def test_it_recomputes_due_dates_when_the_receipt_date_is_edited(client, cast):
    p = make_petition(cast)
    login(client, cast.clerk)
    response = client.put(
        f"/api/v1/{SPEC_KEY}/{p.pk}/",
        data={
            "township": cast.a.pk,
            "village": cast.a1.pk,
            "received_on": "2025-03-04",
            "channel": "visit",
            "people_count": 7,
            "category": category(cast).pk,
            "content": p.content,
            "version": p.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["acceptance_due"] == "2025-03-19"
    assert response.json()["is_collective"] is True


def test_it_shows_the_list_with_the_collective_flag(client, cast):
    make_petition(cast, people_count=8)
    login(client, cast.leader)
    response = client.get(f"/ledger/{SPEC_KEY}/")
    assert response.status_code == 200
    assert "集体访" in response.content.decode()
