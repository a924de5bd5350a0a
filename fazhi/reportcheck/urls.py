from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="reportcheck-index"),
    path("paste/", views.paste, name="reportcheck-paste"),
    path("filed.xlsx", views.filed_xlsx, name="reportcheck-filed-xlsx"),
    path("batch/<uuid:batch>/", views.batch, name="reportcheck-batch"),
    path("batch/<uuid:batch>/xlsx/", views.batch_xlsx, name="reportcheck-batch-xlsx"),
    path("<int:pk>/", views.detail, name="reportcheck-detail"),
    path("<int:pk>/file/", views.file_report, name="reportcheck-file"),
    path("<int:pk>/publication/", views.publication, name="reportcheck-publication"),
    path("<int:pk>/download/", views.download, name="reportcheck-download"),
    path("draft/<int:report_pk>/", views.draft, name="reportcheck-draft"),
    path("job/<int:pk>/", views.job, name="reportcheck-job"),
    path("job/<int:pk>/cancel/", views.job_cancel, name="reportcheck-job-cancel"),
    path("batch/<uuid:batch>/cancel/", views.batch_cancel, name="reportcheck-batch-cancel"),
    path("<int:pk>/cancel/", views.file_cancel, name="reportcheck-file-cancel"),
]
