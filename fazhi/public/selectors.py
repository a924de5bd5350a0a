"""What the law makes public (domain.md §10), read without a user: approved annual reports that have
been published, and 行政执法公示 entries. This is the one place that reads records without
`restrict()`: it returns only publishable fields, never 身份证号, phone or address."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.core.masking import mask_name
from fazhi.deadlines.engine import get_calendar, get_rule
from fazhi.deadlines.rules import WORKDAY
from fazhi.enforcement.choices import CaseKind, PartyType
from fazhi.enforcement.models import EnforcementCase
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.reports.models import Report, ReportVersion

# The fields of a case that 行政执法公示 shows; the party's identifiers and contacts are left out.
CASE_FIELDS = (
    "pk",
    "case_number",
    "kind",
    "action_kind__label",
    "party_type",
    "party_name",
    "cause",
    "decision",
    "decided_on",
    "publish_due_on",
    "published_on",
    "published_on_time",
)


# The two 公示 rules of the enforcement ledger (services.publish_rule) and the kinds each governs.
_SHORT_KINDS = (CaseKind.LICENSING, CaseKind.PENALTY)


def _first_shown(rule_key: str, today: dt.date) -> dt.date | None:
    """The earliest publication date still inside its public window today: an entry stays on the page for
    the rule's length (7 or 20 working days, as configured) from its publication, today included."""
    rule = get_rule(rule_key)
    if rule.length is None:
        return None

    def end(published: dt.date) -> dt.date:
        if rule.unit == WORKDAY:
            return get_calendar().add_workdays(published, rule.length)
        return published + dt.timedelta(days=rule.length)

    first = today
    # At most a few weeks back (the longest holiday run plus the rule's length): a bounded walk.
    for _ in range(rule.length * 3 + 40):
        if end(first - dt.timedelta(days=1)) < today:
            break
        first -= dt.timedelta(days=1)
    return first


def in_public_window(today: dt.date | None = None) -> Q:
    """Cases whose 公示 is shown today: published, not in the future, and not past their window."""
    today = today or timezone.localdate()
    q = Q(decided_on__isnull=False, published_on__isnull=False, published_on__lte=today)
    short = _first_shown("publicity_permit_penalty", today)
    other = _first_shown("publicity_other", today)
    short_q = Q(kind__in=_SHORT_KINDS) & (Q(published_on__gte=short) if short else Q())
    other_q = ~Q(kind__in=_SHORT_KINDS) & (Q(published_on__gte=other) if other else Q())
    return q & (short_q | other_q)


def _approved_versions():
    return ReportVersion.objects.filter(report=OuterRef("pk"), approved_at__isnull=False)


# Who publishes here: townships, and districts (their own report to 市委、市政府 and their own 公示).
PUBLISHERS = (OrgKind.DISTRICT, OrgKind.TOWNSHIP)


def published_reports(township=None):
    """Reports whose publication has been recorded (on or before today) and that have an approved
    version: a township's, or a district's own report."""
    qs = Report.objects.filter(
        published_on__isnull=False, published_on__lte=timezone.localdate(), township__kind__in=PUBLISHERS
    ).filter(Exists(_approved_versions()))
    if township is not None:
        qs = qs.filter(township=township)
    return qs.select_related("township").order_by("-year")


def published_cases(township) -> list[dict]:
    """Decided, not voided cases of the township inside their public window, newest first, with the
    party's name masked when the party is a person (an organisation's name is public)."""
    rows = (
        EnforcementCase.objects.active()
        .filter(in_public_window(), township=township)
        .order_by("-published_on", "-pk")
        .values(*CASE_FIELDS)
    )
    kinds = dict(EnforcementCase._meta.get_field("kind").choices)
    out = []
    for row in rows:
        person = row["party_type"] == PartyType.PERSON
        out.append(
            row
            | {
                "party": mask_name(row["party_name"]) if person else row["party_name"],
                "kind_label": kinds.get(row["kind"], row["kind"]),
            }
        )
        del out[-1]["party_name"]
    return out


def public_townships():
    """Townships and districts that have published something (a report or a 公示 entry), each district
    before its townships."""
    cases = EnforcementCase.objects.active().filter(in_public_window(), township=OuterRef("pk"))
    reports = published_reports().filter(township=OuterRef("pk"))
    return (
        Organisation.objects.filter(kind__in=PUBLISHERS)
        .filter(Exists(cases) | Exists(reports))
        .select_related("parent")
        .order_by(Coalesce("parent__code", "code"), "kind", "sort_order", "code")
    )


def public_township(pk: int):
    return public_townships().filter(pk=pk).first()
