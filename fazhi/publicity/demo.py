"""Believable 普法 records for a rural township: a year and more of activities, study and rosters."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.orgs.models import Organisation, OrgKind

from .choices import ActivityForm, StudyKind, TitleLevel, VolunteerRole
from .models import (
    LawExam,
    LegalVolunteer,
    ModelVillage,
    PublicityActivity,
    PublicityFund,
    StudyPlan,
    StudySession,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
GIVEN = "国华建平明秀英芳军伟丽强敏静桂兰永福德海春梅志刚金凤"

# (法律七进 code, title, form, audience unit, audience range, weight)
ACTIVITIES = [
    ("xiangcun", "民法典进乡村宣传", ActivityForm.STALL, "", (60, 200), 6),
    ("xiangcun", "法律明白人送法上门", ActivityForm.HOME_VISIT, "", (20, 60), 4),
    ("shequ", "宪法宣传进社区", ActivityForm.STALL, "", (80, 250), 3),
    ("xuexiao", "法治副校长上法治课", ActivityForm.LECTURE, "青山镇中心小学", (200, 600), 3),
    ("xuexiao", "预防未成年人犯罪专题讲座", ActivityForm.LECTURE, "青山镇初级中学", (300, 800), 2),
    ("qiye", "劳动法律法规进企业", ActivityForm.LECTURE, "青山农业开发有限公司", (30, 120), 2),
    ("jiguan", "机关干部法治讲座", ActivityForm.LECTURE, "青山镇人民政府", (40, 90), 1),
    ("danwei", "安全生产法宣传", ActivityForm.QUIZ, "青山镇卫生院", (30, 80), 1),
    ("jiating", "反家庭暴力法入户宣传", ActivityForm.HOME_VISIT, "", (15, 50), 2),
    ("wangluo", "“法治青山”公众号有奖竞答", ActivityForm.ONLINE, "", (300, 1500), 2),
    ("xiangcun", "法治文艺演出进村", ActivityForm.ARTS, "", (150, 500), 1),
]

TOPICS = [
    "学习《中华人民共和国宪法》",
    "学习习近平法治思想",
    "学习《中华人民共和国民法典》",
    "学习《信访工作条例》",
    "学习《中华人民共和国行政处罚法》",
    "学习《中华人民共和国行政复议法》",
    "学习《中华人民共和国土地管理法》",
    "学习《中华人民共和国安全生产法》",
    "学习《法治政府建设实施纲要（2021—2025年）》",
    "学习《中华人民共和国保守国家秘密法》",
    "学习《中华人民共和国乡村振兴促进法》",
    "学习《中华人民共和国反有组织犯罪法》",
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _months(start: date, end: date):
    month = date(start.year, start.month, 1)
    while month <= end:
        yield month
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _day_in(month: date, rng, start: date, end: date) -> date | None:
    day = month + timedelta(days=rng.randrange(0, 28))
    return day if start <= day <= end else None


def build(township, clerk, rng, start: date, end: date) -> None:
    """Create the township's 普法 records between start and end (never after today)."""
    end = min(end, timezone.localdate())
    villages = list(Organisation.objects.filter(parent=township, kind=OrgKind.VILLAGE).order_by("code"))
    qijin = {c.code: c for c in Category.objects.for_township("qijin", township)}
    weights = [a[-1] for a in ACTIVITIES]

    def create(model, data, children=None):
        return record_create(
            spec=model.ledger_spec, user=clerk, data={"township": township, **data}, children=children
        )

    plans = {}
    for year in range(start.year, end.year + 1):
        issued = max(date(year, 1, 10), start) if year > start.year else start
        if issued > end:
            continue
        plan = create(
            StudyPlan,
            {"year": year, "title": f"{township.name}{year}年度领导干部学法计划", "issued_on": issued},
            {"studyplanitem": [{"month": m, "topic": TOPICS[(m - 1 + year) % 12]} for m in range(1, 13)]},
        )
        plans[year] = {item.month: item for item in plan.items.all()}
        allocated = issued + timedelta(days=rng.randrange(20, 60))
        create(
            PublicityFund,
            {
                "year": year,
                "allocated_on": allocated if allocated <= end else issued,
                "amount": Decimal(rng.choice(["3.00", "4.50", "5.00", "6.00"])),
                "purpose": "普法宣传资料印制、法治文化阵地维护及“法律明白人”培训",
            },
        )
        exam_day = date(year, 10, rng.randrange(10, 28))
        if start <= exam_day <= end:
            required = rng.randrange(55, 70)
            sat = required - rng.randrange(0, 3)
            create(
                LawExam,
                {
                    "name": f"{year}年度国家工作人员法治理论知识考试",
                    "exam_on": exam_day,
                    "organiser": "区委依法治区办",
                    "required_count": required,
                    "sat_count": sat,
                    "passed_count": sat - rng.randrange(0, 2),
                },
            )

    for month in _months(start, end):
        for _ in range(rng.randrange(3, 6)):
            day = _day_in(month, rng, start, end)
            if day is None:
                continue
            code, title, form, unit, (lo, hi), _w = rng.choices(ACTIVITIES, weights)[0]
            audience = rng.randrange(lo, hi)
            create(
                PublicityActivity,
                {
                    "village": rng.choice(villages)
                    if villages and code in ("xiangcun", "shequ", "jiating")
                    else None,
                    "held_on": day,
                    "title": title,
                    "qijin": qijin[code],
                    "form": form,
                    "audience_unit": unit,
                    "audience_count": audience,
                    "books": rng.randrange(0, audience // 4 + 1),
                    "materials": rng.randrange(audience // 2, audience * 2),
                    "households": rng.randrange(10, 60) if form == ActivityForm.HOME_VISIT else 0,
                    "consultations": rng.randrange(0, 15),
                    "organiser": rng.choice(["镇司法所", "镇综治中心", "镇妇联", "镇派出所"]),
                },
            )
        # One 中心组学法 most months and a 会前学法 at the monthly staff meeting; the first ticks the plan.
        item = plans.get(month.year, {}).get(month.month)
        day = _day_in(month, rng, start, end)
        if day and rng.random() < 0.8:
            members = [
                (_name(rng), post) for post in ("党委书记", "镇长", "党委副书记", "纪委书记", "组织委员")
            ]
            create(
                StudySession,
                {
                    "held_on": day,
                    "kind": StudyKind.CENTRAL_GROUP,
                    "topic": item.topic if item else rng.choice(TOPICS),
                    "speaker": members[0][0],
                    "participants": rng.randrange(11, 16),
                    "plan_item": item,
                },
                {"studyattendee": [{"name": n, "post": p} for n, p in members]},
            )
        day = _day_in(month, rng, start, end)
        if day:
            create(
                StudySession,
                {
                    "held_on": day,
                    "kind": rng.choice(
                        [StudyKind.PRE_MEETING, StudyKind.PRE_MEETING, StudyKind.STAFF_MEETING]
                    ),
                    "topic": rng.choice(TOPICS),
                    "participants": rng.randrange(35, 70),
                },
            )
        if month.month in (5, 11):
            day = _day_in(month, rng, start, end)
            if day:
                create(
                    StudySession,
                    {
                        "held_on": day,
                        "kind": rng.choice([StudyKind.TRAINING, StudyKind.LECTURE]),
                        "topic": "村（社区）干部及法律明白人法律知识培训",
                        "speaker": "青山律师事务所律师",
                        "participants": rng.randrange(60, 120),
                    },
                )
        if month.month == 12:
            day = _day_in(month, rng, start, end)
            if day:
                enrolled = rng.randrange(55, 68)
                create(
                    StudySession,
                    {
                        "held_on": day,
                        "kind": StudyKind.ONLINE,
                        "topic": f"{month.year}年度法宣在线学法",
                        "participants": enrolled * rng.randrange(8, 14),
                        "enrolled": enrolled,
                    },
                )

    for village in villages:
        roles = [VolunteerRole.LEGAL_LITERATE] * rng.randrange(2, 4) + [VolunteerRole.PROPAGANDIST]
        for role in roles:
            trained = start + timedelta(days=rng.randrange(0, max(1, (end - start).days)))
            create(
                LegalVolunteer,
                {
                    "village": village,
                    "name": _name(rng),
                    "role": role,
                    "trained_on": trained if rng.random() < 0.85 else None,
                    "phone": f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}"
                    if rng.random() < 0.8
                    else "",
                },
            )
    if villages:
        create(
            LegalVolunteer, {"village": villages[0], "name": _name(rng), "role": VolunteerRole.POLITICS_LAW}
        )
    for village, level, year in zip(
        villages[:3],
        [TitleLevel.PROVINCE_CITY, TitleLevel.DISTRICT, TitleLevel.DISTRICT],
        [2016, 2019, 2022],
        strict=False,
    ):
        create(
            ModelVillage,
            {
                "village": village,
                "level": level,
                "awarded_on": date(year, 12, rng.randrange(1, 28)),
                "document": f"{'市司法局' if level == TitleLevel.PROVINCE_CITY else '区司法局'}〔{year}〕{rng.randrange(5, 60)}号",
            },
        )
