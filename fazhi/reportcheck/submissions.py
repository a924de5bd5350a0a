"""What the reports app asks of the check (it plugs in through fazhi.reports.checking): the check of a
submitted version, and the archive of an accepted report with its check."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from .analysis import analyse
from .drafts import frozen_by_metric, version_text
from .loader import report_from_string
from .models import ReportFile


def check_version(report, version) -> dict:
    """The check's result (JSON) for a saved version, against all of the township's records."""
    text = version_text(report, version)
    result = analyse(
        report_from_string(text, f"{report}.txt"),
        township=report.township,
        year=report.year,
        frozen=frozen_by_metric(version),
    )
    return result.to_json()


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
        result=submission.check_result or check_version(report, submission.version) or {},
        uploaded_by=user,
        filed_at=now,
        filed_by=user,
    )
    row.file.save(row.filename, ContentFile(data), save=False)
    row.save()
    return row
