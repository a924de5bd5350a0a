"""Demo legality reviews, major decisions and risk assessments for one township, via the services."""

import datetime as dt

from fazhi.core.services import record_create

from .choices import Conclusion, DecisionStep, ReviewType, RiskDomain, RiskLevel
from .models import LegalityReview, MajorDecision, RiskAssessment

REVIEWS = [
    (ReviewType.NORMATIVE, "党政综合办公室", "关于进一步规范村级小微权力运行的实施办法"),
    (ReviewType.NORMATIVE, "社会事务办公室", "困难群众临时救助实施细则"),
    (ReviewType.CONTRACT, "经济发展办公室", "集镇保洁服务外包合同"),
    (ReviewType.CONTRACT, "村镇建设办公室", "村道硬化工程施工合同"),
    (ReviewType.CONTRACT, "农业农村办公室", "高标准农田建设项目监理合同"),
    (ReviewType.CONTRACT, "党政综合办公室", "政府法律顾问服务合同"),
    (ReviewType.CONTRACT, "经济发展办公室", "闲置校舍租赁合同"),
    (ReviewType.MAJOR_DECISION, "生态环境办公室", "集镇生活污水管网改造方案"),
    (ReviewType.OTHER, "财政所", "镇属国有资产处置方案"),
    (ReviewType.OTHER, "应急管理办公室", "防汛抢险物资采购方案"),
]
ADVISORS = ["周文斌律师", "公职律师 何静"]
DECISIONS = [
    ("集镇农贸市场搬迁改造方案", "经济发展办公室"),
    ("农村生活垃圾分类收运体系建设方案", "生态环境办公室"),
    ("镇中心小学周边交通整治方案", "平安建设办公室"),
]
RISKS = [
    ("土地流转项目", RiskDomain.STABILITY),
    ("砂石场关停整治", RiskDomain.STABILITY),
    ("集镇燃气管道改造", RiskDomain.SAFETY),
    ("养殖场退养", RiskDomain.ECOLOGY),
    ("村级债务化解", RiskDomain.FINANCE),
    ("农村危房改造", RiskDomain.SAFETY),
    ("征地拆迁补偿", RiskDomain.STABILITY),
]


def _day(rng, start, end):
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _fresh(record):
    return type(record).objects.get(pk=record.pk)


def _do(service, record, user, **data):
    record = _fresh(record)
    return service(record=record, user=user, data=data, expected_version=record.version)


def review(
    township, clerk, rng, *, submitted_on, today, review_type=None, title=None, office=None, village=None
):
    """One legality review, taken as far through its workflow as the dates allow."""
    if review_type is None:
        review_type, office, title = rng.choice(REVIEWS)
    record = record_create(
        spec=LegalityReview.ledger_spec,
        user=clerk,
        data={
            "township": township,
            "village": village,
            "title": title,
            "review_type": review_type,
            "submitting_office": office,
            "submitted_on": submitted_on,
        },
    )
    reviewed_on = submitted_on + dt.timedelta(days=rng.randint(2, 9))
    if reviewed_on > today:
        if rng.random() < 0.5:
            record = _do(
                LegalityReview.ledger_spec.step("start"), record, clerk, reviewer=rng.choice(ADVISORS)
            )
        return record
    conclusion = rng.choices(
        [Conclusion.AGREE, Conclusion.AGREE_AMENDED, Conclusion.DISAGREE], weights=[6, 3, 1]
    )[0]
    if review_type == ReviewType.MAJOR_ENFORCEMENT:
        conclusion = Conclusion.AGREE if rng.random() < 0.7 else Conclusion.AGREE_AMENDED
    opinion = {
        Conclusion.AGREE: "经审查，该事项主体适格、内容合法、程序正当，同意。",
        Conclusion.AGREE_AMENDED: "经审查，建议修改部分表述、补充救济途径告知后实施。",
        Conclusion.DISAGREE: "经审查，该事项缺乏上位法依据，不同意。",
    }[conclusion]
    record = _do(
        LegalityReview.ledger_spec.step("opine"),
        record,
        clerk,
        reviewer=rng.choice(ADVISORS),
        opinion=opinion,
        conclusion=conclusion,
        reviewed_on=reviewed_on,
    )
    outcome_on = reviewed_on + dt.timedelta(days=rng.randint(1, 15))
    if conclusion == Conclusion.DISAGREE or outcome_on > today or review_type == ReviewType.MAJOR_ENFORCEMENT:
        return record
    service = {
        ReviewType.NORMATIVE: LegalityReview.ledger_spec.step("issue"),
        ReviewType.CONTRACT: LegalityReview.ledger_spec.step("sign"),
    }.get(review_type, LegalityReview.ledger_spec.step("decide"))
    return _do(service, record, clerk, outcome_on=outcome_on)


def build(township, clerk, rng, start: dt.date, end: dt.date) -> None:
    """About 18 reviews, 1–2 major decisions and 6 risk assessments a year."""
    today = dt.date.today()
    end = min(end, today)
    years = max(1, (end - start).days / 365)
    for _ in range(int(18 * years)):
        review(township, clerk, rng, submitted_on=_day(rng, start, end), today=end)

    for i in range(max(1, int(1.5 * years))):
        title, office = DECISIONS[i % len(DECISIONS)]
        proposed = _day(rng, start, end - dt.timedelta(days=60)) if (end - start).days > 90 else start
        steps, day = [], proposed
        for step in DecisionStep:
            begun = day + dt.timedelta(days=rng.randint(3, 10))
            done = begun + dt.timedelta(days=34 if step == DecisionStep.PUBLIC else rng.randint(1, 10))
            finished = done <= end
            steps.append(
                {
                    "step": step.value,
                    "required": step != DecisionStep.EXPERT or rng.random() < 0.7,
                    "started_on": begun if begun <= end else None,
                    "done_on": done if finished else None,
                    "evidence": f"{step.label}相关材料（会议纪要、公告截图等）" if finished else "",
                }
            )
            day = done
        record = record_create(
            spec=MajorDecision.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "title": f"{township.short_name}镇{title}",
                "proposed_on": proposed,
                "sponsor_office": office,
                "summary": f"拟实施{title}，涉及群众切身利益，按重大行政决策程序办理。",
            },
            children={"majordecisionstep": steps},
        )
        decided_on = day + dt.timedelta(days=1)
        if all(s["done_on"] for s in steps) and decided_on <= end:
            _do(
                MajorDecision.ledger_spec.step("decide"),
                record,
                clerk,
                decided_on=decided_on,
                decision="经镇党委会、镇政府常务会议集体讨论决定，同意实施。",
            )

    for i in range(int(6 * years)):
        matter, domain = RISKS[i % len(RISKS)]
        assessed = _day(rng, start, end)
        level = rng.choices([RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH], weights=[4, 4, 2])[0]
        later = assessed + dt.timedelta(days=rng.randint(20, 60))
        reviews = (
            [{"reviewed_on": later, "note": "回访群众，情绪平稳，措施落实到位。"}] if later <= end else []
        )
        record = record_create(
            spec=RiskAssessment.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "matter": f"{matter}社会稳定风险评估"
                if domain == RiskDomain.STABILITY
                else f"{matter}风险评估",
                "domain": domain,
                "level": level,
                "assessed_on": assessed,
                "assessor": f"{township.short_name}镇综治中心",
                "measures": "成立工作专班，逐户走访解释政策，建立风险台账，定期研判。",
            },
            children={"riskreview": reviews},
        )
        if reviews and later + dt.timedelta(days=10) <= end:
            if level == RiskLevel.HIGH and rng.random() < 0.3:
                _do(
                    RiskAssessment.ledger_spec.step("report"),
                    record,
                    clerk,
                    status_on=later,
                    status_note="报区委政法委备案",
                )
            else:
                _do(RiskAssessment.ledger_spec.step("control"), record, clerk, status_on=later)
                if rng.random() < 0.6:
                    _do(
                        RiskAssessment.ledger_spec.step("resolve"),
                        record,
                        clerk,
                        status_on=later + dt.timedelta(days=10),
                    )
