from django.urls import path

from . import indicator_views, status_views, views

urlpatterns = [
    path("", views.district_overview, name="district-overview"),
    path("reports/", status_views.status_board, name="district-status"),
    path("reports/<int:pk>/review/", status_views.submission_review, name="district-submission-review"),
    path("indicators/", indicator_views.indicator_assessment, name="district-indicators"),
    path("indicators/load/", indicator_views.indicator_load, name="district-indicator-load"),
    path("indicators/<int:pk>/edit/", indicator_views.indicator_edit, name="district-indicator-edit"),
    path("settings/", views.overview_settings, name="district-overview-settings"),
]
