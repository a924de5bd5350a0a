"""Demo petitions and leader receptions for one township, made through the services."""

import datetime as dt

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.core.validators import make_id_number
from fazhi.orgs.models import Organisation, OrgKind

from .choices import Channel, ReceptionKind
from .models import LeaderReception, Petition

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗高林"
GIVEN = ["建国", "秀英", "德明", "桂兰", "志强", "春梅", "国华", "玉珍", "海军", "凤英", "永福", "小燕"]
LEADERS = ["党委书记 陈立新", "镇长 吴海涛", "副镇长 罗文斌", "政法委员 孙晓东"]
OFFICES = ["青山镇信访办", "镇农业农村办", "镇自然资源所", "镇社会事务办", "镇村镇建设办", "镇综合执法队"]
MATTERS = {
    "land": "反映土地承包经营权流转费用未按期支付",
    "demolition": "反映宅基地审批进度缓慢",
    "labour": "反映在建工地拖欠农民工工资",
    "social_security": "反映低保评定程序不公开",
    "environment": "反映养殖场污水直排河道",
    "construction": "反映村道硬化后排水不畅",
    "agriculture": "反映农业补贴发放有误",
    "village_affairs": "反映村务公开不及时",
    "neighbourhood": "反映邻里建房占用通道",
    "other": "反映其他问题",
}


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _day(rng, start, end):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _do(service, record, user, **data):
    record = Petition.objects.get(pk=record.pk)
    return service(record=record, user=user, data=data, expected_version=record.version)


def build(township, clerk, rng, start: dt.date, end: dt.date) -> dict:
    """About 25 receptions and 45 petitions a year, handled as far as `end` allows."""
    end = min(end, dt.date.today())
    villages = list(Organisation.objects.current().filter(kind=OrgKind.VILLAGE, township=township))
    categories = list(Category.objects.for_township("petition_category", township))
    years = max(1, (end - start).days / 365)
    receptions = []
    for _ in range(int(25 * years)):
        village = rng.choice(villages) if villages else None
        receptions.append(
            record_create(
                spec=LeaderReception.ledger_spec,
                user=clerk,
                data={
                    "township": township,
                    "village": village,
                    "held_on": _day(rng, start, end),
                    "leader": rng.choice(LEADERS).split()[-1],
                    "kind": rng.choice(ReceptionKind.values),
                    "place": f"{village.name}村委会" if village and rng.random() < 0.5 else "镇信访接待室",
                    "people_count": rng.randint(1, 15),
                    "matters": "；".join(rng.sample(list(MATTERS.values()), 2)) + "。",
                },
            )
        )
    petitions = []
    for i in range(int(45 * years)):
        cat = rng.choice(categories)
        received = _day(rng, start, end)
        reception = None
        channel = rng.choice(
            [Channel.VISIT] * 4
            + [Channel.LETTER, Channel.ONLINE, Channel.ONLINE, Channel.PHONE, Channel.ASSIGNED]
        )
        earlier = [r for r in receptions if r.held_on <= received]
        if earlier and rng.random() < 0.15:
            reception = rng.choice(earlier)
            channel = Channel.LEADER
        people = rng.choice([1] * 10 + [2, 2, 3, 6, 12])
        previous = None
        older = [p for p in petitions if p.received_on <= received]
        if older and rng.random() < 0.1:
            previous = rng.choice(older)
        rows = [
            {
                "name": _name(rng),
                "id_number": make_id_number(
                    "500101",
                    dt.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                    i % 1000,
                )
                if rng.random() < 0.6
                else "",
                "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                "address": f"{rng.choice(villages).name if villages else ''}{rng.randint(1, 9)}组",
            }
            for _ in range(min(people, 3))
        ]
        p = record_create(
            spec=Petition.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "village": rng.choice(villages) if villages else None,
                "received_on": received,
                "channel": channel,
                "people_count": people,
                "category": cat,
                "content": MATTERS.get(cat.code, f"反映{cat.label}问题") + "，请求协调解决。",
                "handling_office": rng.choice(OFFICES),
                "previous": previous,
                "reception": reception,
            },
            children={"petitioner": rows},
        )
        petitions.append(p)
        _handle(p, clerk, rng, end)
    return {"leader-receptions": len(receptions), "petitions": len(petitions)}


def _handle(p, clerk, rng, end):
    """Walk a petition through its steps with believable dates, stopping at `end`."""
    step = p.received_on + dt.timedelta(days=rng.randint(1, 16))
    if step > end:
        return
    if rng.random() < 0.08:
        _do(
            Petition.ledger_spec.step("reject"),
            p,
            clerk,
            notified_on=step,
            rejection_reason="属于诉讼程序解决的事项，已告知信访人依法向人民法院起诉。",
        )
        return
    p = _do(Petition.ledger_spec.step("accept"), p, clerk, accepted_on=step)
    p = _do(Petition.ledger_spec.step("start"), p, clerk, handler=_name(rng))
    if rng.random() < 0.1 and p.reply_due - dt.timedelta(days=5) <= end:
        p = _do(
            Petition.ledger_spec.step("extend"),
            p,
            clerk,
            extended_on=p.reply_due - dt.timedelta(days=5),
            extension_days=rng.choice([15, 30]),
            extension_approver=rng.choice(LEADERS).split()[-1],
            extension_reason="涉及多个部门，需进一步调查核实。",
        )
    replied = p.accepted_on + dt.timedelta(days=rng.choice([10, 20, 30, 40, 50, 58, 65]))
    if replied > end:
        return
    satisfaction = rng.choice(["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"])
    p = _do(
        Petition.ledger_spec.step("reply"),
        p,
        clerk,
        replied_on=replied,
        reply_text="经调查核实，已协调相关单位依法处理，并书面答复信访人。",
        satisfaction=satisfaction,
    )
    if satisfaction == "unsatisfied" and replied + dt.timedelta(days=40) <= end:
        p = _do(
            Petition.ledger_spec.step("request_review"),
            p,
            clerk,
            review_requested_on=replied + dt.timedelta(days=10),
        )
        p = _do(
            Petition.ledger_spec.step("review_reply"),
            p,
            clerk,
            review_replied_on=replied + dt.timedelta(days=35),
            review_opinion="经复查，原处理意见正确，予以维持。",
        )
        return
    closed = replied + dt.timedelta(days=rng.randint(31, 40))
    if closed <= end:
        _do(Petition.ledger_spec.step("close"), p, clerk, closed_on=closed)
