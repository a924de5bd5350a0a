"""The 安全管理员's day at the desk (1366 px): second factor, grant and remove a role, no grant to oneself,
unlock a locked account, reset another user's second factor, change a security setting."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.orgs.models import RoleAssignment
from fazhi.orgs.roles import Role
from fazhi.securitypolicy.models import SecurityPolicy
from tests.factories import PASSWORD

from .journey import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(username: str, password: str) -> bool:
    response = Client(REMOTE_ADDR="10.0.0.20").post(
        reverse("login"), {"username": username, "password": password}
    )
    return response.status_code == 302 and response.url == reverse("home")


def test_the_security_administrator(cast, live_server, browser, artifacts):
    for _ in range(5):  # the clerk mistypes the password until the account locks
        _sign_in("clerk", "wrong-Password1")
    assert not _sign_in("clerk", PASSWORD)
    TOTPDevice.objects.create(user=cast.reviewer, name="旧手机", confirmed=True)

    j = Journey(browser, live_server, artifacts, "security")
    j.login("security")  # passes the TOTP second factor
    j.check("home")
    page = j.page
    assert "统计口径" not in page.content() and "矛盾纠纷" not in page.content()
    page.click("#sidebar a:has-text('用户与角色')")
    page.wait_for_selector("text=clerk")
    j.check("users")

    # Grant the clerk the 乡镇领导 role of 青山镇, then remove it again.
    j.visit(f"/admin/users/{cast.clerk.pk}/", "clerk")
    page.select_option("#id_role", Role.TOWNSHIP_LEADER.value)
    page.select_option("#id_organisation", str(cast.a.pk))
    page.click("button[name=add_role]")
    page.wait_for_selector("text=角色已分配")
    j.check("role-granted")
    granted = RoleAssignment.objects.get(user=cast.clerk, role=Role.TOWNSHIP_LEADER)
    page.click(f"form[action='/admin/roles/{granted.pk}/remove/'] button")
    page.wait_for_selector("text=角色已移除")
    j.check("role-removed")
    assert not RoleAssignment.objects.filter(user=cast.clerk, role=Role.TOWNSHIP_LEADER).exists()
    assert "授予" in page.content() and "移除" in page.content()  # 角色变更记录

    # Unlock the clerk, who can then sign in.
    page.click("button:has-text('解除登录锁定')")
    page.wait_for_selector("text=已解除登录锁定")
    j.check("unlocked")
    assert _sign_in("clerk", PASSWORD)

    # No role for oneself: the page offers none and says why.
    j.visit(f"/admin/users/{cast.security.pk}/", "self")
    assert page.locator("button[name=add_role]").count() == 0
    assert "不能分配给本人" in page.content()

    # The reviewer lost the phone: reset the second factor.
    j.visit(f"/admin/users/{cast.reviewer.pk}/", "reviewer")
    page.click("button:has-text('重置双因素认证')")
    page.wait_for_selector("text=已重置双因素认证")
    j.check("otp-reset")
    assert not TOTPDevice.objects.filter(user=cast.reviewer).exists()

    # Tighten the lockout: a value below the minimum is refused in Chinese, then a valid one is saved.
    page.click("#sidebar a:has-text('安全设置')")
    page.wait_for_selector("[data-testid=security-settings-form]")
    j.check("settings")
    page.fill("#id_audit_retention_days", "90")
    page.click("[data-testid=security-settings-form] button")
    page.wait_for_selector("text=不能少于183天")
    j.check("settings-refused")
    assert not SecurityPolicy.objects.exists()
    page.fill("#id_audit_retention_days", "365")
    page.fill("#id_lockout_failures", "4")
    page.click("[data-testid=security-settings-form] button")
    page.wait_for_selector("text=安全设置已保存")
    j.check("settings-saved")
    assert SecurityPolicy.objects.get().lockout_failures == 4
    assert "登录失败锁定次数：5 → 4" in page.inner_text("[data-testid=security-settings-history]")
    j.close()
