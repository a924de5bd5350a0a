"""Demo tickets for one township (12345热线 mostly, a few 互联网+督查), made through the services."""

import datetime as dt

from django.utils import timezone

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.orgs.models import Organisation, OrgKind

from .choices import Platform
from .models import Ticket

CONTENTS = {
    "construction": "反映村内道路破损，雨天积水严重",
    "transport": "反映村口公交站台无遮雨棚",
    "environment": "反映河道旁垃圾堆放未及时清运",
    "labour": "反映务工工资被拖欠两个月",
    "market": "反映集镇商户销售过期食品",
    "agriculture": "反映耕地地力保护补贴未到账",
    "education_health": "反映村卫生室开放时间不固定",
    "civil_affairs": "反映临时救助申请无人回复",
    "utilities": "反映组内自来水停水多日",
    "public_security": "反映夜间有人在河边电鱼",
    "other": "咨询农村建房审批流程",
}
OFFICES = ["镇村镇建设办", "镇综合执法队", "镇农业农村办", "镇社会事务办", "镇党政办", "镇派出所"]


def _do(service, record, user, **data):
    record = Ticket.objects.get(pk=record.pk)
    return service(record=record, user=user, data=data, expected_version=record.version)


def build(township, clerk, rng, start: dt.date, end: dt.date) -> dict:
    """About 80 tickets a year; most replied within the limit, a few returned for redo."""
    now = timezone.now()
    end = min(end, timezone.localdate())
    villages = list(Organisation.objects.current().filter(kind=OrgKind.VILLAGE, township=township))
    categories = list(Category.objects.for_township("ticket_category", township))
    years = max(1, (end - start).days / 365)
    made = 0
    for i in range(int(80 * years)):
        day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        received = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])))
        )
        if received > now:
            continue
        platform = Platform.SUPERVISION if rng.random() < 0.08 else Platform.HOTLINE
        prefix = "DC" if platform == Platform.SUPERVISION else "12345"
        cat = rng.choice(categories)
        ticket = record_create(
            spec=Ticket.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "village": rng.choice(villages) if villages else None,
                "platform": platform,
                "ticket_number": f"{prefix}-{day:%Y%m%d}-{township.pk:03d}{i:04d}",
                "received_at": received,
                "due_at": received + dt.timedelta(days=3) if rng.random() < 0.2 else None,
                "category": cat,
                "content": CONTENTS.get(cat.code, f"反映{cat.label}问题") + "。",
                "handling_office": rng.choice(OFFICES),
            },
        )
        made += 1
        _handle(ticket, clerk, rng, now)
    return {"tickets": made}


def _handle(ticket, clerk, rng, now):
    for _ in range(3):
        late = rng.random() < 0.1
        base = ticket.due_at if late else (ticket.replied_at or ticket.received_at)
        replied = base + dt.timedelta(hours=rng.randint(4, 60))
        if late is False and replied > ticket.due_at:
            replied = ticket.due_at - dt.timedelta(hours=2)
        if replied > now:
            return
        ticket = _do(
            Ticket.ledger_spec.step("reply"),
            ticket,
            clerk,
            replied_at=replied,
            reply_text="经核实，已协调相关部门处理并电话回复诉求人。",
        )
        if rng.random() < 0.12 and replied + dt.timedelta(days=2) < now:
            ticket = _do(
                Ticket.ledger_spec.step("return"),
                ticket,
                clerk,
                return_reason="诉求人反映问题未解决，平台退回重办。",
                due_at=replied + dt.timedelta(days=5),
                satisfaction="unsatisfied",
            )
            continue
        closed = timezone.localtime(replied).date() + dt.timedelta(days=rng.randint(1, 5))
        if closed <= timezone.localdate():
            _do(
                Ticket.ledger_spec.step("close"),
                ticket,
                clerk,
                closed_on=closed,
                satisfaction=rng.choice(["satisfied"] * 7 + ["basic"] * 2 + ["unsatisfied"]),
            )
        return
