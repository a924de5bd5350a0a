"""A canceled check stops in the worker: between the check's steps (each rule, each stage, each batch
of paragraphs compared for copies) the worker looks at the cancel flag and stops without a result.
A real job in a real worker thread, canceled once it has started; the assertions are on the work done."""

import logging
import re
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection

from fazhi.reportcheck import jobs
from fazhi.reportcheck.models import CheckJob, CheckKind, CheckStatus, ReportFile
from fazhi.reportcheck.services import Upload, report_files_upload
from fazhi.reportcheck.tasks import check_batch, run_check_job

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = (
    "第{n}项：我镇持续深化法治政府建设，一是健全矛盾纠纷排查化解机制，全年受理矛盾纠纷{a}件次，"
    "成功调处{b}件，调处成功率{rate}%；二是推进公正文明执法，作出行政处罚决定{c}件，按时公示{c}件。"
)


def _large_report(paragraphs: int = 3000) -> str:
    lines = ["青山镇2024年法治政府建设情况报告", "一、2024年推进法治政府建设的主要举措和成效"]
    for n in range(paragraphs):
        a = 40 + n % 60
        lines.append(PARAGRAPH.format(n=n, a=a, b=a - 2, rate=f"{100 * (a - 2) / a:.1f}", c=10 + n % 7))
    return "\n".join(lines)


def _queued(cast, text: str) -> CheckJob:
    """A queued job as jobs.job_create leaves it (its enqueue is the worker thread's call below)."""
    return CheckJob.objects.create(
        kind=CheckKind.PASTE, user=cast.clerk, township=cast.a, title="大报告", text=text
    )


def _in_worker(pk: int) -> threading.Thread:
    def run():
        try:
            run_check_job.call(pk)  # the task the worker runs
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_started(job) -> None:
    deadline = time.monotonic() + 120
    while jobs.job_progress(job)[0] < 1:
        assert time.monotonic() < deadline, "the worker never started the check"
        time.sleep(0.005)


def test_a_canceled_job_stops_between_steps_without_a_result(cast):
    text = _large_report()
    # Another township's filed report of the same year: the copy comparison is real work too.
    ReportFile.objects.create(
        district=cast.district,
        township=cast.b,
        township_name=cast.b.name,
        year=2024,
        file="reportcheck/x.txt",
        filename="白石镇2024.txt",
        checksum="0" * 64,
        size=len(text.encode()),
        text=text,
        uploaded_by=cast.clerk,
        filed_at="2025-03-01T00:00:00Z",
        filed_by=cast.clerk,
    )
    job = _queued(cast, text)
    thread = _in_worker(job.pk)
    _wait_started(job)
    assert jobs.job_cancel(job=CheckJob.objects.get(pk=job.pk), user=cast.clerk)
    thread.join(timeout=300)
    assert not thread.is_alive()
    job.refresh_from_db()
    # Stopped early: most of the steps (the copy comparison's batches above all) were never done.
    assert job.status == CheckStatus.CANCELED and job.error == jobs.CANCELED
    assert job.result == {} and job.text == ""
    assert 1 <= job.steps_done < job.steps / 2, (job.steps_done, job.steps)


def test_the_same_job_left_alone_does_every_step(cast):
    job = _queued(cast, _large_report(400))
    thread = _in_worker(job.pk)
    thread.join(timeout=300)
    job.refresh_from_db()
    assert job.status == CheckStatus.DONE and job.steps_done == job.steps > 5 and job.result["rates"]


# The worker is down while the batch is uploaded: its tasks wait (the dummy backend keeps them), then
# the test runs the real task in a worker thread.
WORKER_DOWN = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_canceled_batch_stops_inside_the_report_it_is_on_and_checks_no_other(cast, settings, caplog):
    caplog.set_level(logging.INFO, logger="fazhi.reportcheck.services")
    settings.TASKS = WORKER_DOWN
    uploads = [Upload(f"报告{i}.txt", _large_report(2500).encode()) for i in range(3)]
    rows = report_files_upload(user=cast.clerk, uploads=uploads, township=cast.a)
    batch = str(rows[0].batch)
    assert {r.status for r in ReportFile.objects.filter(batch=batch)} == {CheckStatus.QUEUED}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    progress = caches["progress"]

    def run():
        try:
            check_batch.call(batch)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    # Once the first report's check is under way (every file is read by then), cancel the batch.
    deadline = time.monotonic() + 120
    while not (started := [r.pk for r in rows if (progress.get(f"reportcheck-file-{r.pk}") or (0, 0))[0]]):
        assert time.monotonic() < deadline, "the worker never started the batch"
        time.sleep(0.005)
    first = started[0]
    assert jobs.report_files_cancel(rows=list(ReportFile.objects.filter(batch=batch)), user=cast.clerk) == 3
    thread.join(timeout=300)
    assert not thread.is_alive()
    after = list(ReportFile.objects.filter(batch=batch))
    assert {r.status for r in after} == {CheckStatus.CANCELED} and all(r.result == {} for r in after)
    # The report under way stopped early; the two others were never checked.
    notes = [r.getMessage() for r in caplog.records if r.name == "fazhi.reportcheck.services"]
    stopped = [n for n in notes if n.startswith(f"check of ReportFile {first} stopped after")]
    assert len(stopped) == 1
    done, total = map(int, re.findall(r"(\d+) of (\d+) steps", stopped[0])[0])
    assert 1 <= done < total / 2, stopped
    others = {f"ReportFile {r.pk} canceled before its check" for r in rows if r.pk != first}
    assert {n for n in notes if "canceled before its check" in n} == others
