"""The shared cast of the tests: one user per role in township A, a cadre of village A1 and a clerk of
township B. Who may see what: everybody in A sees A's records (the cadre only A1's); the clerk of B
sees nothing of A, and A's people nothing of B; 系统管理员 and 审计员 see no business records."""

from datetime import date
from types import SimpleNamespace

import pytest

from fazhi.orgs.roles import Role
from tests import factories as f


@pytest.fixture
def cast(db):
    district = f.district()
    a = f.township(district, "青山镇", "青山")
    a1 = f.village(a, "青山村")
    a2 = f.village(a, "红星村")
    a1g1 = f.group(a1, "青山村1组")
    b = f.township(district, "清河镇", "清河")
    b1 = f.village(b, "清河村")
    other_district = f.district("远山区")
    return SimpleNamespace(
        district=district,
        a=a,
        a1=a1,
        a2=a2,
        a1g1=a1g1,
        b=b,
        b1=b1,
        other_district=other_district,
        reviewer=f.user_with_role("reviewer", Role.DISTRICT_REVIEWER, district),
        leader=f.user_with_role("leader", Role.TOWNSHIP_LEADER, a),
        clerk=f.user_with_role("clerk", Role.TOWNSHIP_CLERK, a),
        advisor=f.user_with_role("advisor", Role.LEGAL_ADVISOR, a),
        cadre=f.user_with_role("cadre", Role.VILLAGE_CADRE, a1),
        sysadmin=f.user_with_role("sysadmin", Role.SYSADMIN, district),
        auditor=f.user_with_role("auditor", Role.AUDITOR, district),
        clerk_b=f.user_with_role("clerk_b", Role.TOWNSHIP_CLERK, b),
        outsider_reviewer=f.user_with_role("far_reviewer", Role.DISTRICT_REVIEWER, other_district),
    )


@pytest.fixture
def records(cast):
    """A dispute in A1 (with a party), one in A2, one in B."""
    d_a1 = f.DisputeFactory(township=cast.a, village=cast.a1, received_on=date(2025, 3, 1))
    f.DisputePartyFactory(dispute=d_a1)
    d_a2 = f.DisputeFactory(township=cast.a, village=cast.a2, received_on=date(2025, 4, 1))
    d_b = f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(2025, 5, 1))
    return SimpleNamespace(a1=d_a1, a2=d_a2, b=d_b)


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
