from django.urls import include, path

from fazhi.api import api

urlpatterns = [
    path("", include("fazhi.web.urls")),
    path("public/", include("fazhi.public.urls")),
    path("ledger/", include("fazhi.core.urls")),
    path("metrics/", include("fazhi.metrics.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("district/", include("fazhi.district.urls")),
    path("deadlines/", include("fazhi.deadlines.urls")),
    path("report-check/", include("fazhi.reportcheck.urls")),
    path("imports/", include("fazhi.imports.urls")),
    path("api/v1/", api.urls),
]

handler403 = "fazhi.web.errors.permission_denied"
handler404 = "fazhi.web.errors.page_not_found"
handler500 = "fazhi.web.errors.server_error"
