"""三员分立: 系统管理员 keeps ordinary accounts, 安全管理员 grants roles, 审计管理员 reads the log.

The sysadmin can neither give itself a role nor reach the auditor's account; the security administrator
grants to others only; no account holds two administrators' roles or one with a business role; every
grant and removal stays in the role history.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import login
from fazhi.audit.models import AuditEvent
from fazhi.orgs.models import RoleAssignment, RoleChange
from fazhi.orgs.roles import Role
from fazhi.orgs.services import role_grant, role_revoke
from tests import factories as f


def _grant(client, user, role, org):
    return client.post(
        reverse("admin-user-edit", kwargs={"pk": user.pk}),
        {"add_role": "1", "role": role, "organisation": org.pk},
    )


def test_it_refuses_the_sysadmin_any_role_grant(cast, client):
    login(client, cast.sysadmin)
    for target, role, org in [
        (cast.sysadmin, Role.TOWNSHIP_CLERK, cast.a),
        (cast.sysadmin, Role.AUDITOR, cast.district),
        (cast.clerk, Role.TOWNSHIP_LEADER, cast.a),
    ]:
        assert _grant(client, target, role, org).status_code == 403
    assert not RoleAssignment.objects.filter(user=cast.sysadmin).exclude(role=Role.SYSADMIN).exists()
    assert not RoleAssignment.objects.filter(user=cast.clerk, role=Role.TOWNSHIP_LEADER).exists()


def test_it_keeps_the_auditor_out_of_the_sysadmins_reach(cast, client):
    login(client, cast.sysadmin)
    url = reverse("admin-user-edit", kwargs={"pk": cast.auditor.pk})
    old_hash = cast.auditor.password
    response = client.post(url, {"username": "auditor", "is_active": "", "password": "Neu-Passw0rt!"})
    assert response.status_code == 403
    cast.auditor.refresh_from_db()
    assert cast.auditor.is_active and cast.auditor.password == old_hash
    # Nor the security administrator's account, nor its own.
    for other in (cast.security, cast.sysadmin):
        url = reverse("admin-user-edit", kwargs={"pk": other.pk})
        assert client.post(url, {"username": other.username, "password": "Neu-Passw0rt!"}).status_code == 403


def test_it_lets_the_sysadmin_edit_an_ordinary_account(cast, client):
    login(client, cast.sysadmin)
    url = reverse("admin-user-edit", kwargs={"pk": cast.clerk.pk})
    response = client.post(url, {"username": "clerk", "full_name": "王经办", "is_active": "on"})
    assert response.status_code == 302
    cast.clerk.refresh_from_db()
    assert cast.clerk.full_name == "王经办"


def test_it_lets_the_security_admin_grant_and_remove_with_history(cast, client):
    newcomer = f.UserFactory(username="newcomer")
    login(client, cast.security)
    assert _grant(client, newcomer, Role.TOWNSHIP_CLERK, cast.a).status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    response = client.post(reverse("admin-role-remove", kwargs={"pk": assignment.pk}))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    history = list(
        RoleChange.objects.filter(user=newcomer).order_by("pk").values_list("kind", "role", "actor")
    )
    assert history == [
        ("grant", Role.TOWNSHIP_CLERK, cast.security.pk),
        ("revoke", Role.TOWNSHIP_CLERK, cast.security.pk),
    ]
    actions = set(AuditEvent.objects.filter(object_id=str(newcomer.pk)).values_list("action", flat=True))
    assert {"role_grant", "role_revoke"} <= actions


def test_it_refuses_the_security_admin_grants_to_itself(cast, client):
    login(client, cast.security)
    response = _grant(client, cast.security, Role.TOWNSHIP_CLERK, cast.a)
    assert response.status_code == 200
    assert "不能给自己分配角色" in response.content.decode()
    assert list(RoleAssignment.objects.filter(user=cast.security).values_list("role", flat=True)) == [
        Role.SECURITY_ADMIN
    ]
    with pytest.raises(ValidationError):
        role_revoke(actor=cast.security, assignment=RoleAssignment.objects.get(user=cast.security))


@pytest.mark.parametrize(
    "holder, role, org",
    [
        ("auditor", Role.SYSADMIN, "district"),
        ("sysadmin", Role.SECURITY_ADMIN, "district"),
        ("sysadmin", Role.TOWNSHIP_CLERK, "a"),
        ("clerk", Role.AUDITOR, "district"),
    ],
)
def test_it_never_lets_one_account_hold_two_of_the_three(cast, holder, role, org):
    with pytest.raises(ValidationError):
        role_grant(
            actor=cast.security, user=getattr(cast, holder), role=role, organisation=getattr(cast, org)
        )
    assert not RoleAssignment.objects.filter(user=getattr(cast, holder), role=role).exists()


def test_it_lets_only_the_security_admin_grant_in_the_service(cast):
    for actor in (cast.sysadmin, cast.auditor, cast.leader):
        with pytest.raises(PermissionDenied):
            role_grant(actor=actor, user=cast.clerk_b, role=Role.TOWNSHIP_LEADER, organisation=cast.b)


def test_it_lets_the_security_admin_unlock_an_account(cast, client):
    from axes.models import AccessFailureLog

    for _ in range(5):
        client.post(reverse("login"), {"username": "clerk", "password": "falsch"})
    assert AccessFailureLog.objects.filter(username="clerk").count() == 5
    assert AuditEvent.objects.filter(action="lockout", username="clerk").exists()
    login(client, cast.security)
    client.post(reverse("admin-user-unlock", kwargs={"pk": cast.clerk.pk}))
    client.logout()
    response = client.post(reverse("login"), {"username": "clerk", "password": f.PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="unlock", object_id=str(cast.clerk.pk)).exists()


def test_it_shows_the_administrators_no_business_records(cast, records, client):
    for user in (cast.sysadmin, cast.security, cast.auditor):
        login(client, user)
        assert client.get(reverse("home")).context["cards"] == []
        detail = reverse("ledger-detail", kwargs={"ledger": "disputes", "pk": records.a1.pk})
        assert client.get(detail).status_code in (403, 404)
