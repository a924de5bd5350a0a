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


def findings(report, version, *, base=None) -> list[str]:
    """What fazhi's check finds wrong in a saved version, one Chinese sentence each (empty: nothing).

    Shown before approval so that the leader signs knowing them; the deadline is not judged here, as
    the version is dated only when it is approved."""
    from fazhi.reportcheck.analysis import analyse
    from fazhi.reportcheck.checks import PART_LABELS, figure_verdict
    from fazhi.reportcheck.loader import report_from_string

    result = analyse(
        report_from_string(version_text(report, version), f"{report}.txt"),
        township=report.township,
        year=report.year,
        base=base,
    ).to_json()
    out = [f"缺少“{PART_LABELS[part]}”部分" for part in result["missing_parts"]]
    out += [figure_verdict(f) for f in result["figures"] if f["ok"] is False]
    out += [
        f"第{r['line']}行“{r['text']}”：比率与所给分子分母不符" for r in result["rates"] if r["ok"] is False
    ]
    for key in ("enumerations", "approximations", "year_mismatches"):
        out += [f"第{f['line']}行“{f['text']}”：{f['problem']}" for f in result[key]]
    out += list(result["uncovered"])
    return out
