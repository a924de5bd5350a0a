"""Demo officers and enforcement cases for one township, made through the services.

A rural township decides few cases a year: about ten, one of them major (with its 法制审核).
"""

import datetime as dt

from django.core.files.base import ContentFile

from fazhi.core.attachments import attachment_add
from fazhi.core.models import AttachmentKind, Category
from fazhi.core.services import record_create, record_update
from fazhi.core.validators import make_credit_code, make_id_number
from fazhi.decisions.choices import ReviewType
from fazhi.decisions.demo import review
from fazhi.orgs.models import Organisation, OrgKind

from . import services
from .choices import CaseKind, PartyType
from .models import EnforcementCase, Officer

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗高林"
GIVEN = ["建军", "海燕", "志刚", "丽华", "国庆", "晓峰", "红梅", "德胜", "文静", "永强"]
CASES = [
    (CaseKind.PENALTY, "inquiry", "未经批准擅自占用耕地建设养殖棚", "责令限期拆除，恢复土地原状，并处罚款"),
    (CaseKind.PENALTY, "inspection", "在禁烧区露天焚烧秸秆", "警告，并处罚款200元"),
    (CaseKind.PENALTY, "inquiry", "占道经营，影响集镇交通", "责令改正，处罚款100元"),
    (CaseKind.INSPECTION, "safety_inspection", "对辖区烟花爆竹零售点开展安全生产检查", "责令整改安全隐患3处"),
    (CaseKind.INSPECTION, "inspection", "对农村自建房出租经营开展安全检查", "未发现违法行为"),
    (CaseKind.COERCION, "seizure", "无证运输砂石，依法扣押运输车辆", "扣押运输车辆1台"),
    (CaseKind.LICENSING, "inspection", "农村村民宅基地和建房（规划许可）申请", "准予许可"),
]
COMPANIES = ["青禾砂石有限公司", "顺达运输有限公司", "绿源养殖专业合作社", "鑫旺建材经营部"]


def _day(rng, start, end):
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _do(service, record, user, **data):
    record = EnforcementCase.objects.get(pk=record.pk)
    return service(record=record, user=user, data=data, expected_version=record.version)


def _officers(township, clerk, rng, start):
    out = []
    for i in range(6):
        issued = start - dt.timedelta(days=rng.randint(200, 1500))
        # One certificate lapses during the demo period, as happens.
        valid_until = start + dt.timedelta(days=120) if i == 5 else issued + dt.timedelta(days=365 * 5 + 700)
        out.append(
            record_create(
                spec=Officer.ledger_spec,
                user=clerk,
                data={
                    "township": township,
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "cert_number": f"{township.code}{issued:%Y}{i + 1:04d}",
                    "issuing_body": "区人民政府",
                    "issued_on": issued,
                    "valid_until": valid_until,
                    "unit": f"{township.name}综合行政执法办公室",
                },
            )
        )
    return out


def _party(rng, n):
    if rng.random() < 0.35:
        body = f"9150010{n % 10}MA5U{n:04d}"[:17].ljust(17, "0")
        return {
            "party_type": PartyType.ORGANISATION,
            "party_name": rng.choice(COMPANIES),
            "party_credit_code": make_credit_code(body),
        }
    birth = dt.date(1960 + rng.randrange(40), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "party_type": PartyType.PERSON,
        "party_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "party_id_number": make_id_number("500101", birth, rng.randrange(1000)) if rng.random() < 0.7 else "",
        "party_phone": f"13{rng.randint(5, 9)}{rng.randrange(10**8):08d}",
    }


def build(township, clerk, rng, start: dt.date, end: dt.date) -> None:
    today = dt.date.today()
    end = min(end, today)
    officers = _officers(township, clerk, rng, start)
    villages = list(Organisation.objects.current().filter(kind=OrgKind.VILLAGE, township=township))
    actions = {c.code: c for c in Category.objects.for_township("enforcement_action", township)}
    years = max(1, (end - start).days / 365)
    for n in range(1, int(10 * years) + 1):
        kind, action, cause, decision = rng.choice(CASES)
        filed = _day(rng, start, end)
        village = rng.choice(villages) if villages else None
        major = n % 8 == 3
        if major:
            kind, action = CaseKind.COERCION, "demolition"
            cause, decision = "违法建设经责令限期拆除逾期未拆除", "依法强制拆除违法建筑"
        on_duty = [o for o in officers if o.issued_on <= filed <= o.valid_until]
        assigned = rng.sample(on_duty, 2)
        case = record_create(
            spec=EnforcementCase.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "village": village,
                "case_number": f"{township.short_name}综执〔{filed.year}〕{n}号",
                "kind": kind,
                "action_kind": actions[action],
                "cause": cause,
                "filed_on": filed,
                "is_major": major,
                "party_address": f"{village.name}" if village else "",
                **_party(rng, n),
            },
            children={
                "caseofficer": [
                    {"officer": o, "role": r} for o, r in zip(assigned, ("lead", "assist"), strict=True)
                ]
            },
        )
        investigated = filed + dt.timedelta(days=rng.randint(5, 30))
        if investigated > end:
            continue
        case = _do(EnforcementCase.ledger_spec.step("investigate"), case, clerk, investigated_on=investigated)
        decided = investigated + dt.timedelta(days=rng.randint(5, 20))
        if major:
            legal_review = review(
                township,
                clerk,
                rng,
                submitted_on=investigated + dt.timedelta(days=1),
                today=end,
                review_type=ReviewType.MAJOR_ENFORCEMENT,
                title=f"{case.case_number}拟作出强制拆除决定",
                office=f"{township.name}综合行政执法办公室",
            )
            if not legal_review.passed:
                continue
            decided = max(decided, legal_review.reviewed_on)
            case = record_update(
                spec=EnforcementCase.ledger_spec,
                record=case,
                user=clerk,
                data={"legal_review": legal_review},
                expected_version=case.version,
            )
        if decided > end:
            continue
        case = _do(
            EnforcementCase.ledger_spec.step("decide"), case, clerk, decided_on=decided, decision=decision
        )
        published = decided + dt.timedelta(days=rng.choice([1, 2, 3, 5, 7, 12]))
        if published > end:
            continue
        case = _do(EnforcementCase.ledger_spec.step("publish"), case, clerk, published_on=published)
        closed = published + dt.timedelta(days=rng.randint(3, 30))
        if closed > end:
            continue
        if services.requires_av_record(case):
            attachment_add(
                record=case,
                user=clerk,
                file=ContentFile(b"demo video", name="执法记录仪视频.mp4"),
                kind=AttachmentKind.AV_RECORD,
                note="执法记录仪全程录像",
            )
        _do(EnforcementCase.ledger_spec.step("close"), case, clerk, closed_on=closed)
