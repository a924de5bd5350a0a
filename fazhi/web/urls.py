from django.contrib.auth import views as auth_views
from django.urls import path

from . import admin_users, audit_views, categories, otp_views, security_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change_required, name="password-change"),
    path("account/otp/setup/", otp_views.otp_setup, name="otp-setup"),
    path("account/otp/verify/", otp_views.otp_verify, name="otp-verify"),
    path("admin/users/<int:pk>/otp-reset/", otp_views.otp_reset_view, name="admin-user-otp-reset"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("audit/export/", audit_views.audit_export, name="audit-export"),
    path("admin/users/", admin_users.admin_users, name="admin-users"),
    path("admin/users/new/", admin_users.admin_user_edit, name="admin-user-new"),
    path("admin/users/<int:pk>/", admin_users.admin_user_edit, name="admin-user-edit"),
    path("admin/users/<int:pk>/unlock/", admin_users.admin_user_unlock, name="admin-user-unlock"),
    path("admin/security/", security_views.security_settings, name="security-settings"),
    path("admin/roles/<int:pk>/remove/", admin_users.admin_role_remove, name="admin-role-remove"),
    path("categories/", categories.category_lists, name="categories"),
    path("categories/defaults/", categories.category_defaults, name="category-defaults"),
    path("categories/<slug:list_key>/add/", categories.category_create, name="category-add"),
    path("categories/entry/<int:pk>/", categories.category_toggle, name="category-toggle"),
    path("admin/orgs/", views.admin_orgs, name="admin-orgs"),
    path("admin/orgs/new/", views.admin_org_edit, name="admin-org-new"),
    path("admin/orgs/<int:pk>/", views.admin_org_edit, name="admin-org-edit"),
]
