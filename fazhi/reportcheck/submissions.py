"""What the reports app asks of the check (it plugs in through fazhi.reports.checking): the check of a
submitted version (queued for the background worker), and the archive of an accepted report with its
check."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .drafts import version_text
from .jobs import fail_overdue, job_state
from .models import CheckJob, CheckKind, CheckStatus, ReportFile


def queue_submission_check(submission) -> int:
    """Queue the check kept with a submission: against all of the township's records (not one
    user's scope), with what approval froze; attached to the submission when it ends."""
    from .jobs import job_create

    report = submission.report
    job = job_create(
        user=submission.submitted_by,
        kind=CheckKind.SUBMISSION,
        title=f"{report}第{submission.version.number}版报送时的检查",
        township=report.township,
        report=report,
        version=submission.version,
        submission=submission,
    )
    return job.pk


def states(pks: list[int]) -> dict:
    """The state of each of these checks, by job id (the status board's 检查中)."""
    fail_overdue()
    return {job.pk: job_state(job, expire=False) for job in CheckJob.objects.filter(pk__in=pks)}


def archive_accepted(submission, user) -> ReportFile:
    """File the accepted version's text and check as the township's report for the year."""
    report = submission.report
    data = version_text(report, submission.version).encode("utf-8")
    now = timezone.now()
    row = ReportFile(
        district_id=report.township.district_id,
        township=report.township,
        township_name=report.township.name,
        year=report.year,
        filename=f"{report.township.name}{report.year}年度法治政府建设情况报告（第{submission.version.number}版）.txt",
        checksum=hashlib.sha256(data).hexdigest(),
        size=len(data),
        text=data.decode("utf-8"),
        result=submission.check_result or {},
        uploaded_by=user,
        filed_at=now,
        filed_by=user,
    )
    if submission.check_result is None:
        # Accepted before its check ended (or it failed): the archive is checked in the worker.
        row.status, row.queued_at = CheckStatus.QUEUED, now
    row.file.save(row.filename, ContentFile(data), save=False)
    row.save()
    if row.status == CheckStatus.QUEUED:
        from .tasks import check_filed

        transaction.on_commit(lambda: check_filed.enqueue(row.pk))
    return row
