"""Account administration under 三员分立: who may change which account, grant which role, unlock whom.

系统管理员 keeps organisations and ordinary accounts; 安全管理员 grants and removes roles, unlocks accounts
and resets second factors; 审计管理员 only reads the audit log. No account holds two of the three, none of
them holds a business role, nobody changes their own roles, and the administrators' accounts are out of
each other's reach (the sysadmin cannot reset the auditor's password and sign in as them).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .models import ApiToken, Organisation, RoleAssignment, RoleChange, RoleChangeKind, User
from .roles import ADMIN_ROLES, Role
from .scoping import has_role

# What must follow the creation of an organisation, registered by the apps above orgs in their
# AppConfig.ready() (core: a new district's default category lists). Every creation path — the
# organisation pages, the demo, the benchmarks, the test factories — goes through organisation_save, so
# the callbacks run whoever creates the organisation, in the same transaction.
_after_create: list[Callable[[Organisation], None]] = []


def after_organisation_created(callback: Callable[[Organisation], None]) -> Callable[[Organisation], None]:
    """Register `callback(organisation)`, run once for each organisation created (once per callback)."""
    if callback not in _after_create:
        _after_create.append(callback)
    return callback


def organisation_save(org: Organisation) -> Organisation:
    """Save a new or changed organisation; a new one then goes through the registered callbacks."""
    created = org.pk is None
    with transaction.atomic():
        org.save()
        if created:
            for callback in _after_create:
                callback(org)
    return org


def organisation_create(**fields) -> Organisation:
    """Organisation(**fields), saved through organisation_save."""
    return organisation_save(Organisation(**fields))


def _roles_of(user: User) -> set[str]:
    return set(user.role_assignments.values_list("role", flat=True))


def is_admin_account(user: User) -> bool:
    return bool(_roles_of(user) & ADMIN_ROLES)


def may_edit_account(actor: User, target: User | None) -> bool:
    """The sysadmin edits ordinary accounts (and creates new ones); administrators' accounts are out of reach."""
    if not has_role(actor, Role.SYSADMIN):
        return False
    return target is None or (target.pk != actor.pk and not is_admin_account(target))


def _require(actor: User, role: str, message: str) -> None:
    if not has_role(actor, role):
        raise PermissionDenied(message)


def user_save(*, actor: User, user: User, password: str = "", request=None) -> User:
    """Create or change an ordinary account; a password chosen here must be changed at the next sign-in."""
    if not may_edit_account(actor, user if user.pk else None):
        raise PermissionDenied("系统管理员不能修改本人或其他管理员的账户")
    created = user.pk is None
    with transaction.atomic():
        if password:
            user.set_password(password)
            user.must_change_password = True
        user.save()
        if password and not created:
            user_tokens_revoke(user=user)
    detail = "新建用户" if created else "修改用户"
    if password:
        detail += "，设置密码（须在下次登录时修改）"
    if not user.is_active:
        detail += "，账户停用"
    audit_record(user=actor, action=AuditAction.ADMIN, obj=user, detail=detail, request=request)
    return user


def role_grant(*, actor: User, user: User, role: str, organisation: Organisation, request=None):
    """Give `user` a role; only the 安全管理员, never to itself, never mixing the administrators' roles."""
    _require(actor, Role.SECURITY_ADMIN, "只有安全管理员可以分配角色")
    if user.pk == actor.pk:
        raise ValidationError("不能给自己分配角色")
    held = _roles_of(user)
    if role in ADMIN_ROLES and held - {role}:
        raise ValidationError(f"“{Role(role).label}”须单独持有：该用户已有其他角色")
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        raise ValidationError("管理员账户不能同时持有业务角色")
    assignment = RoleAssignment(user=user, role=role, organisation=organisation)
    assignment.full_clean()
    with transaction.atomic():
        assignment.save()
        RoleChange.objects.create(
            kind=RoleChangeKind.GRANT, actor=actor, user=user, role=role, organisation=organisation
        )
        audit_record(
            user=actor,
            action=AuditAction.ROLE_GRANT,
            obj=user,
            detail=f"授予角色 {assignment}",
            request=request,
        )
    return assignment


def role_revoke(*, actor: User, assignment: RoleAssignment, request=None) -> None:
    """Remove a role; the grant history keeps it."""
    _require(actor, Role.SECURITY_ADMIN, "只有安全管理员可以移除角色")
    if assignment.user_id == actor.pk:
        raise ValidationError("不能移除自己的角色")
    with transaction.atomic():
        RoleChange.objects.create(
            kind=RoleChangeKind.REVOKE,
            actor=actor,
            user=assignment.user,
            role=assignment.role,
            organisation=assignment.organisation,
        )
        audit_record(
            user=actor,
            action=AuditAction.ROLE_REVOKE,
            obj=assignment.user,
            detail=f"移除角色 {assignment}",
            request=request,
        )
        assignment.delete()


def account_unlock(*, actor: User, user: User, request=None) -> None:
    """Lift a sign-in lockout: the failures counted by the lockout are cleared (the audit log keeps them)."""
    from axes.models import AccessAttempt, AccessFailureLog

    _require(actor, Role.SECURITY_ADMIN, "只有安全管理员可以解锁账户")
    with transaction.atomic():
        AccessAttempt.objects.filter(username=user.username).delete()
        AccessFailureLog.objects.filter(username=user.username).delete()
        audit_record(user=actor, action=AuditAction.UNLOCK, obj=user, detail="解除登录锁定", request=request)


def user_tokens_revoke(*, user: User) -> int:
    """Every live API token of the user stops working (a changed password ends them all)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def password_change(*, user: User, password: str, request=None) -> None:
    """The owner's own new password (already validated, history included); tokens end with the old one."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        revoked = user_tokens_revoke(user=user)
        audit_record(
            user=user,
            action=AuditAction.PASSWORD,
            obj=user,
            detail=f"修改密码，吊销API令牌{revoked}个" if revoked else "修改密码",
            request=request,
        )
