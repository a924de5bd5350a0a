"""The clock of a people's mediation: the parties may apply for 司法确认 within 30 days of the
agreement taking effect (人民调解法 第三十三条). It is the parties' window, so it is never overdue."""

from fazhi.deadlines.engine import ClockDef, ClockSource, register_source

from .choices import MediationStatus
from .models import Mediation


def mediation_clocks(mediation: Mediation) -> list[ClockDef]:
    if mediation.status != MediationStatus.SUCCESS or not mediation.effective_on:
        return []
    return [
        ClockDef(
            "judicial_confirmation",
            "申请司法确认期限",
            "judicial_confirmation",
            mediation.effective_on,
            done=mediation.judicial_applied_on,
            window=True,
        )
    ]


register_source(
    ClockSource(
        ledger="mediations",
        model=Mediation,
        clocks=mediation_clocks,
        title=lambda m: m.agreement_content[:60] or str(m.dispute_id),
    )
)
