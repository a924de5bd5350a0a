from django.urls import include, path

from fazhi.api import api

urlpatterns = [
    path("", include("fazhi.web.urls")),
    path("ledger/", include("fazhi.core.urls")),
    path("api/v1/", api.urls),
]
