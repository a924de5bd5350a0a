from django.urls import path

from . import views

urlpatterns = [
    path("<slug:ledger>/template/", views.template_download, name="import-template"),
    path("<slug:ledger>/", views.import_start, name="import-start"),
    path("<slug:ledger>/jobs/<int:pk>/", views.import_job, name="import-job"),
    path("<slug:ledger>/jobs/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("<slug:ledger>/jobs/<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
    path("<slug:ledger>/jobs/<int:pk>/mapping/", views.column_mapping, name="import-mapping"),
    path("<slug:ledger>/export/", views.export_list, name="export-list"),
]
