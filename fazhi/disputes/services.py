"""Workflow steps of disputes and mediations. Each checks the step is allowed and writes history."""

from django.core.exceptions import ValidationError

from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_scope

from .choices import Level
from .models import Dispute, Mediation


def closing_checks(dispute: Dispute, data: dict) -> None:
    if dispute.closed_on and dispute.closed_on < dispute.received_on:
        raise ValidationError({"closed_on": "办结日期不能早于受理日期"})


def reopen_checks(dispute: Dispute, data: dict) -> None:
    """重新调处: the dispute is open again, so it has no closing date."""
    dispute.closed_on = None


def success_checks(mediation: Mediation, data: dict) -> None:
    """调解成功: the agreement (written or oral) and its effective date are recorded; the mediation ends
    on that date unless an end date is given."""
    if not data.get("ended_on"):
        mediation.ended_on = mediation.effective_on
    if mediation.effective_on and mediation.effective_on < mediation.started_on:
        raise ValidationError({"effective_on": "协议生效日期不能早于受理调解日期"})


def village_cadre_level_rule(user, record) -> None:
    """A village cadre records village- and group-level disputes only (township level is the clerk's)."""
    clerk_scope = user_scope(user, [Role.TOWNSHIP_CLERK])
    if clerk_scope.covers_whole_township(record.township_id):
        return
    if getattr(record, "level", None) == Level.TOWNSHIP:
        raise ValidationError({"level": "村干部只能登记村级、组级矛盾纠纷"})
    if not record.village_id:
        raise ValidationError({"village": "请选择村/社区"})
