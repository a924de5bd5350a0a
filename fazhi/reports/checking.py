"""The report check as the reports app sees it. fazhi.reportcheck sits above reports in the layers and
plugs its check in here when it is installed (its AppConfig.ready), so reports never imports it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Checker:
    """The three things reports asks of the check."""

    findings: Callable  # (report, version, *, base) -> list of Chinese sentences
    check_version: Callable  # (report, version) -> the check's JSON result
    archive_accepted: Callable  # (submission, user) -> the archived file row


_checker: list[Checker] = []


def register_checker(checker: Checker) -> None:
    _checker[:] = [checker]


def checker() -> Checker | None:
    """The installed check, or None when fazhi.reportcheck is not installed."""
    return _checker[0] if _checker else None
