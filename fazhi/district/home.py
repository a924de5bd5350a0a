"""The home page of each role (domain.md §7): the district's desk, the leader's 看板, the clerk's 待办
and the village cadre's own village. Reads only, every one through the user's scope."""

from datetime import timedelta

from django.utils import timezone

from fazhi.core import ledgers
from fazhi.core.policy import can
from fazhi.deadlines.selectors import due_soon
from fazhi.metrics import registry as reg
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_scope
from fazhi.reports.models import Report, Submission, SubmissionStatus

from . import overview, status
from .selectors import scoped

# The 看板's counts beside the overview's figures: one per area, this year against last.
KANBAN_COUNTS = (
    ("publicity.activities", "普法活动"),
    ("reviews.total", "合法性审查"),
    ("enforcement.cases", "行政执法案件"),
    ("petitions.received", "信访事项"),
    ("tickets.received", "上级平台工单"),
    ("disputes.accepted", "矛盾纠纷"),
    ("consultations.count", "法律咨询"),
    ("warning.sessions", "警示教育"),
)
KANBAN_RATES = tuple(
    c for c in overview.COLUMNS if c.metric_id in overview.TREND_IDS and "rate" in c.metric_id
)


def own_township(user, roles) -> Organisation | None:
    ids = sorted(user_scope(user, roles).townships)
    return Organisation.objects.filter(pk__in=ids).order_by("code").first() if ids else None


def _year_to_date(today):
    """This year to date and the same span of last year, so that the two compare like with like."""
    this = reg.Period.between(today.replace(month=1, day=1), today)
    try:
        last_end = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        last_end = today.replace(year=today.year - 1, day=28)
    return this, reg.Period.between(last_end.replace(month=1, day=1), last_end)


def kanban(user, township: Organisation, *, today=None) -> dict:
    """The leader's 看板: this year to date against last year's same span, per area; pending approval;
    overdue items; the report's status."""
    today = today or timezone.localdate()
    this, last = _year_to_date(today)
    ids = [m for m, _ in KANBAN_COUNTS] + [c.metric_id for c in KANBAN_RATES] + ["deadlines.overdue_now"]
    now = reg.compute(ids, township, this, base=scoped(user))
    before = reg.compute(ids, township, last, base=scoped(user))
    counts = [(label, now[m], before[m]) for m, label in KANBAN_COUNTS]
    rates = [(c.heading, now[c.metric_id], before[c.metric_id]) for c in KANBAN_RATES]
    chart = {
        "labels": [label for label, _, _ in counts],
        "series": [
            {"name": f"{last.start.year}年同期", "data": [int(b.value or 0) for _, _, b in counts]},
            {"name": f"{this.start.year}年", "data": [int(n.value or 0) for _, n, _ in counts]},
        ],
    }
    rate_chart = {
        "labels": [label for label, _, _ in rates],
        "series": [
            {"name": f"{last.start.year}年同期", "data": [_pct(b) for _, _, b in rates]},
            {"name": f"{this.start.year}年", "data": [_pct(n) for _, n, _ in rates]},
        ],
    }
    report_year = today.year - 1
    report = Report.objects.filter(township=township, year=report_year).first()
    pending = None
    if report is not None:
        latest = report.versions.order_by("-number").first()
        if latest is not None and latest.approved_at is None:
            pending = latest
    board_row = next(
        (
            r
            for r in status.board(township.district or township.parent, report_year, today=today)
            if r.township == township
        ),
        None,
    )
    return {
        "township": township,
        "this": this,
        "last": last,
        "counts": counts,
        "rates": rates,
        "chart": chart,
        "rate_chart": rate_chart,
        "overdue_total": now["deadlines.overdue_now"].value,
        "overdue": [v for v in due_soon(user, township_id=township.pk, today=today) if v.state == "overdue"][
            :10
        ],
        "report_year": report_year,
        "report": report,
        "pending": pending,
        "status": board_row,
    }


def _pct(value: reg.MetricValue):
    return float(value.value) if value.denominator and value.value is not None else None


def _waiting(user, township) -> list[tuple]:
    """Per ledger with a workflow, the records of the township in a status some step starts from."""
    out = []
    for spec in ledgers.all_ledgers():
        if not spec.status_field or not spec.transitions or not can(user, spec, "change"):
            continue
        statuses = sorted({s for t in spec.transitions for s in t.from_})
        n = (
            spec.model.objects.restrict(user, "change")
            .filter(township=township, voided=False, **{f"{spec.status_field}__in": statuses})
            .count()
        )
        if n:
            out.append((spec, n))
    return out


def todo(user, township: Organisation, *, today=None) -> dict:
    """The clerk's 待办: due soon and overdue, returned reports, failed imports, records awaiting a step."""
    from fazhi.imports.models import ImportJob, JobStatus

    today = today or timezone.localdate()
    returned = (
        Submission.objects.filter(report__township=township, status=SubmissionStatus.RETURNED)
        .exclude(report__submissions__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED])
        .select_related("report")
        .order_by("-returned_at")
    )
    failed = ImportJob.objects.filter(
        township=township, status=JobStatus.FAILED, created_at__gte=timezone.now() - timedelta(days=30)
    ).order_by("-created_at")[:10]
    return {
        "township": township,
        "due": due_soon(user, township_id=township.pk, today=today)[:30],
        "returned": list(returned),
        "failed_imports": list(failed),
        "waiting": _waiting(user, township),
    }


def village_page(user, village: Organisation, *, today=None) -> dict:
    """The cadre's own village: its figures this year and its items due."""
    today = today or timezone.localdate()
    this, last = _year_to_date(today)
    ids = ("disputes.accepted", "disputes.resolved", "disputes.resolution_rate", "disputes.screenings")
    now = reg.compute(ids, village, this, base=scoped(user))
    before = reg.compute(ids, village, last, base=scoped(user))
    by_ledger = [
        (spec, spec.model.objects.restrict(user).filter(village=village, voided=False).count())
        for spec in ledgers.all_ledgers()
        if spec.uses_village and can(user, spec, "view")
    ]
    return {
        "village": village,
        "this": this,
        "figures": [(now[m], before[m]) for m in ids],
        "ledgers": by_ledger,
        "due": due_soon(user, village_id=village.pk, today=today)[:20],
    }


def cadre_village(user) -> Organisation | None:
    ids = sorted(user_scope(user, [Role.VILLAGE_CADRE]).villages)
    return Organisation.objects.filter(pk__in=ids, kind=OrgKind.VILLAGE).order_by("code").first()
