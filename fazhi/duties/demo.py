"""Demo data for the leaders' first responsibility: about fifteen duty records a year."""

from datetime import date, timedelta

from fazhi.core.services import record_create

from .choices import DutyKind, Leader
from .models import DutyRecord

SUMMARIES = {
    DutyKind.MEETING: "主持召开专题会议，研究部署法治政府建设年度重点工作。",
    DutyKind.REPORT: "听取司法所关于矛盾纠纷排查化解和法律服务工作情况的汇报。",
    DutyKind.ACCOUNT: "在区委全面依法治区委员会会议上述法，报告履行推进法治建设第一责任人职责情况。",
    DutyKind.LECTURE: "为全镇党员干部讲授法治专题党课，解读《中华人民共和国民法典》。",
    DutyKind.FUNDING: "审定普法和法律顾问经费，列入镇年度财政预算。",
    DutyKind.SUPERVISION: "督办重点信访事项和整改事项的落实情况。",
}


def build(township, clerk, rng, start: date, end: date) -> None:
    day = start
    while True:
        day += timedelta(days=rng.randrange(15, 35))
        if day > end:
            return
        kind = rng.choice(list(DutyKind))
        leader = rng.choices(list(Leader), [5, 4, 1])[0]
        record_create(
            spec=DutyRecord.ledger_spec,
            user=clerk,
            data={
                "township": township,
                "held_on": day,
                "leader": leader,
                "leader_name": "刘长江" if leader == Leader.OTHER else "",
                "kind": kind,
                "summary": SUMMARIES[kind],
            },
        )
