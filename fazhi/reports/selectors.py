"""Reads of reports, each through the user's roles: a township's clerk and leader see its report; a
district reviewer sees only what its townships submitted (read-only); anyone else gets 404."""

from django.http import Http404

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.scoping import user_scope

from . import district_report
from .models import Report, ReportVersion, Submission, SubmissionStatus
from .services import APPROVERS, EDITORS, REVIEWERS


def is_editor(user, township_id: int) -> bool:
    """A township's clerk or leader; for a district's own report, its 区级督查."""
    return user_scope(user, EDITORS).covers_whole_township(township_id) or district_report.drafts_district(
        user, township_id
    )


def is_approver(user, township_id: int) -> bool:
    return user_scope(user, APPROVERS).covers_whole_township(township_id) or district_report.drafts_district(
        user, township_id
    )


def is_reviewer(user, township_id: int) -> bool:
    return user_scope(user, REVIEWERS).covers_whole_township(township_id)


def township_for_editor(user, township_id: int) -> Organisation:
    if not is_editor(user, township_id):
        raise Http404("没有该乡镇")
    return Organisation.objects.get(pk=township_id, kind__in=[OrgKind.TOWNSHIP, OrgKind.DISTRICT])


def report_for_reader(user, township_id: int, year: int) -> tuple[Report, str]:
    """The report and how the user reads it: "township" (may edit) or "district" (submitted, read-only)."""
    report = Report.objects.select_related("township").filter(township_id=township_id, year=year).first()
    if report is None:
        raise Http404("没有该报告")
    if is_editor(user, township_id):
        return report, "township"
    if is_reviewer(user, township_id) and report.submissions.exists():
        return report, "district"
    raise Http404("没有该报告")


def readable_version(report: Report, mode: str, number: int | None) -> ReportVersion:
    """A version the reader may open: any for the township; for the district only submitted ones."""
    versions = report.versions.select_related("author", "approved_by")
    if mode == "district":
        versions = versions.filter(submissions__isnull=False).distinct()
    version = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if version is None:
        raise Http404("没有该版本")
    return version


def editable_reports(user) -> list[Report]:
    townships = user_scope(user, EDITORS).townships
    return list(Report.objects.filter(township_id__in=townships).select_related("township").order_by("-year"))


def district_submissions(user) -> list[Submission]:
    """Latest submission of each report of the reviewer's townships."""
    townships = user_scope(user, REVIEWERS).townships
    subs = (
        Submission.objects.filter(report__township_id__in=townships)
        .select_related("report__township", "version", "submitted_by")
        .order_by("report__year", "report__township__sort_order", "report_id", "submitted_at")
    )
    latest: dict[int, Submission] = {}
    first: dict[int, Submission] = {}
    for sub in subs:
        first.setdefault(sub.report_id, sub)
        latest[sub.report_id] = sub
    for report_id, sub in latest.items():
        sub.first_submission = first[report_id]
    return list(latest.values())


def open_submission(report: Report) -> Submission | None:
    return report.submissions.filter(status=SubmissionStatus.SUBMITTED).order_by("-submitted_at").first()
