"""Low 17: a Content-Security-Policy without inline script, no-store on everything that may carry
personal data, and the API schema only for signed-in users."""

import re

from django.urls import reverse

from fazhi.disputes.tests.samples import dispute
from tests.helpers import api_client


def _pages(cast, record):
    return [
        reverse("home"),
        reverse("ledger-list", args=["disputes"]),
        reverse("ledger-detail", args=["disputes", record.pk]),
        reverse("ledger-edit", args=["disputes", record.pk]),
        reverse("import-start", args=["disputes"]),
    ]


def test_pages_send_a_csp_that_forbids_inline_script_and_contain_none(cast, client):
    record = dispute(cast)
    client.force_login(cast.clerk)
    for url in _pages(cast, record):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert (
            "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        )
        body = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert not re.search(r"\son(click|change|submit|load)=", body), url


def test_pages_files_and_api_answers_are_not_stored(cast, client):
    record = dispute(cast)
    client.force_login(cast.clerk)
    urls = [*_pages(cast, record), reverse("export-list", args=["disputes"]) + "?full=1"]
    for url in urls:
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" in api_client(cast.clerk).get(f"/api/v1/disputes/{record.pk}/")["Cache-Control"]


def test_the_api_schema_and_docs_are_for_signed_in_users_only(cast, client):
    for url in ("/api/v1/docs", "/api/v1/openapi.json"):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url
    client.force_login(cast.clerk)
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
