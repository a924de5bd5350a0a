"""The leader's steps on a report with a confirmation and a comment: approve, submit, and send a draft
back to the clerk (退回经办人). Open returns become notices for the township's editors."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.orgs.scoping import user_scope

from . import services
from .models import NoteKind, Report, ReportNote, ReportVersion, Submission, SubmissionStatus

CONFIRM_MESSAGE = "请勾选确认后再提交"


def _check_confirmed(confirmed: bool) -> None:
    if not confirmed:
        raise ValidationError(CONFIRM_MESSAGE)


@transaction.atomic
def report_approve_confirmed(
    *,
    version: ReportVersion,
    user,
    confirmed: bool,
    comment: str = "",
    dated_on: date | None = None,
    signer: str | None = None,
) -> ReportNote:
    _check_confirmed(confirmed)
    services.version_approve(version=version, user=user, dated_on=dated_on, signer=signer)
    return ReportNote.objects.create(
        report=version.report, version=version, kind=NoteKind.APPROVE, comment=comment.strip(), author=user
    )


@transaction.atomic
def report_submit_confirmed(*, report: Report, user, confirmed: bool, comment: str = "") -> ReportNote:
    _check_confirmed(confirmed)
    submission = services.report_submit(report=report, user=user)
    return ReportNote.objects.create(
        report=report, version=submission.version, kind=NoteKind.SUBMIT, comment=comment.strip(), author=user
    )


@transaction.atomic
def report_return_to_clerk(*, report: Report, user, comment: str) -> ReportNote:
    """The leader sends the latest draft back with comments; the clerk's next saved version answers it."""
    services._ensure(user, services.APPROVERS, report.township_id)
    if not comment.strip():
        raise ValidationError("请填写退回意见")
    version = services.latest_version(report)
    if version.approved:
        raise ValidationError("该版本已审批，不能退回经办人")
    note = ReportNote.objects.create(
        report=report, version=version, kind=NoteKind.RETURN, comment=comment.strip(), author=user
    )
    audit_record(user=user, action=AuditAction.UPDATE, obj=report, detail=f"退回经办人：第{version.number}版")
    return note


def open_returns(report: Report) -> list[ReportNote]:
    """Returns to the clerk not yet answered by a newer saved version."""
    latest = report.versions.aggregate(n=Max("number"))["n"] or 0
    return list(
        report.notes.filter(kind=NoteKind.RETURN, version__number=latest).select_related("author", "version")
    )


def report_notices(user) -> list[dict]:
    """Reports of the user's townships waiting for the user: returned by the leader or by the district."""
    townships = user_scope(user, services.EDITORS).townships
    if not townships:
        return []
    out = []
    for report in Report.objects.filter(township_id__in=townships).select_related("township"):
        for note in open_returns(report):
            out.append(
                {"report": report, "by": note.author.display_name, "comment": note.comment, "district": False}
            )
        latest = report.submissions.order_by("-submitted_at").first()
        if isinstance(latest, Submission) and latest.status == SubmissionStatus.RETURNED:
            out.append(
                {"report": report, "by": "区委依法治区办", "comment": latest.comments, "district": True}
            )
    return out
