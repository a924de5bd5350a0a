"""The statutory clocks of a petition (《信访工作条例》): acceptance notice, reply (with its 延期),
the petitioner's 复查/复核 request windows and the answers to them."""

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.deadlines.engine import (
    ClockDef,
    ClockSource,
    Extension,
    clocks_of,
    defn_due,
    get_rule,
    register_source,
)

from .choices import COLLECTIVE_THRESHOLD
from .choices import PetitionStatus as S
from .models import Petition

# Each clock's due date is kept on the record too (for lists and filters), with the on-time flag of the
# step that ends it: purpose -> (due field, on-time field, the date the step was done).
MIRRORS = {
    "acceptance": ("acceptance_due", "notice_on_time", "notified_on"),
    "reply": ("reply_due", "reply_on_time", "replied_on"),
    "review_request": ("review_request_due", None, None),
    "review_reply": ("review_reply_due", "review_on_time", "review_replied_on"),
    "recheck_request": ("recheck_request_due", None, None),
    "recheck_reply": ("recheck_reply_due", "recheck_on_time", "recheck_replied_on"),
}
MIRROR_FIELDS = tuple(f for due, on_time, _ in MIRRORS.values() for f in (due, on_time) if f)


def max_extension_days() -> int:
    return get_rule("petition_reply").max_extension or 30


def _on_time(done: dt.date | None, due: dt.date | None) -> bool | None:
    if done is None or due is None:
        return None
    return done <= due


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


def petition_refresh(petition: Petition) -> None:
    """The ledger's derive: 集体访, and each mirror field from the clock it mirrors (pauses and 延期
    included), with on-time judged against that possibly extended due date."""
    p = petition
    p.is_collective = (p.people_count or 0) >= COLLECTIVE_THRESHOLD
    if (p.extension_days or 0) > max_extension_days():
        raise ValidationError({"extension_days": f"延期不得超过{max_extension_days()}日"})
    clocks = clocks_of(p)
    defs = {d.purpose: d for d in petition_clocks(p)}
    for purpose, (due_field, on_time_field, done_field) in MIRRORS.items():
        defn = defs.get(purpose)
        due = defn_due(defn, clocks).due if defn is not None and defn.start else None
        setattr(p, due_field, due)
        if on_time_field:
            setattr(p, on_time_field, _on_time(getattr(p, done_field), due))


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
