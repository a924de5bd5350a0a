"""Demo data for public legal services: an advisor per few villages each year, and their consultations."""

from datetime import date, timedelta

from fazhi.core.models import Category
from fazhi.core.services import record_create
from fazhi.orgs.models import Organisation, OrgKind

from .choices import ConsultationMode
from .models import Consultation, LegalAdvisor

FIRMS = ["云岭明正律师事务所", "青山正道律师事务所", "云岭同心律师事务所"]
ADVISORS = ["周文斌", "李明远", "何静怡", "唐立新", "罗晓红", "蒋卫东"]
ANSWERS = {
    "marriage": "就离婚财产分割和子女抚养问题解答，告知可先行调解，必要时向法院起诉。",
    "land": "就土地承包经营权流转解答，建议签订书面流转合同并在村委会备案。",
    "labour": "就务工欠薪问题解答，告知可向劳动保障监察部门投诉或申请劳动仲裁。",
    "contract": "就借款合同纠纷解答，提示保留借条和转账记录，注意诉讼时效。",
    "neighbour": "就相邻通行和排水纠纷解答，建议由村调委会组织调解。",
    "inheritance": "就房屋继承问题解答，说明法定继承顺序及遗嘱的形式要求。",
    "other": "就农村宅基地和建房审批问题解答，告知办理流程和所需材料。",
}


def build(township, clerk, rng, start: date, end: date) -> None:
    villages = list(
        Organisation.objects.current(end)
        .filter(kind=OrgKind.VILLAGE, township=township)
        .order_by("sort_order", "code")
    )
    topics = {c.code: c for c in Category.objects.for_township("consultation_topic", township)}
    advisors_by_year: dict[int, list[LegalAdvisor]] = {}
    for year in range(start.year, end.year + 1):
        served = list(villages)
        if year == end.year and len(served) > 3:
            served = served[:-1]  # one village's advisor contract lapsed and is not yet renewed
        chunks = [served[i::3] for i in range(3)]
        advisors_by_year[year] = []
        for i, chunk in enumerate(chunks):
            if not chunk:
                continue
            advisors_by_year[year].append(
                record_create(
                    spec=LegalAdvisor.ledger_spec,
                    user=clerk,
                    data={
                        "township": township,
                        "name": ADVISORS[(i + year) % len(ADVISORS)],
                        "law_firm": FIRMS[i % len(FIRMS)],
                        "licence_number": f"150012{year - 10}1{i:02d}{rng.randrange(100000, 999999)}",
                        "contract_start": date(year, 1, 1),
                        "contract_end": date(year, 12, 31),
                    },
                    children={"advisorvillage": [{"village": v} for v in chunk]},
                )
            )

    day = start
    while True:
        day += timedelta(days=rng.randrange(3, 9))
        if day > end:
            break
        advisor = rng.choice(advisors_by_year[day.year] + [None])
        if advisor is not None:
            village = rng.choice(list(advisor.villages_served.all())).village
        else:
            village = rng.choice(villages)
        code = rng.choices(list(ANSWERS), [3, 4, 2, 2, 3, 1, 1])[0]
        named = rng.random() < 0.4
        record_create(
            spec=Consultation.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "village": village,
                "consulted_on": day,
                "advisor": advisor,
                "mode": rng.choices(list(ConsultationMode), [6, 3, 3, 1])[0],
                "people": rng.choices([1, 2, 3, 5], [6, 3, 1, 1])[0],
                "topic": topics[code],
                "answer": ANSWERS[code],
                "referred_to_aid": rng.random() < 0.08,
                "consultee_name": rng.choice(["王秀兰", "刘建华", "陈桂芳", "张德明", "杨春燕"])
                if named
                else "",
                "consultee_phone": f"139{rng.randrange(10000000, 99999999)}" if named else "",
            },
        )
