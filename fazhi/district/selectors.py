"""Which district a user reviews, and the scoped read every district page computes through."""

from django.http import Http404

from fazhi.core import ledgers
from fazhi.core.policy import action_scope
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role


def reviewed_districts(user) -> list[Organisation]:
    """Districts where the user is 区级督查 (a district reviewer reads all its townships)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            kind=OrgKind.DISTRICT,
            pk__in=user.role_assignments.filter(role=Role.DISTRICT_REVIEWER).values("organisation_id"),
        ).order_by("code")
    )


def reviewed_district(user, district_id=None) -> Organisation:
    """The district asked for (or the user's first); 404 to anyone who does not review it."""
    districts = reviewed_districts(user)
    if not districts:
        raise Http404("没有这个页面")
    if district_id in (None, ""):
        return districts[0]
    for district in districts:
        if str(district.pk) == str(district_id):
            return district
    raise Http404("没有这个页面")


def read_whole(user) -> frozenset[int]:
    """The organisations whose records the user reads in full in every ledger: whole townships and
    districts' own records (区本级). Their figures through the user's scope are the unscoped ones."""
    out = None
    for spec in ledgers.all_ledgers():
        scope = action_scope(user, spec, "view")
        readable = scope.townships | scope.own
        out = readable if out is None else out & readable
    return frozenset(out or ())


def scoped(user):
    """The user's readable records of a ledger model (the `base` of metric computations)."""
    return lambda model: model.objects.restrict(user)
