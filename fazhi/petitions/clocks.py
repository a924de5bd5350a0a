"""The statutory clocks of a petition (《信访工作条例》): acceptance notice, reply (with its 延期),
the petitioner's 复查/复核 request windows and the answers to them."""

from fazhi.deadlines.engine import ClockDef, ClockSource, Extension, register_source

from .choices import PetitionStatus as S
from .models import Petition
from .services import MIRROR_FIELDS, petition_refresh


def petition_clocks(p: Petition) -> list[ClockDef]:
    closed = p.status == S.CLOSED
    defs = [
        ClockDef(
            "acceptance",
            "受理告知期限",
            "petition_acceptance",
            p.received_on,
            done=p.notified_on or p.accepted_on,
            closed=closed,
        )
    ]
    if p.accepted_on:
        extension = None
        if p.extension_days:
            extension = Extension(p.extension_days, p.extension_approver, p.extension_reason, p.extended_on)
        defs.append(
            ClockDef(
                "reply",
                "办理答复期限",
                "petition_reply",
                p.accepted_on,
                done=p.replied_on,
                extension=extension or Extension(0),
                closed=closed,
            )
        )
    if p.replied_on:
        defs.append(
            ClockDef(
                "review_request",
                "申请复查期限（信访人）",
                "petition_review_request",
                p.replied_on,
                done=p.review_requested_on,
                window=True,
                closed=closed,
            )
        )
    if p.review_requested_on:
        defs.append(
            ClockDef(
                "review_reply",
                "复查答复期限",
                "petition_review_reply",
                p.review_requested_on,
                done=p.review_replied_on,
                closed=closed,
            )
        )
    if p.review_replied_on:
        defs.append(
            ClockDef(
                "recheck_request",
                "申请复核期限（信访人）",
                "petition_recheck_request",
                p.review_replied_on,
                done=p.recheck_requested_on,
                window=True,
                closed=closed,
            )
        )
    if p.recheck_requested_on:
        defs.append(
            ClockDef(
                "recheck_reply",
                "复核答复期限",
                "petition_recheck_reply",
                p.recheck_requested_on,
                done=p.recheck_replied_on,
                closed=closed,
            )
        )
    return defs


register_source(
    ClockSource(
        ledger="petitions",
        model=Petition,
        clocks=petition_clocks,
        refresh=petition_refresh,
        mirror_fields=MIRROR_FIELDS,
        title=lambda p: p.content[:60],
    )
)
