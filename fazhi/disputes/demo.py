"""Demo records of the dispute ledgers (矛盾纠纷排查, 矛盾纠纷, 人民调解) for one township; run by `fazhi demo`."""

from datetime import date, timedelta

from django.utils import timezone

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.core.validators import make_id_number
from fazhi.orgs.models import Organisation, OrgKind

from .choices import Level, Source
from .models import Dispute, Mediation, Screening

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林欧阳"
GIVEN = "国华建平明秀英芳军伟丽强敏静桂兰永福德海春梅志刚金凤"
SUMMARIES = {
    "neighbour": "{a}与邻居{b}因排水沟堵塞引发矛盾，双方多次争吵",
    "homestead": "{a}与{b}因宅基地界址不清发生争议",
    "land_contract": "{a}与{b}因土地承包经营权流转费用产生纠纷",
    "marriage": "{a}与{b}夫妻因家庭琐事长期不和，涉及子女抚养",
    "labour": "{a}在{b}承包的工地务工，被拖欠工资约1.2万元",
    "damages": "{a}饲养的牲畜损毁{b}的农作物，双方就赔偿数额争执",
    "contract": "{a}与{b}因农产品购销合同货款结算发生纠纷",
    "forest": "{a}与{b}因林地四至界线发生争议",
    "traffic": "{a}驾驶三轮车与{b}的摩托车发生刮擦，就赔偿产生争议",
    "property": "{a}等业主与物业公司因收费标准发生纠纷",
}


def _person(rng):
    surname = rng.choice(["欧阳"] + list(SURNAMES[:-2]))
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _addresses(township, villages) -> list[str]:
    """The places parties live: the township's own villages, as the organisation tree names them."""
    district = township.parent.name if township.parent_id else ""
    ordered = sorted(villages, key=lambda v: (v.sort_order, v.code))
    return [f"{district}{township.name}{v.name}" for v in ordered] or [f"{district}{township.name}"]


def _party(rng, role, addresses):
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    return {
        "role": role,
        "name": _person(rng),
        "id_number": make_id_number("500101", birth, rng.randrange(1, 999)) if rng.random() < 0.7 else "",
        "phone": f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}" if rng.random() < 0.8 else "",
        "address": f"{rng.choice(addresses)}{rng.randrange(1, 6)}组{rng.randrange(1, 80)}号",
    }


def build(township, clerk, rng, start: date, end: date) -> None:
    """About five disputes a month, most resolved; some go through formal people's mediation."""
    spec_d, spec_m, spec_s = Dispute.ledger_spec, Mediation.ledger_spec, Screening.ledger_spec
    villages = list(Organisation.objects.filter(parent=township, kind=OrgKind.VILLAGE))
    addresses = _addresses(township, villages)
    types = {c.code: c for c in Category.objects.for_township("dispute_type", township)}
    today = timezone.localdate()

    screenings = []
    month = date(start.year, start.month, 1)
    while month <= end:
        day = month + timedelta(days=rng.randrange(0, 5))
        if day <= end:
            screenings.append(
                record_create(
                    spec=spec_s,
                    user=clerk,
                    data={
                        "township": township,
                        "screened_on": day,
                        "level": Level.TOWNSHIP,
                        "organiser": "镇平安办",
                        "participants": rng.randrange(8, 30),
                        "notes": "组织各村（社区）开展矛盾纠纷集中排查，重点排查土地、婚姻家庭、邻里纠纷。",
                    },
                )
            )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)

    day = start
    while day <= end:
        day += timedelta(days=rng.randrange(3, 9))
        if day > end:
            break
        village = rng.choice(villages)
        code = rng.choice(list(SUMMARIES))
        a, b = _party(rng, "applicant", addresses), _party(rng, "respondent", addresses)
        from_screening = rng.random() < 0.35
        level = rng.choices([Level.VILLAGE, Level.GROUP, Level.TOWNSHIP], [6, 2, 3])[0]
        dispute = record_create(
            spec=spec_d,
            user=clerk,
            data={
                "township": township,
                "village": village,
                "received_on": day,
                "source": Source.SCREENING
                if from_screening
                else rng.choice([Source.APPLICATION, Source.PETITION, Source.HOTLINE]),
                "level": level,
                "dispute_type": types[code],
                "summary": SUMMARIES[code].format(a=a["name"][0] + "某", b=b["name"][0] + "某"),
                "handler": rng.choice(["刘德华", "陈国平", "杨秀英", "黄明"]),
                "screening": rng.choice([s for s in screenings if s.screened_on <= day] or [None])
                if from_screening
                else None,
            },
            children={"disputeparty": [a, b]},
        )
        age = (today - day).days
        if age < 10:
            continue
        dispute = Dispute.ledger_spec.step("start")(
            record=dispute, user=clerk, data={"handler": dispute.handler}, expected_version=dispute.version
        )
        closed = min(day + timedelta(days=rng.randrange(2, 25)), today)
        mediated = level != Level.GROUP and rng.random() < 0.45
        outcome = rng.random()
        if mediated:
            mediation = record_create(
                spec=spec_m,
                user=clerk,
                data={
                    "township": township,
                    "village": village,
                    "dispute": dispute,
                    "started_on": day + timedelta(days=1),
                    "mediators": "、".join(rng.sample(["刘德华", "陈国平", "杨秀英", "黄明", "何建军"], 2)),
                    "committee": f"{township.name}人民调解委员会"
                    if level == Level.TOWNSHIP
                    else f"{village.name}人民调解委员会",
                    "judicial_confirmation": "none",
                },
                children={
                    "mediationsession": [
                        {
                            "held_on": day + timedelta(days=1),
                            "place": "调解室",
                            "notes": "听取双方陈述，释法说理",
                        }
                    ]
                },
            )
            if outcome < 0.92:
                Mediation.ledger_spec.step("succeed")(
                    record=mediation,
                    user=clerk,
                    expected_version=mediation.version,
                    data={
                        "agreement_form": rng.choice(["written", "written", "oral"]),
                        "agreement_content": "双方自愿达成如下协议：一、……；二、……。协议自双方签字之日起生效，于30日内履行完毕。",
                        "effective_on": closed,
                    },
                )
            else:
                Mediation.ledger_spec.step("fail")(
                    record=mediation,
                    user=clerk,
                    expected_version=mediation.version,
                    data={"ended_on": closed},
                )
        dispute.refresh_from_db()
        if outcome < 0.92:
            Dispute.ledger_spec.step("resolve")(
                record=dispute,
                user=clerk,
                expected_version=dispute.version,
                data={"closed_on": closed, "result_note": "经调解双方达成一致，矛盾化解"},
            )
        elif outcome < 0.96:
            Dispute.ledger_spec.step("transfer")(
                record=dispute,
                user=clerk,
                expected_version=dispute.version,
                data={"closed_on": closed, "transfer_to": "court", "result_note": "引导当事人向法院起诉"},
            )
        else:
            Dispute.ledger_spec.step("fail")(
                record=dispute,
                user=clerk,
                expected_version=dispute.version,
                data={"closed_on": closed, "result_note": "双方分歧较大，未能化解，持续跟踪"},
            )
