"""The report check run on every submission, and the archive of an accepted report with its check.

The check itself belongs to fazhi.reportcheck; this module only calls it (when installed) with the
text of the submitted version, so that the district sees the findings next to the submission."""

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone


def check_version(report, version) -> dict | None:
    """The check's result (JSON) for a saved version, against all of the township's records."""
    if not apps.is_installed("fazhi.reportcheck"):
        return None
    from fazhi.reportcheck.analysis import analyse
    from fazhi.reportcheck.drafts import frozen_by_metric, version_text
    from fazhi.reportcheck.loader import report_from_string

    text = version_text(report, version)
    result = analyse(
        report_from_string(text, f"{report}.txt"),
        township=report.township,
        year=report.year,
        frozen=frozen_by_metric(version),
    )
    return result.to_json()


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
    if not apps.is_installed("fazhi.reportcheck"):
        return None
    import hashlib

    from fazhi.reportcheck.drafts import version_text
    from fazhi.reportcheck.models import ReportFile

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
