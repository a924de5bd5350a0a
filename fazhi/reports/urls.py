from django.urls import path

from . import approval, frozen, views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<int:township_id>/settings/", views.report_settings, name="report-settings"),
    path("<int:township_id>/start/", views.report_start, name="report-start"),
    path("<int:township_id>/<int:year>/", views.report_draft, name="report-draft"),
    path("<int:township_id>/<int:year>/save/", views.report_save, name="report-save"),
    path("<int:township_id>/<int:year>/refresh/", views.report_refresh, name="report-refresh"),
    path("<int:township_id>/<int:year>/approve/", approval.report_approve, name="report-approve"),
    path(
        "<int:township_id>/<int:year>/approve/check/<int:job>/",
        approval.report_approve_check,
        name="report-approve-check",
    ),
    path("<int:township_id>/<int:year>/submit/", views.report_submit, name="report-submit"),
    path("<int:township_id>/<int:year>/return/", views.report_return_clerk, name="report-return-clerk"),
    path("<int:township_id>/<int:year>/publish/", views.report_publish, name="report-publish"),
    path("<int:township_id>/<int:year>/view/", views.report_view, name="report-view"),
    path(
        "<int:township_id>/<int:year>/v<int:number>/figures/<slug:slot>/",
        frozen.frozen_records,
        name="report-frozen-records",
    ),
    path("<int:township_id>/<int:year>/download/<str:fmt>/", views.report_download, name="report-download"),
    path("<int:township_id>/<int:year>/review/", views.report_return, name="report-review"),
]
