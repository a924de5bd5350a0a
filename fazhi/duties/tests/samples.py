"""One valid record of this app's ledger, in township A (kept at township level)."""

from datetime import date

from fazhi.core.services import record_create
from fazhi.duties.choices import DutyKind, Leader
from fazhi.duties.models import DutyRecord


def make_duty_record(cast, **overrides):
    data = {
        "township": cast.a,
        "held_on": date(2025, 3, 18),
        "leader": Leader.SECRETARY,
        "kind": DutyKind.MEETING,
        "summary": "主持召开党委会专题研究法治政府建设工作，部署年度重点任务。",
        **overrides,
    }
    return record_create(spec=DutyRecord.ledger_spec, user=cast.clerk, data=data)


SAMPLES = {"duty-records": make_duty_record}
