"""The registry's Count figures of one township and year, in hand-written SQL (a cross-check and the
baseline of the `report_vs_sql_ratio` benchmark).

One conditional-aggregation SELECT per ledger, plain SQL with named parameters, valid on SQLite and
PostgreSQL. Each query lists the metric ids of its columns in order. Totals and ratios are then composed
from those counts as the registry composes them (they count nothing themselves). Voided records never
count; no user scope applies (the figures of the whole township, as the system computes them).
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from . import display
from .registry import Ratio, Total, registry

# Shared WHERE for a ledger table aliased "r": the township's active records dated in the period.
_IN_TOWNSHIP = "r.township_id = %(township)s AND NOT r.voided"


def _period(column: str) -> str:
    return f"r.{column} BETWEEN %(start)s AND %(end)s"


QUERIES: list[tuple[tuple[str, ...], str]] = [
    (
        (
            "publicity.activities",
            "publicity.activities.jiguan",
            "publicity.activities.xiangcun",
            "publicity.activities.shequ",
            "publicity.activities.xuexiao",
            "publicity.activities.qiye",
            "publicity.activities.danwei",
            "publicity.activities.jiating",
            "publicity.activities.wangluo",
            "publicity.books",
            "publicity.materials",
            "publicity.households",
            "publicity.onsite_consultations",
            "publicity.audience",
            "publicity.forms.lecture",
            "publicity.forms.stall",
            "publicity.forms.quiz",
            "publicity.forms.home_visit",
            "publicity.forms.arts",
            "publicity.forms.online",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN c.code = 'jiguan' THEN 1 END),
            COUNT(CASE WHEN c.code = 'xiangcun' THEN 1 END),
            COUNT(CASE WHEN c.code = 'shequ' THEN 1 END),
            COUNT(CASE WHEN c.code = 'xuexiao' THEN 1 END),
            COUNT(CASE WHEN c.code = 'qiye' THEN 1 END),
            COUNT(CASE WHEN c.code = 'danwei' THEN 1 END),
            COUNT(CASE WHEN c.code = 'jiating' THEN 1 END),
            COUNT(CASE WHEN c.code = 'wangluo' THEN 1 END),
            COALESCE(SUM(r.books), 0),
            COALESCE(SUM(r.materials), 0),
            COALESCE(SUM(r.households), 0),
            COALESCE(SUM(r.consultations), 0),
            COALESCE(SUM(r.audience_count), 0),
            COUNT(CASE WHEN r.form = 'lecture' THEN 1 END),
            COUNT(CASE WHEN r.form = 'stall' THEN 1 END),
            COUNT(CASE WHEN r.form = 'quiz' THEN 1 END),
            COUNT(CASE WHEN r.form = 'home_visit' THEN 1 END),
            COUNT(CASE WHEN r.form = 'arts' THEN 1 END),
            COUNT(CASE WHEN r.form = 'online' THEN 1 END)
        FROM publicity_publicityactivity r JOIN core_category c ON c.id = r.qijin_id
        WHERE {_IN_TOWNSHIP} AND {_period("held_on")}""",
    ),
    (
        (
            "study.sessions",
            "study.central_group",
            "study.pre_meeting",
            "study.staff_meeting",
            "study.training",
            "study.online",
            "study.lecture",
            "study.participants",
            "study.online_enrolled",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.kind = 'central_group' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'pre_meeting' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'staff_meeting' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'training' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'online' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'lecture' THEN 1 END),
            COALESCE(SUM(r.participants), 0),
            COALESCE(SUM(CASE WHEN r.kind = 'online' THEN r.enrolled END), 0)
        FROM publicity_studysession r
        WHERE {_IN_TOWNSHIP} AND {_period("held_on")}""",
    ),
    (
        ("exam.required", "exam.sat", "exam.passed"),
        f"""SELECT COALESCE(SUM(r.required_count), 0), COALESCE(SUM(r.sat_count), 0),
            COALESCE(SUM(r.passed_count), 0)
        FROM publicity_lawexam r
        WHERE {_IN_TOWNSHIP} AND {_period("exam_on")}""",
    ),
    (
        ("publicity.volunteers_trained",),
        f"""SELECT COUNT(*) FROM publicity_legalvolunteer r
        WHERE {_IN_TOWNSHIP} AND {_period("trained_on")}""",
    ),
    (
        ("publicity.funds",),
        f"""SELECT COALESCE(SUM(r.amount), 0) FROM publicity_publicityfund r
        WHERE {_IN_TOWNSHIP} AND {_period("allocated_on")}""",
    ),
    (
        ("publicity.model_villages",),
        f"""SELECT COUNT(*) FROM publicity_modelvillage r
        WHERE {_IN_TOWNSHIP} AND {_period("awarded_on")}""",
    ),
    (
        (
            "reviews.total",
            "reviews.normative",
            "reviews.contract",
            "reviews.major_decision",
            "reviews.major_enforcement",
            "reviews.other",
            "reviews.opined",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.review_type = 'normative' THEN 1 END),
            COUNT(CASE WHEN r.review_type = 'contract' THEN 1 END),
            COUNT(CASE WHEN r.review_type = 'major_decision' THEN 1 END),
            COUNT(CASE WHEN r.review_type = 'major_enforcement' THEN 1 END),
            COUNT(CASE WHEN r.review_type = 'other' THEN 1 END),
            COUNT(CASE WHEN r.reviewed_on IS NOT NULL AND r.reviewed_on <= %(as_of)s THEN 1 END)
        FROM decisions_legalityreview r
        WHERE {_IN_TOWNSHIP} AND {_period("submitted_on")}""",
    ),
    (
        ("decisions.major", "decisions.major_decided"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.status = 'decided' AND r.decided_on <= %(as_of)s THEN 1 END)
        FROM decisions_majordecision r
        WHERE {_IN_TOWNSHIP} AND {_period("proposed_on")}""",
    ),
    (
        ("risk.total", "risk.low", "risk.medium", "risk.high"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.level = 'low' THEN 1 END),
            COUNT(CASE WHEN r.level = 'medium' THEN 1 END),
            COUNT(CASE WHEN r.level = 'high' THEN 1 END)
        FROM decisions_riskassessment r
        WHERE {_IN_TOWNSHIP} AND {_period("assessed_on")}""",
    ),
    (
        # Cases count by 立案 date, publication by 决定 date: both periods are in the CASEs.
        (
            "enforcement.cases",
            "enforcement.cases.penalty",
            "enforcement.cases.inspection",
            "enforcement.cases.coercion",
            "enforcement.cases.licensing",
            "enforcement.cases.other",
            "enforcement.major",
            "enforcement.publish_due",
            "enforcement.published_on_time",
        ),
        f"""SELECT
            COUNT(CASE WHEN {_period("filed_on")} THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.kind = 'penalty' THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.kind = 'inspection' THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.kind = 'coercion' THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.kind = 'licensing' THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.kind = 'other' THEN 1 END),
            COUNT(CASE WHEN {_period("filed_on")} AND r.is_major THEN 1 END),
            COUNT(CASE WHEN {_period("decided_on")} AND r.decided_on <= %(as_of)s
                AND (r.publish_due_on <= %(as_of)s OR r.published_on <= %(as_of)s) THEN 1 END),
            COUNT(CASE WHEN {_period("decided_on")} AND r.decided_on <= %(as_of)s
                AND (r.publish_due_on <= %(as_of)s OR r.published_on <= %(as_of)s)
                AND r.published_on_time AND r.published_on <= %(as_of)s THEN 1 END)
        FROM enforcement_enforcementcase r
        WHERE {_IN_TOWNSHIP}""",
    ),
    (
        ("receptions.count", "receptions.people"),
        f"""SELECT COUNT(*), COALESCE(SUM(r.people_count), 0) FROM petitions_leaderreception r
        WHERE {_IN_TOWNSHIP} AND {_period("held_on")}""",
    ),
    (
        (
            "petitions.received",
            "petitions.collective",
            "petitions.accepted",
            "petitions.replied",
            "petitions.replied_on_time",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.is_collective THEN 1 END),
            COUNT(CASE WHEN r.accepted_on IS NOT NULL AND r.accepted_on <= %(as_of)s
                AND r.status <> 'rejected' THEN 1 END),
            COUNT(CASE WHEN r.replied_on IS NOT NULL AND r.replied_on <= %(as_of)s THEN 1 END),
            COUNT(CASE WHEN r.replied_on IS NOT NULL AND r.replied_on <= %(as_of)s
                AND r.reply_on_time THEN 1 END)
        FROM petitions_petition r
        WHERE {_IN_TOWNSHIP} AND {_period("received_on")}""",
    ),
    (
        (
            "tickets.received",
            "tickets.12345.received",
            "tickets.12345.replied",
            "tickets.12345.on_time",
            "tickets.supervision.received",
            "tickets.supervision.replied",
            "tickets.supervision.on_time",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.platform = '12345' THEN 1 END),
            COUNT(CASE WHEN r.platform = '12345' AND r.status IN ('replied', 'closed')
                AND r.replied_at IS NOT NULL AND r.replied_at <= %(as_of_end)s THEN 1 END),
            COUNT(CASE WHEN r.platform = '12345' AND r.status IN ('replied', 'closed')
                AND r.replied_at IS NOT NULL AND r.replied_at <= %(as_of_end)s AND r.on_time THEN 1 END),
            COUNT(CASE WHEN r.platform = 'supervision' THEN 1 END),
            COUNT(CASE WHEN r.platform = 'supervision' AND r.status IN ('replied', 'closed')
                AND r.replied_at IS NOT NULL AND r.replied_at <= %(as_of_end)s THEN 1 END),
            COUNT(CASE WHEN r.platform = 'supervision' AND r.status IN ('replied', 'closed')
                AND r.replied_at IS NOT NULL AND r.replied_at <= %(as_of_end)s AND r.on_time THEN 1 END)
        FROM tickets_ticket r
        WHERE {_IN_TOWNSHIP} AND r.received_at BETWEEN %(start_at)s AND %(end_at)s""",
    ),
    (
        ("disputes.screenings",),
        f"""SELECT COUNT(*) FROM disputes_screening r
        WHERE {_IN_TOWNSHIP} AND {_period("screened_on")}""",
    ),
    (
        ("disputes.accepted", "disputes.resolved"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.status = 'resolved' AND r.closed_on <= %(as_of)s THEN 1 END)
        FROM disputes_dispute r
        WHERE {_IN_TOWNSHIP} AND {_period("received_on")}""",
    ),
    (
        ("mediations.total", "mediations.success"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.status = 'success' AND r.effective_on <= %(as_of)s THEN 1 END)
        FROM disputes_mediation r
        WHERE {_IN_TOWNSHIP} AND {_period("started_on")}""",
    ),
    (
        ("consultations.count", "consultations.people", "consultations.referred_to_aid"),
        f"""SELECT COUNT(*), COALESCE(SUM(r.people), 0), COUNT(CASE WHEN r.referred_to_aid THEN 1 END)
        FROM legalservice_consultation r
        WHERE {_IN_TOWNSHIP} AND {_period("consulted_on")}""",
    ),
    (
        ("warning.sessions", "warning.participants"),
        f"""SELECT COUNT(*), COALESCE(SUM(r.participants), 0) FROM oversight_warningeducation r
        WHERE {_IN_TOWNSHIP} AND {_period("held_on")}""",
    ),
    (
        ("rectification.received", "rectification.done", "rectification.overdue"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.done_on IS NOT NULL AND r.done_on <= %(as_of)s THEN 1 END),
            COUNT(CASE WHEN r.due_on < %(as_of)s AND (r.done_on IS NULL OR r.done_on > %(as_of)s)
                THEN 1 END)
        FROM oversight_rectification r
        WHERE {_IN_TOWNSHIP} AND {_period("received_on")}""",
    ),
    (
        # Cases by 收案 date; hearings (child rows, joined) by 开庭 date; 行政复议 has no 出庭.
        (
            "litigation.cases",
            "litigation.reviews",
            "litigation.hearings",
            "litigation.hearings_agency",
            "litigation.hearings_head",
        ),
        f"""SELECT
            COUNT(DISTINCT CASE WHEN r.kind = 'litigation' AND {_period("received_on")} THEN r.id END),
            COUNT(DISTINCT CASE WHEN r.kind = 'review' AND {_period("received_on")} THEN r.id END),
            COUNT(DISTINCT CASE WHEN r.kind = 'litigation'
                AND h.held_on BETWEEN %(start)s AND %(end)s THEN h.id END),
            COUNT(DISTINCT CASE WHEN r.kind = 'litigation' AND h.agency_appeared
                AND h.held_on BETWEEN %(start)s AND %(end)s THEN h.id END),
            COUNT(DISTINCT CASE WHEN r.kind = 'litigation' AND h.head_appeared
                AND h.held_on BETWEEN %(start)s AND %(end)s THEN h.id END)
        FROM oversight_litigationcase r LEFT JOIN oversight_hearing h ON h.case_id = r.id
        WHERE {_IN_TOWNSHIP}""",
    ),
    (
        ("disclosures.total", "disclosures.website", "disclosures.wechat", "disclosures.board"),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.channel = 'website' THEN 1 END),
            COUNT(CASE WHEN r.channel = 'wechat' THEN 1 END),
            COUNT(CASE WHEN r.channel = 'board' THEN 1 END)
        FROM oversight_disclosure r
        WHERE {_IN_TOWNSHIP} AND {_period("published_on")}""",
    ),
    (
        (
            "duties.total",
            "duties.meeting",
            "duties.report",
            "duties.account",
            "duties.lecture",
            "duties.funding",
            "duties.supervision",
        ),
        f"""SELECT COUNT(*),
            COUNT(CASE WHEN r.kind = 'meeting' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'report' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'account' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'lecture' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'funding' THEN 1 END),
            COUNT(CASE WHEN r.kind = 'supervision' THEN 1 END)
        FROM duties_dutyrecord r
        WHERE {_IN_TOWNSHIP} AND {_period("held_on")}""",
    ),
]


def params(township_id: int, year: int) -> dict:
    """Named parameters of the queries, adapted to the database (dates as text on SQLite)."""
    ops = connection.ops
    tz = timezone.get_current_timezone()
    start, end = date(year, 1, 1), date(year, 12, 31)
    return {
        "township": township_id,
        "start": ops.adapt_datefield_value(start),
        "end": ops.adapt_datefield_value(end),
        "as_of": ops.adapt_datefield_value(end),
        "start_at": ops.adapt_datetimefield_value(timezone.make_aware(datetime.combine(start, time.min), tz)),
        "end_at": ops.adapt_datetimefield_value(timezone.make_aware(datetime.combine(end, time.max), tz)),
        "as_of_end": ops.adapt_datetimefield_value(timezone.make_aware(datetime.combine(end, time.max), tz)),
    }


def township_year(township_id: int, year: int) -> dict[str, int | Decimal | None]:
    """Every Count, Total and Ratio figure of a township's year (as of 31 December), by metric id.

    A ratio's value is its percentage as shown (None for a zero denominator), as in `MetricValue.value`.
    """
    values: dict[str, int | Decimal | None] = {}
    bound = params(township_id, year)
    with connection.cursor() as cursor:
        for ids, sql in QUERIES:
            cursor.execute(sql, bound)
            row = cursor.fetchone()
            for metric_id, value in zip(ids, row, strict=True):
                values[metric_id] = Decimal(str(value)) if isinstance(value, float) else value
    metrics = registry.all(year)
    for metric in metrics:
        if isinstance(metric, Total):
            values[metric.id] = sum(values[p] for p in metric.parts)
    for metric in metrics:
        if isinstance(metric, Ratio):
            values[metric.id] = display.percent_value(values[metric.numerator], values[metric.denominator])
    return values


def covered_ids() -> set[str]:
    """Metric ids the SQL answers: every Count, Total and Ratio of the registry should be here."""
    return {m for ids, _ in QUERIES for m in ids} | {
        m.id for m in registry.all() if isinstance(m, Total | Ratio)
    }


__all__ = ["QUERIES", "covered_ids", "params", "township_year"]
