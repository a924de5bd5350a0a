from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="public-index"),
    path("<int:township_id>/", views.township_page, name="public-township"),
    path("<int:township_id>/reports/<int:year>/", views.report_page, name="public-report"),
]
