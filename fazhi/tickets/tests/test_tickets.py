"""工单 from 12345热线 and 互联网+督查: the clerk records, replies and closes; A's people read them.

Who may see what: A's people see A's tickets (the cadre only A1's); the clerk of B sees none.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from fazhi.tickets.models import Ticket

from .samples import at, category, make_ticket

SPEC_KEY = "tickets"


def _do(service, record, user, **data):
    record = Ticket.objects.get(pk=record.pk)
    return service(record=record, user=user, data=data, expected_version=record.version)


def _payload(cast, **overrides):
    return {
        "township": cast.a.pk,
        "village": cast.a1.pk,
        "platform": "supervision",
        "ticket_number": "DC-2025-0088",
        "received_at": "2025-04-07T10:00",
        "due_at": "",
        "category": category(cast).pk,
        "content": "反映镇政务服务中心办事排队时间过长。",
        "handling_office": "青山镇党政办",
        **overrides,
    }


def test_it_lets_the_clerk_record_a_ticket_through_the_page(client, cast):
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _payload(cast))
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket = Ticket.objects.get()
    assert ticket.number == "青山-工单-2025-0001"
    # 4月7日（周一）起5个工作日：4月14日（周一）
    assert ticket.due_at == at(2025, 4, 14, 23, 59, 59)


def test_it_lets_the_clerk_record_a_ticket_through_the_api(client, cast):
    login(client, cast.clerk)
    payload = _payload(cast, due_at="2025-04-09T18:00:00+08:00", platform="12345")
    response = client.post(f"/api/v1/{SPEC_KEY}/", data=payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["number"].startswith("青山-工单-2025-")
    assert Ticket.objects.get().due_at == at(2025, 4, 9, 18, 0)


def test_it_defaults_the_time_limit_to_five_working_days_across_a_holiday(cast):
    # 2025年9月29日（周一）接收；国庆中秋假期10月1日至8日，9月28日、10月11日调休上班。
    ticket = make_ticket(cast, received_at=at(2025, 9, 29, 15, 0))
    # 9月30日、10月9日、10日、11日（调休）、13日：第5个工作日为10月13日。
    assert ticket.due_at == at(2025, 10, 13, 23, 59, 59)


def test_it_refuses_the_same_ticket_number_twice_on_one_platform(client, cast):
    make_ticket(cast, platform="supervision", ticket_number="DC-2025-0088")
    login(client, cast.clerk)
    response = client.post(f"/ledger/{SPEC_KEY}/new/", _payload(cast))
    assert response.status_code == 200
    assert "该平台已有相同工单编号" in response.content.decode()
    response = client.post(
        f"/api/v1/{SPEC_KEY}/", data=_payload(cast, due_at=None), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == ["该平台已有相同工单编号"]
    with pytest.raises(ValidationError) as exc:
        make_ticket(cast, platform="supervision", ticket_number="DC-2025-0088")
    assert exc.value.messages == ["该平台已有相同工单编号"]
    assert make_ticket(cast, platform="12345", ticket_number="DC-2025-0088").pk
    assert Ticket.objects.count() == 2


def test_it_refuses_a_time_limit_before_receipt(cast):
    with pytest.raises(ValidationError) as exc:
        make_ticket(cast, due_at=at(2025, 3, 1, 9, 0))
    assert exc.value.message_dict["due_at"] == ["办理时限不能早于接收时间"]


def test_it_refuses_a_receipt_in_the_future(cast):
    with pytest.raises(ValidationError) as exc:
        make_ticket(cast, received_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert exc.value.message_dict["received_at"] == ["时间不能晚于当前时间"]


def test_it_hides_tickets_from_another_township(client, cast):
    record = make_ticket(cast)
    login(client, cast.clerk_b)
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{SPEC_KEY}/{record.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "reviewer"])
def test_it_lets_readers_read_but_not_write(client, cast, who):
    record = make_ticket(cast)
    login(client, getattr(cast, who))
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/").status_code == 200
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/edit/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/void/").status_code == 403
    assert client.get(f"/ledger/{SPEC_KEY}/{record.pk}/do/reply/").status_code == 403


def test_it_judges_a_reply_on_time_on_the_due_day(cast):
    ticket = make_ticket(cast)
    assert ticket.due_at == at(2025, 3, 10, 23, 59, 59)
    ticket = _do(
        Ticket.ledger_spec.step("reply"),
        ticket,
        cast.clerk,
        replied_at=at(2025, 3, 10, 17, 0),
        reply_text="已更换路灯。",
    )
    assert ticket.status == "replied"
    assert ticket.on_time is True


def test_it_judges_a_late_reply(cast):
    ticket = make_ticket(cast, due_at=at(2025, 3, 5, 18, 0))
    ticket = _do(
        Ticket.ledger_spec.step("reply"),
        ticket,
        cast.clerk,
        replied_at=at(2025, 3, 6, 9, 0),
        reply_text="已更换路灯。",
    )
    assert ticket.on_time is False


def test_it_refuses_a_reply_before_receipt_or_without_text(cast):
    ticket = make_ticket(cast)
    with pytest.raises(ValidationError) as exc:
        _do(
            Ticket.ledger_spec.step("reply"),
            ticket,
            cast.clerk,
            replied_at=at(2025, 3, 1, 9, 0),
            reply_text="已处理。",
        )
    assert exc.value.message_dict["replied_at"] == ["答复时间不能早于接收时间"]
    with pytest.raises(ValidationError) as exc:
        _do(Ticket.ledger_spec.step("reply"), ticket, cast.clerk, replied_at=at(2025, 3, 4, 9, 0))
    assert exc.value.message_dict["reply_text"] == ["请填写答复内容"]


def test_it_returns_a_ticket_for_redo_and_counts_it(cast):
    ticket = make_ticket(cast)
    ticket = _do(
        Ticket.ledger_spec.step("reply"),
        ticket,
        cast.clerk,
        replied_at=at(2025, 3, 4, 9, 0),
        reply_text="已安排维修。",
    )
    with pytest.raises(ValidationError) as exc:
        _do(Ticket.ledger_spec.step("return"), ticket, cast.clerk)
    assert exc.value.message_dict["return_reason"] == ["请填写退回原因"]
    ticket = _do(
        Ticket.ledger_spec.step("return"),
        ticket,
        cast.clerk,
        return_reason="群众反映路灯仍未修复。",
        due_at=at(2025, 3, 12, 18, 0),
        satisfaction="unsatisfied",
    )
    assert ticket.status == "handling"
    assert ticket.redo_count == 1
    ticket = _do(
        Ticket.ledger_spec.step("reply"),
        ticket,
        cast.clerk,
        replied_at=at(2025, 3, 12, 10, 0),
        reply_text="已修复。",
    )
    assert ticket.on_time is True
    ticket = _do(Ticket.ledger_spec.step("return"), ticket, cast.clerk, return_reason="仍有一盏未亮。")
    assert ticket.redo_count == 2


def test_it_closes_a_replied_ticket_with_satisfaction(cast):
    ticket = make_ticket(cast)
    with pytest.raises(ValidationError) as exc:
        _do(Ticket.ledger_spec.step("close"), ticket, cast.clerk, closed_on=dt.date(2025, 3, 6))
    assert exc.value.messages == ["当前状态为“办理中”，不能执行“办结”"]
    ticket = _do(
        Ticket.ledger_spec.step("reply"),
        ticket,
        cast.clerk,
        replied_at=at(2025, 3, 5, 9, 0),
        reply_text="已修复。",
    )
    with pytest.raises(ValidationError) as exc:
        _do(Ticket.ledger_spec.step("close"), ticket, cast.clerk, closed_on=dt.date(2025, 3, 4))
    assert exc.value.message_dict["closed_on"] == ["办结日期不能早于答复时间"]
    ticket = _do(
        Ticket.ledger_spec.step("close"),
        ticket,
        cast.clerk,
        closed_on=dt.date(2025, 3, 6),
        satisfaction="satisfied",
    )
    assert ticket.status == "closed"
    assert ticket.get_satisfaction_display() == "满意"


def test_it_replies_through_the_page_and_the_api(client, cast):
    ticket = make_ticket(cast)
    login(client, cast.clerk)
    response = client.post(
        f"/ledger/{SPEC_KEY}/{ticket.pk}/do/reply/",
        {"replied_at": "2025-03-04 10:00", "reply_text": "已修复。", "version": ticket.version},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket.refresh_from_db()
    assert ticket.on_time is True
    response = client.post(
        f"/api/v1/{SPEC_KEY}/{ticket.pk}/actions/return/",
        data={"return_reason": "未联系群众。", "version": ticket.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["redo_count"] == 1
    assert response.json()["status_display"] == "办理中"


def test_it_lists_tickets_with_their_platform(client, cast):
    make_ticket(cast, platform="supervision")
    login(client, cast.leader)
    response = client.get(f"/ledger/{SPEC_KEY}/")
    assert response.status_code == 200
    assert "互联网+督查" in response.content.decode()
