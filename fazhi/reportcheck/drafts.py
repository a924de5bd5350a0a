"""The bridge to fazhi.reports (the township's own drafts), which this app does not depend on:
every use is guarded, so the check works with or without it."""

from __future__ import annotations

from django.apps import apps


def available() -> bool:
    return apps.is_installed("fazhi.reports")


def version_text(report, version) -> str:
    """The plain text of a saved version, as the township would print it."""
    from fazhi.reports.outputs import document_for, to_text
    from fazhi.reports.services import settings_for

    return to_text(document_for(report, version, settings_for(report.township)))


def frozen_by_metric(version) -> dict[str, dict] | None:
    """What approval froze, by metric id ({"value", "numerator", "denominator"}); None before approval."""
    frozen = getattr(version, "frozen", None)
    if not getattr(version, "approved_at", None) or not frozen:
        return None
    out: dict[str, dict] = {}
    for entry in frozen.values():
        out.setdefault(entry["metric"], entry)
    return out
