from django.urls import path

from . import views

urlpatterns = [
    path("", views.metric_list, name="metric-list"),
    path("<str:metric_id>/records/", views.metric_records, name="metric-records"),
]
