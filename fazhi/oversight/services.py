"""Workflow steps of the oversight ledgers. Each checks the step is allowed and writes history."""

from django.core.exceptions import ValidationError

from fazhi.core.services import apply_transition

from .choices import RectificationStatus
from .models import Rectification


def _completion_checks(item: Rectification, data: dict) -> None:
    if item.done_on < item.received_on:
        raise ValidationError({"done_on": "完成日期不能早于交办日期"})
    item.on_time = item.done_on <= item.due_on


def rectification_complete(
    *, record: Rectification, user, data: dict, expected_version, request=None
) -> Rectification:
    """完成整改: the done date is required; on time when done on or before the due date."""
    return apply_transition(
        spec=Rectification.ledger_spec,
        record=record,
        user=user,
        name="complete",
        data=data,
        expected_version=expected_version,
        to_status=RectificationStatus.DONE,
        check=_completion_checks,
        request=request,
    )
