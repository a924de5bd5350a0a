"""The report check as the reports app sees it. fazhi.reportcheck sits above reports in the layers and
plugs its check in here when it is installed (its AppConfig.ready), so reports never imports it.

The checks run in the background worker: reports queues one and gets a job id back, then asks for
its state (the approval page polls it; the status board reads the submissions' checks)."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CheckState:
    """Where a queued check stands: `finished`, and then `ok` (done) with its `findings` (Chinese
    sentences, for approval) or `error` (failed, canceled, expired); `waiting` while no worker has
    taken it yet."""

    finished: bool
    label: str  # 排队中 / 检查中 / 已完成 / 检查失败 / 已取消
    percent: int = 0
    waiting: bool = False
    ok: bool = False
    error: str = ""
    findings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Checker:
    """What reports asks of the check."""

    # (report, version, *, user) -> job id: the findings shown before approval, in the user's scope
    queue_findings: Callable
    # (user, job id) -> CheckState with the findings (None: not the user's check)
    findings_state: Callable
    # (submission) -> job id: the check kept with a submission, attached to it when it ends
    queue_submission_check: Callable
    # (job ids) -> {job id: CheckState}, for the submissions' checks
    states: Callable
    archive_accepted: Callable  # (submission, user) -> the archived file row


_checker: list[Checker] = []


def register_checker(checker: Checker) -> None:
    _checker[:] = [checker]


def checker() -> Checker | None:
    """The installed check, or None when fazhi.reportcheck is not installed."""
    return _checker[0] if _checker else None
