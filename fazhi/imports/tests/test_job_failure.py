"""A background import that fails ends as a failed job with a Chinese message; the cause, with its
traceback, goes to the log and never to the page."""

import logging

import pytest

from fazhi.imports import services
from fazhi.imports.models import JobStatus


@pytest.mark.django_db
def test_a_failed_job_is_logged_with_its_traceback_and_shown_without_it(cast, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("disk I/O error at /var/lib/secret")

    monkeypatch.setattr(services, "import_workbook", broken)  # a fault inside the import, from the worker
    job = services.ImportJob.objects.create(
        township=cast.a, ledger="disputes", user=cast.clerk, filename="x.xlsx", content=b"x", dry_run=True
    )
    with caplog.at_level(logging.ERROR, logger="fazhi.imports.services"):
        job = services.import_job_run(job_id=job.pk)
    assert job.status == JobStatus.FAILED
    messages = [e["message"] for e in job.result["errors"]]
    assert messages == [services.MESSAGE_FAILED]
    assert "secret" not in str(job.result)
    record = next(r for r in caplog.records if r.name == "fazhi.imports.services")
    assert record.exc_info and "disk I/O error" in str(record.exc_info[1])
