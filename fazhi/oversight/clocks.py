"""The clock of an item to rectify: the due date given by the inspection, audit or court."""

from fazhi.deadlines.engine import ClockDef, ClockSource, register_source

from .choices import RectificationStatus
from .models import Rectification
from .services import RECTIFY_RULE, rectification_refresh


def rectification_clocks(item: Rectification) -> list[ClockDef]:
    if not (item.received_on and item.due_on):
        return []
    return [
        ClockDef(
            "rectify",
            "整改期限",
            RECTIFY_RULE,
            item.received_on,
            done=item.done_on if item.status == RectificationStatus.DONE else None,
            given_due=item.due_on,
        )
    ]


register_source(
    ClockSource(
        ledger="rectifications",
        model=Rectification,
        clocks=rectification_clocks,
        refresh=rectification_refresh,
        mirror_fields=("on_time",),
        title=lambda r: r.content[:60],
    )
)
