"""The bridge to fazhi.reports (the township's own drafts), which this app does not depend on:
every use is guarded, so the check works with or without it."""

from __future__ import annotations

from django.apps import apps


def available() -> bool:
    return apps.is_installed("fazhi.reports")


def template_wording() -> tuple[str, ...]:
    """The drafter's own wording, which the copy check leaves out (empty without fazhi.reports)."""
    if not available():
        return ()
    from fazhi.reports.boilerplate import template_wording as wording

    return wording()


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


def findings_in(result: dict) -> list[str]:
    """What fazhi's check found wrong in a version (its JSON result), one Chinese sentence each.

    Shown before approval so that the leader signs knowing them; the deadline is not judged here, as
    the version is dated only when it is approved."""
    from fazhi.reportcheck.checks import PART_LABELS, figure_verdict

    out = [f"缺少“{PART_LABELS[part]}”部分" for part in result["missing_parts"]]
    out += [figure_verdict(f) for f in result["figures"] if f["ok"] is False]
    out += [
        f"第{r['line']}行“{r['text']}”：比率与所给分子分母不符" for r in result["rates"] if r["ok"] is False
    ]
    for key in ("enumerations", "approximations", "year_mismatches"):
        out += [f"第{f['line']}行“{f['text']}”：{f['problem']}" for f in result[key]]
    out += list(result["uncovered"])
    return out


def queue_findings(report, version, *, user) -> int:
    """Queue the check shown before approval (in the background worker, in `user`'s scope)."""
    from .jobs import job_create
    from .models import CheckKind

    job = job_create(
        user=user,
        kind=CheckKind.APPROVAL,
        title=f"{report}第{version.number}版审批前检查",
        township=report.township,
        report=report,
        version=version,
    )
    return job.pk


def findings_state(user, pk: int):
    """The approval check's state with its findings; None when it is not `user`'s."""
    from .jobs import job_state
    from .models import CheckJob, CheckKind

    job = CheckJob.objects.filter(pk=pk, user=user, kind=CheckKind.APPROVAL).first()
    return job_state(job, findings=findings_in) if job is not None else None
