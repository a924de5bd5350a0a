"""The report check run on every submission, and the archive of an accepted report with its check.

The check itself belongs to fazhi.reportcheck, which plugs in through `checking`; without it a
submission is simply not checked. The check runs in the background worker: the submission is saved at
once and the result attached to it when the check ends (`attach_result`)."""

from .checking import CheckState, checker
from .models import Submission


def queue_check(submission: Submission) -> None:
    """Queue the check of a saved submission (it runs once the submission is committed)."""
    found = checker()
    if found is None:
        return
    submission.check_job = found.queue_submission_check(submission)
    submission.save(update_fields=["check_job"])


def attach_result(submission_pk: int, result: dict) -> bool:
    """Keep a finished check with its submission (called by the check when it ends)."""
    return bool(
        Submission.objects.filter(pk=submission_pk, check_result__isnull=True).update(check_result=result)
    )


def check_states(submissions) -> dict[int, CheckState]:
    """The check of each submission still without a result, by submission pk."""
    found = checker()
    pending = {s.check_job: s.pk for s in submissions if s.check_result is None and s.check_job}
    if found is None or not pending:
        return {}
    return {pending[job]: state for job, state in found.states(list(pending)).items()}


def finding_count(result: dict | None) -> int | None:
    """How many points the check raised (None: not checked)."""
    if result is None:
        return None
    return (
        len(result.get("missing_parts", []))
        + sum(1 for r in result.get("rates", []) if r.get("ok") is False)
        + len(result.get("enumerations", []))
        + len(result.get("approximations", []))
        + sum(1 for f in result.get("figures", []) if f.get("ok") is False)
        + len(result.get("copied", []))
        + len(result.get("uncovered", []))
    )


def archive_accepted(submission, user):
    """File the accepted version's text and check as the township's report for the year."""
    found = checker()
    return found.archive_accepted(submission, user) if found else None
