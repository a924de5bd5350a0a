"""The report check run on every submission, and the archive of an accepted report with its check.

The check itself belongs to fazhi.reportcheck, which plugs in through `checking`; without it a
submission is simply not checked."""

from .checking import checker


def check_version(report, version) -> dict | None:
    """The check's result (JSON) for a saved version, against all of the township's records."""
    found = checker()
    return found.check_version(report, version) if found else None


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
    found = checker()
    return found.archive_accepted(submission, user) if found else None
