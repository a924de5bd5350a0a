"""Who may use the report check, and which report files each user sees."""

from django.db.models import Q, QuerySet

from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_scope

from .models import ReportFile

TOWNSHIP_ROLES = (Role.TOWNSHIP_LEADER, Role.TOWNSHIP_CLERK)


def reviewer_districts(user) -> list[Organisation]:
    """The districts whose reports the user reviews (区级督查)."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = user.role_assignments.filter(
        role=Role.DISTRICT_REVIEWER, organisation__kind=OrgKind.DISTRICT
    ).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=list(ids)).order_by("pk"))


def own_townships(user) -> list[Organisation]:
    """The townships whose leader or clerk the user is."""
    townships = user_scope(user, TOWNSHIP_ROLES).townships
    return list(Organisation.objects.filter(pk__in=townships).order_by("sort_order", "code"))


def can_check_reports(user) -> bool:
    return bool(reviewer_districts(user) or own_townships(user))


def report_files_for(user) -> QuerySet[ReportFile]:
    """A reviewer sees its districts' files; a township's leader and clerk only their township's."""
    districts = [d.pk for d in reviewer_districts(user)]
    townships = [t.pk for t in own_townships(user)]
    if not districts and not townships:
        return ReportFile.objects.none()
    return ReportFile.objects.filter(
        Q(district_id__in=districts) | Q(township_id__in=townships)
    ).select_related("township", "district", "uploaded_by")


def filing_townships(user) -> list[Organisation]:
    """Townships on the platform a reviewer may file a report for."""
    districts = [d.pk for d in reviewer_districts(user)]
    return list(
        Organisation.objects.townships().filter(parent_id__in=districts).order_by("sort_order", "code")
    )
