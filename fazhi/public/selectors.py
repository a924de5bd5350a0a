"""What the law makes public (domain.md §10), read without a user: approved annual reports that have
been published, and 行政执法公示 entries. This is the one place that reads records without
`restrict()`: it returns only publishable fields, never 身份证号, phone or address."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from fazhi.core.masking import mask_name
from fazhi.enforcement.choices import PartyType
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


def _approved_versions():
    return ReportVersion.objects.filter(report=OuterRef("pk"), approved_at__isnull=False)


def published_reports(township=None):
    """Reports whose publication has been recorded (on or before today) and that have an approved version."""
    qs = Report.objects.filter(
        published_on__isnull=False, published_on__lte=timezone.localdate(), township__kind=OrgKind.TOWNSHIP
    ).filter(Exists(_approved_versions()))
    if township is not None:
        qs = qs.filter(township=township)
    return qs.select_related("township").order_by("-year")


def published_cases(township) -> list[dict]:
    """Decided, published, not voided cases of the township, newest first, with the party's name masked
    when the party is a person (an organisation's name is public)."""
    rows = (
        EnforcementCase.objects.active()
        .filter(
            township=township,
            decided_on__isnull=False,
            published_on__isnull=False,
            published_on__lte=timezone.localdate(),
        )
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
    """Townships that have published something (a report or a 公示 entry)."""
    today = timezone.localdate()
    cases = EnforcementCase.objects.active().filter(
        township=OuterRef("pk"), published_on__isnull=False, decided_on__isnull=False, published_on__lte=today
    )
    reports = published_reports().filter(township=OuterRef("pk"))
    return (
        Organisation.objects.filter(kind=OrgKind.TOWNSHIP)
        .filter(Exists(cases) | Exists(reports))
        .select_related("parent")
        .order_by("parent__code", "sort_order", "code")
    )


def public_township(pk: int):
    return public_townships().filter(pk=pk).first()
