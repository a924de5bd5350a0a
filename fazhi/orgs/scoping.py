"""The one place that turns a user's roles into the organisations they cover.

Every ledger queryset, view, API endpoint, export and figure narrows itself through `Scope`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Organisation, OrgKind, User
from .roles import Role

# The district office's staff on the platform: they read every township of the district (never write
# there) and keep the district's own records (区本级) in the ledgers declared district_level
# (`fazhi.core.policy.action_scope`). The 区级督查 is the district office's one business role.
DISTRICT_STAFF = frozenset({Role.DISTRICT_REVIEWER})


@dataclass(frozen=True)
class Scope:
    """Whole townships plus single villages that a set of roles covers, and the districts whose own
    records (区本级: filed with the district itself as their organisation) it covers."""

    townships: frozenset[int] = frozenset()
    villages: frozenset[int] = frozenset()
    own: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.townships and not self.villages and not self.own

    def q(self, township_field: str = "township", village_field: str = "village") -> Q:
        if self.empty:
            return Q(pk__in=[])
        q = Q()
        if self.townships or self.own:
            q |= Q(**{f"{township_field}_id__in": sorted(self.townships | self.own)})
        if self.villages:
            q |= Q(**{f"{village_field}_id__in": sorted(self.villages)})
        return q

    def covers(self, township_id: int | None, village_id: int | None = None) -> bool:
        if township_id in self.townships or township_id in self.own:
            return True
        return village_id is not None and village_id in self.villages

    def covers_whole_township(self, township_id: int | None) -> bool:
        return township_id in self.townships

    @property
    def organisations(self) -> frozenset[int]:
        """What a record may be filed under: the townships and the districts themselves (区本级)."""
        return self.townships | self.own

    def union(self, other: "Scope") -> "Scope":
        return Scope(self.townships | other.townships, self.villages | other.villages, self.own | other.own)


def _assignments(user: User) -> list[tuple[str, int, str]]:
    """(role, organisation id, organisation kind) of the user, cached on the user object for the request."""
    cached = getattr(user, "_fazhi_assignments", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            cached = []
        else:
            cached = list(user.role_assignments.values_list("role", "organisation_id", "organisation__kind"))
        user._fazhi_assignments = cached
    return cached


def user_roles(user: User) -> set[str]:
    return {role for role, _, _ in _assignments(user)}


def has_role(user: User, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def user_scope(user: User, roles: Iterable[str]) -> Scope:
    """The organisations covered by those of the user's assignments whose role is in `roles`."""
    roles = set(roles)
    key = frozenset(roles)
    cache = getattr(user, "_fazhi_scopes", None)
    if cache is None:
        cache = user._fazhi_scopes = {}
    if key in cache:
        return cache[key]
    townships, villages, districts, own = set(), set(), set(), set()
    for role, org_id, kind in _assignments(user):
        if role not in roles:
            continue
        if kind == OrgKind.DISTRICT:
            districts.add(org_id)
            if role in DISTRICT_STAFF:
                own.add(org_id)
        elif kind == OrgKind.TOWNSHIP:
            townships.add(org_id)
        elif kind == OrgKind.VILLAGE:
            villages.add(org_id)
    if districts:
        townships |= set(
            Organisation.objects.filter(kind=OrgKind.TOWNSHIP, parent_id__in=districts).values_list(
                "pk", flat=True
            )
        )
    scope = cache[key] = Scope(frozenset(townships), frozenset(villages), frozenset(own))
    return scope


def district_own_scope(user: User) -> Scope:
    """The district's own records (区本级) that its staff keep: the districts where the user holds a
    role of DISTRICT_STAFF. Never a township's records."""
    own = {
        org_id
        for role, org_id, kind in _assignments(user)
        if role in DISTRICT_STAFF and kind == OrgKind.DISTRICT
    }
    return Scope(own=frozenset(own))


def business_scope(user: User) -> Scope:
    """Everything the user may read in any ledger: the union over its business roles."""
    return user_scope(
        user,
        [
            Role.DISTRICT_REVIEWER,
            Role.TOWNSHIP_LEADER,
            Role.TOWNSHIP_CLERK,
            Role.LEGAL_ADVISOR,
            Role.VILLAGE_CADRE,
        ],
    )


def visible_organisations(user: User, scope: Scope):
    """Townships and villages (with their groups) the scope covers, for form choices and filters."""
    return Organisation.objects.filter(
        Q(pk__in=scope.townships)
        | Q(township_id__in=scope.townships)
        | Q(pk__in=scope.villages)
        | Q(parent_id__in=scope.villages)
    )
