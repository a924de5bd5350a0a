from django.urls import path

from . import views

urlpatterns = [
    path("<slug:ledger>/", views.ledger_list, name="ledger-list"),
    path("<slug:ledger>/new/", views.ledger_create, name="ledger-create"),
    path("<slug:ledger>/<int:pk>/", views.ledger_detail, name="ledger-detail"),
    path("<slug:ledger>/<int:pk>/edit/", views.ledger_edit, name="ledger-edit"),
    path("<slug:ledger>/<int:pk>/void/", views.ledger_void, name="ledger-void"),
    path("<slug:ledger>/<int:pk>/reveal/", views.ledger_reveal, name="ledger-reveal"),
    path("<slug:ledger>/<int:pk>/do/<slug:name>/", views.ledger_transition, name="ledger-transition"),
    path("<slug:ledger>/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path(
        "<slug:ledger>/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
