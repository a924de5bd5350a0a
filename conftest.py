"""The shared cast of the tests: one user per role in township A, a cadre of village A1 and a clerk of
township B. Who may see what: everybody in A sees A's records (the cadre only A1's); the clerk of B
sees nothing of A, and A's people nothing of B; the three administrators see no business records."""

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
        security=f.user_with_role("security", Role.SECURITY_ADMIN, district),
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


@pytest.fixture(autouse=True)
def _forced_logins_pass_the_second_factor():
    """`client.force_login` stands for a complete sign-in, second factor included; a real sign-in through
    the login page (request.path "/login/") still meets the two-factor pages."""
    from django.contrib.auth.signals import user_logged_in

    from fazhi.orgs.twofactor import otp_required

    def mark(sender, request, user, **kwargs):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if request is None or request.path != "":
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None or otp_required(user):
            device = device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
            request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id

    user_logged_in.connect(mark, dispatch_uid="fazhi-test-otp")
    yield
    user_logged_in.disconnect(dispatch_uid="fazhi-test-otp")


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _security_settings_read_afresh():
    """The security settings are remembered for a few seconds per process; a test starts without them."""
    from fazhi.securitypolicy.policy import assume_unsaved, forget

    assume_unsaved()
    yield
    forget()
