from django.contrib.auth import views as auth_views
from django.urls import path

from . import categories, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("audit/", views.audit_log, name="audit-log"),
    path("admin/users/", views.admin_users, name="admin-users"),
    path("admin/users/new/", views.admin_user_edit, name="admin-user-new"),
    path("admin/users/<int:pk>/", views.admin_user_edit, name="admin-user-edit"),
    path("admin/roles/<int:pk>/remove/", views.admin_role_remove, name="admin-role-remove"),
    path("categories/", categories.category_lists, name="categories"),
    path("categories/defaults/", categories.category_defaults, name="category-defaults"),
    path("categories/<slug:list_key>/add/", categories.category_create, name="category-add"),
    path("categories/entry/<int:pk>/", categories.category_toggle, name="category-toggle"),
    path("admin/orgs/", views.admin_orgs, name="admin-orgs"),
    path("admin/orgs/new/", views.admin_org_edit, name="admin-org-new"),
    path("admin/orgs/<int:pk>/", views.admin_org_edit, name="admin-org-edit"),
]
