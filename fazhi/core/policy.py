"""Who may do what in a ledger: roles per action; the organisations come from `orgs.scoping`."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import Scope, district_own_scope, user_scope

READERS = frozenset(
    {
        Role.DISTRICT_REVIEWER,
        Role.TOWNSHIP_LEADER,
        Role.TOWNSHIP_CLERK,
        Role.LEGAL_ADVISOR,
        Role.VILLAGE_CADRE,
    }
)
CLERK = frozenset({Role.TOWNSHIP_CLERK})
ACTIONS = ("view", "create", "change", "void", "reveal")


@dataclass(frozen=True)
class Policy:
    """Roles allowed each action; a role acts only within the organisations it is assigned to."""

    view: frozenset = READERS
    create: frozenset = CLERK
    change: frozenset = CLERK
    void: frozenset = CLERK
    reveal: frozenset = CLERK  # roles that may deliberately show (and so log) full personal data

    def roles(self, action: str) -> frozenset:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        return getattr(self, action)


def action_scope(user, spec, action: str) -> Scope:
    """Where the user may do `action` in the ledger: the organisations of its roles for that action and,
    in a district_level ledger, the district's own records (区本级) for the district's staff
    (`orgs.scoping.DISTRICT_STAFF`), who read every township of the district but write none of them."""
    scope = user_scope(user, spec.policy.roles(action))
    if action != "view" and getattr(spec, "district_level", False):
        scope = scope.union(district_own_scope(user))
    return scope


def scope_for(user, model, action: str) -> Scope:
    return action_scope(user, model.ledger_spec, action)


def can(user, spec, action: str, record=None, *, township_id=None, village_id=None) -> bool:
    scope = action_scope(user, spec, action)
    if record is not None:
        township_id, village_id = record.township_id, record.village_id
    if township_id is None:
        return not scope.empty
    return scope.covers(township_id, village_id)


def revealer(user, spec):
    """Per record, whether the user may reveal its personal data: one role's reveal right never spreads
    to the records another role of the same user only lets them see."""
    scope = action_scope(user, spec, "reveal")
    return lambda record: scope.covers(record.township_id, record.village_id)


def ensure_can(user, spec, action: str, record=None, *, township_id=None, village_id=None) -> None:
    if not can(user, spec, action, record, township_id=township_id, village_id=village_id):
        raise PermissionDenied("您没有权限执行此操作")
