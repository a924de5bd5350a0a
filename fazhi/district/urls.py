from django.urls import path

from . import status_views, views

urlpatterns = [
    path("", views.district_overview, name="district-overview"),
    path("reports/", status_views.status_board, name="district-status"),
    path("reports/<int:pk>/review/", status_views.submission_review, name="district-submission-review"),
    path("settings/", views.overview_settings, name="district-overview-settings"),
]
