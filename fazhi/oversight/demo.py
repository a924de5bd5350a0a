"""Demo data for oversight: a few rectification items and cases a year, warning education, disclosures."""

from datetime import date, timedelta

from fazhi.core.models import Category
from fazhi.core.services import record_create

from .choices import CaseKind, CaseOutcome, DisclosureChannel, RectificationSource, WarningForm
from .models import Disclosure, LitigationCase, Rectification, WarningEducation

RECTIFICATIONS = [
    (RectificationSource.PATROL, "区委巡察反馈：村级小微权力清单公开不及时，部分村合同管理不规范。"),
    (RectificationSource.AUDIT, "审计发现：高标准农田建设专项资金拨付滞后，部分项目未按期验收。"),
    (RectificationSource.SUPERVISION, "区法治督察反馈：合法性审查台账不完整，部分合同未经审查即签订。"),
    (RectificationSource.PROCURATORIAL, "区检察院检察建议：加强河道非法采砂监管，落实日常巡查制度。"),
    (RectificationSource.JUDICIAL, "区法院司法建议：规范征收补偿程序，完善送达和告知环节。"),
    (RectificationSource.OTHER, "安全生产检查发现：两处自建房经营场所消防通道堵塞。"),
]
CASES = [
    ("不服限期拆除违法建筑决定", "云岭区人民法院"),
    ("不服政府信息公开答复", "云岭区人民政府"),
    ("要求履行土地征收补偿法定职责", "云岭区人民法院"),
    ("不服行政处罚决定", "云岭区人民政府"),
]
WARNINGS = [
    (WarningForm.FILM, "观看警示教育片《蝇贪之害》"),
    (WarningForm.BASE_VISIT, "参观区廉政警示教育基地"),
    (WarningForm.CASE_STUDY, "以身边案例开展以案说法，剖析村干部套取惠农资金案"),
    (WarningForm.MEETING, "召开警示教育专题会议，通报违纪违法典型案例"),
]
DISCLOSURES = [
    ("policy", "关于进一步规范农村建房审批管理的通知"),
    ("budget", "{year}年部门预算公开"),
    ("decision", "关于征求镇区集贸市场改造方案意见的公告"),
    ("enforcement", "行政执法事项清单及执法流程图"),
    ("personnel", "关于公开招聘公益性岗位人员的公告"),
    ("livelihood", "{year}年第{q}季度城乡低保对象公示"),
    ("news", "镇开展“宪法宣传周”主题活动"),
    ("livelihood", "{year}年耕地地力保护补贴发放公示"),
]


def _days(rng, start: date, end: date, low: int, high: int):
    day = start
    while True:
        day += timedelta(days=rng.randrange(low, high))
        if day > end:
            return
        yield day


def build(township, clerk, rng, start: date, end: date) -> None:
    for day in _days(rng, start, end, 30, 60):
        source, content = rng.choice(RECTIFICATIONS)
        item = record_create(
            spec=Rectification.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "source": source,
                "received_on": day,
                "content": content,
                "due_on": day + timedelta(days=rng.choice([30, 60, 90])),
                "measures": "制定整改方案，明确责任人和完成时限，逐项销号。",
            },
        )
        done_on = day + timedelta(days=rng.randrange(20, 100))
        if done_on <= end and rng.random() < 0.85:
            Rectification.ledger_spec.step("complete")(
                record=item, user=clerk, data={"done_on": done_on}, expected_version=item.version
            )

    for day in _days(rng, start, end, 90, 150):
        cause, body = rng.choice(CASES)
        kind = CaseKind.REVIEW if body.endswith("政府") else CaseKind.LITIGATION
        hearings = []
        held_on = day + timedelta(days=rng.randrange(40, 80))
        if kind == CaseKind.LITIGATION and held_on <= end:
            head = rng.random() < 0.8
            hearings.append(
                {
                    "held_on": held_on,
                    "agency_appeared": True,
                    "head_appeared": head,
                    "head_name": "陈志强" if head else "",
                }
            )
        decided_on = held_on + timedelta(days=rng.randrange(20, 60))
        decided = decided_on <= end
        record_create(
            spec=LitigationCase.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "case_number": f"（{day.year}）渝0101{'行初' if kind == CaseKind.LITIGATION else '行复'}"
                f"{rng.randrange(10, 300)}号",
                "received_on": day,
                "kind": kind,
                "body": body,
                "cause": cause,
                "outcome": rng.choice([CaseOutcome.UPHELD, CaseOutcome.UPHELD, CaseOutcome.WITHDRAWN])
                if decided
                else CaseOutcome.PENDING,
                "decided_on": decided_on if decided else None,
            },
            children={"hearing": hearings},
        )

    for day in _days(rng, start, end, 45, 75):
        form, topic = rng.choice(WARNINGS)
        record_create(
            spec=WarningEducation.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "held_on": day,
                "form": form,
                "topic": topic,
                "participants": rng.randrange(25, 80),
            },
        )

    kinds = {c.code: c for c in Category.objects.for_township("disclosure_kind", township)}
    for day in _days(rng, start, end, 5, 14):
        code, title = rng.choice(DISCLOSURES)
        record_create(
            spec=Disclosure.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "published_on": day,
                "channel": rng.choices(list(DisclosureChannel), [4, 3, 2])[0],
                "title": title.format(year=day.year, q=(day.month - 1) // 3 + 1),
                "kind": kinds[code],
            },
        )
