"""年度报告报送情况 (domain.md §7): every township of a district for a report year, started or not."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from fazhi.orgs.models import Organisation
from fazhi.reports.models import Report, ReportVersion, Submission, SubmissionStatus
from fazhi.reports.submission_check import check_states, finding_count

from .figures import townships_of

NOT_STARTED = "未开始"
DRAFTING = "起草中"
APPROVED = "已审批"
ON_TIME = "按时报送"
LATE = "逾期报送"
RETURNED = "已退回"
ACCEPTED = "已接收"
PUBLISHED = "已公开"
STATES = (NOT_STARTED, DRAFTING, APPROVED, ON_TIME, LATE, RETURNED, ACCEPTED, PUBLISHED)
# Not yet with the district this close to (or past) 1 March: listed as at risk.
RISK_DAYS = 30


@dataclass
class StatusRow:
    township: Organisation
    report: Report | None
    state: str
    days_left: int
    first_submitted: date | None
    submission: Submission | None  # the latest
    findings: int | None
    # The latest submission's check while it has no result: 检查中 (排队中, 检查失败…) from the check.
    check_state: str = ""

    @property
    def with_district(self) -> bool:
        return self.state in (ON_TIME, LATE, ACCEPTED, PUBLISHED)

    @property
    def at_risk(self) -> bool:
        if self.state == RETURNED or self.state == LATE:
            return True
        return not self.with_district and self.days_left <= RISK_DAYS

    @property
    def awaiting_review(self) -> bool:
        return self.submission is not None and self.submission.status == SubmissionStatus.SUBMITTED


def _state(report, approved: bool, subs: list[Submission], due: date) -> str:
    if report is None:
        return NOT_STARTED
    if report.published_on:
        return PUBLISHED
    if subs:
        latest = subs[-1]
        if latest.status == SubmissionStatus.ACCEPTED:
            return ACCEPTED
        if latest.status == SubmissionStatus.RETURNED:
            return RETURNED
        first_day = timezone.localtime(subs[0].submitted_at).date()
        return ON_TIME if first_day <= due else LATE
    return APPROVED if approved else DRAFTING


def _check_label(state) -> str:
    if state is None:
        return ""
    return "检查中" if not state.finished else state.label


def board(district: Organisation, year: int, *, today: date | None = None) -> list[StatusRow]:
    """One row per current township, at-risk townships first; three queries whatever the count."""
    today = today or timezone.localdate()
    due = date(year + 1, 3, 1)
    townships = townships_of(district)
    reports = {
        r.township_id: r
        for r in Report.objects.filter(township__in=townships, year=year).prefetch_related(
            Prefetch("submissions", queryset=Submission.objects.order_by("submitted_at", "pk")),
            Prefetch(
                "versions",
                queryset=ReportVersion.objects.filter(approved_at__isnull=False).only("pk", "report_id"),
                to_attr="approved_versions",
            ),
        )
    }
    # The checks still running (one query, none when every submission has its result).
    checks = check_states([list(r.submissions.all())[-1] for r in reports.values() if r.submissions.all()])
    rows = []
    for township in townships:
        report = reports.get(township.pk)
        subs = list(report.submissions.all()) if report else []
        approved = bool(report and report.approved_versions)
        latest = subs[-1] if subs else None
        rows.append(
            StatusRow(
                township=township,
                report=report,
                state=_state(report, approved, subs, due),
                days_left=(due - today).days,
                first_submitted=timezone.localtime(subs[0].submitted_at).date() if subs else None,
                submission=latest,
                findings=finding_count(latest.check_result) if latest else None,
                check_state=_check_label(checks.get(latest.pk)) if latest else "",
            )
        )
    rows.sort(key=lambda r: (not r.at_risk, STATES.index(r.state)))
    return rows
