"""The clock of an enforcement case: 公示 within 7 (行政许可/行政处罚) or 20 working days of the decision."""

from fazhi.deadlines.engine import ClockDef, ClockSource, register_source

from .models import EnforcementCase
from .services import case_refresh, publish_rule


def case_clocks(case: EnforcementCase) -> list[ClockDef]:
    if not case.decided_on:
        return []
    return [
        ClockDef(
            "publish",
            "执法决定公示期限",
            publish_rule(case.kind),
            case.decided_on,
            done=case.published_on,
            closed=bool(case.closed_on),
        )
    ]


register_source(
    ClockSource(
        ledger="enforcement-cases",
        model=EnforcementCase,
        clocks=case_clocks,
        refresh=case_refresh,
        mirror_fields=("publish_due_on", "published_on_time"),
        title=lambda c: c.cause[:60] if getattr(c, "cause", "") else "",
    )
)
