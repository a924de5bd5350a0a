"""Workflow steps of disputes and mediations. Each checks the step is allowed and writes history."""

from django.core.exceptions import ValidationError

from fazhi.core.services import apply_transition, transition_service
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_scope

from .choices import DisputeStatus, Level, MediationStatus
from .models import Dispute, Mediation


def _closing_checks(dispute: Dispute, data: dict) -> None:
    if dispute.closed_on and dispute.closed_on < dispute.received_on:
        raise ValidationError({"closed_on": "办结日期不能早于受理日期"})


dispute_start = transition_service(Dispute, "start", DisputeStatus.HANDLING)

dispute_resolve = transition_service(Dispute, "resolve", DisputeStatus.RESOLVED, _closing_checks)

dispute_fail = transition_service(Dispute, "fail", DisputeStatus.UNRESOLVED, _closing_checks)

dispute_transfer = transition_service(Dispute, "transfer", DisputeStatus.TRANSFERRED, _closing_checks)


def dispute_reopen(*, record: Dispute, user, data: dict, expected_version, request=None) -> Dispute:
    data = {**data, "closed_on": None}
    return apply_transition(
        spec=Dispute.ledger_spec,
        record=record,
        user=user,
        name="reopen",
        data=data,
        expected_version=expected_version,
        to_status=DisputeStatus.HANDLING,
        request=request,
    )


dispute_reopen.to_status = DisputeStatus.HANDLING


def _success_checks(mediation: Mediation, data: dict) -> None:
    if mediation.effective_on and mediation.effective_on < mediation.started_on:
        raise ValidationError({"effective_on": "协议生效日期不能早于受理调解日期"})


def mediation_succeed(*, record: Mediation, user, data: dict, expected_version, request=None) -> Mediation:
    """调解成功: the agreement (written or oral) and its effective date are recorded."""
    data = {**data, "ended_on": data.get("ended_on") or data.get("effective_on")}
    return apply_transition(
        spec=Mediation.ledger_spec,
        record=record,
        user=user,
        name="succeed",
        data=data,
        expected_version=expected_version,
        to_status=MediationStatus.SUCCESS,
        check=_success_checks,
        request=request,
    )


mediation_succeed.to_status = MediationStatus.SUCCESS

mediation_fail = transition_service(Mediation, "fail", MediationStatus.FAILED)


def village_cadre_level_rule(user, record) -> None:
    """A village cadre records village- and group-level disputes only (township level is the clerk's)."""
    clerk_scope = user_scope(user, [Role.TOWNSHIP_CLERK])
    if clerk_scope.covers_whole_township(record.township_id):
        return
    if getattr(record, "level", None) == Level.TOWNSHIP:
        raise ValidationError({"level": "村干部只能登记村级、组级矛盾纠纷"})
    if not record.village_id:
        raise ValidationError({"village": "请选择村/社区"})
