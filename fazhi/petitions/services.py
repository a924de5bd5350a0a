"""The checks of the petition workflow (《信访工作条例》 clocks), declared in ledger.py; after a check,
core.services.apply_transition recomputes the due dates (the ledger's `derive`) and writes history."""

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.deadlines.engine import clock_due

from .clocks import max_extension_days, petition_refresh  # noqa: F401  (the ledger's derive)
from .models import Petition


def _due(p, purpose: str, rule_key: str, start: dt.date | None, **kwargs) -> dt.date | None:
    result = clock_due(p, purpose, rule_key, start, **kwargs)
    return result.due if result else None


def extended_once(p: Petition) -> None:
    """延期: once only (at most 30 days, approved by a leader with a reason: the step's fields)."""
    if p.extended_on:
        raise ValidationError(f"信访事项只能延期一次：已于{p.extended_on:%Y-%m-%d}延期{p.extension_days}日")


def check_accept(p: Petition, data: dict) -> None:
    if not p.notified_on:
        p.notified_on = p.accepted_on
    if p.notified_on and p.accepted_on and p.notified_on < p.accepted_on:
        raise ValidationError({"notified_on": "告知日期不能早于受理日期"})


def check_extend(p: Petition, data: dict) -> None:
    days = p.extension_days or 0
    if not 1 <= days <= max_extension_days():
        raise ValidationError({"extension_days": f"延期不得超过{max_extension_days()}日"})
    if p.extended_on < p.accepted_on:
        raise ValidationError({"extended_on": "延期批准日期不能早于受理日期"})
    original_due = _due(p, "reply", "petition_reply", p.accepted_on, extension_days=0)
    if original_due is not None and p.extended_on > original_due:
        raise ValidationError({"extended_on": f"延期应在办理期限（{original_due:%Y-%m-%d}）届满前批准"})


def check_reply(p: Petition, data: dict) -> None:
    if p.replied_on < p.accepted_on:
        raise ValidationError({"replied_on": "答复日期不能早于受理日期"})


def check_request_review(p: Petition, data: dict) -> None:
    if p.review_replied_on:
        raise ValidationError({"review_requested_on": "该信访事项已经复查，不能再次申请复查"})
    if p.review_requested_on < p.replied_on:
        raise ValidationError({"review_requested_on": "申请复查日期不能早于答复日期"})
    due = _due(p, "review_request", "petition_review_request", p.replied_on)
    if due is not None and p.review_requested_on > due:
        raise ValidationError(
            {"review_requested_on": f"应自收到答复之日起30日内申请复查（期限至{due:%Y-%m-%d}），已超过期限"}
        )


def check_review_reply(p: Petition, data: dict) -> None:
    if p.review_replied_on < p.review_requested_on:
        raise ValidationError({"review_replied_on": "复查答复日期不能早于申请复查日期"})


def check_request_recheck(p: Petition, data: dict) -> None:
    if not p.review_replied_on:
        raise ValidationError({"recheck_requested_on": "须先经复查，方可申请复核"})
    if p.recheck_replied_on:
        raise ValidationError({"recheck_requested_on": "该信访事项已经复核，不能再次申请复核"})
    if p.recheck_requested_on < p.review_replied_on:
        raise ValidationError({"recheck_requested_on": "申请复核日期不能早于复查答复日期"})
    due = _due(p, "recheck_request", "petition_recheck_request", p.review_replied_on)
    if due is not None and p.recheck_requested_on > due:
        raise ValidationError(
            {
                "recheck_requested_on": f"应自收到复查意见之日起30日内申请复核（期限至{due:%Y-%m-%d}），已超过期限"
            }
        )


def check_recheck_reply(p: Petition, data: dict) -> None:
    if p.recheck_replied_on < p.recheck_requested_on:
        raise ValidationError({"recheck_replied_on": "复核答复日期不能早于申请复核日期"})
    p.closed_on = p.recheck_replied_on


def check_close(p: Petition, data: dict) -> None:
    last = p.replied_on or p.notified_on
    if last and p.closed_on < last:
        raise ValidationError({"closed_on": "办结日期不能早于答复或告知日期"})
