"""Record forms and lists: wide 身份证号, 村民小组 tied to villages, party rows, metric records."""

import re

from django.urls import reverse

from conftest import login
from fazhi.disputes.tests.samples import dispute


def _form(client, cast):
    return login(client, cast.clerk).get(reverse("ledger-create", args=["disputes"])).content.decode()


def test_it_gives_the_id_number_a_wide_box(cast, client):
    page = _form(client, cast)
    box = re.search(r'<div class="mb-2 (col-md-\d)">\s*<label[^>]*for="id_disputeparty-0-id_number"', page)
    assert box and box.group(1) == "col-md-3"


def test_it_tags_groups_with_their_village(cast, client):
    page = _form(client, cast)
    assert 'data-narrow-by="village"' in page
    assert re.search(rf'<option value="{cast.a1g1.pk}" data-village="{cast.a1.pk}"', page)
    assert "web/forms.js" in page


def test_it_defaults_party_rows_and_offers_another(cast, client):
    page = _form(client, cast)
    rows = re.findall(
        r'name="disputeparty-(\d+|__prefix__)-role".*?<option value="(\w+)" selected>', page, re.S
    )
    assert rows[0] == ("0", "applicant")
    assert ("__prefix__", "respondent") in rows
    assert "添加当事人" in page and 'id="empty-disputeparty"' in page


def test_it_describes_metric_records_without_repeating_the_number(cast, client):
    record = dispute(cast)
    url = reverse("metric-records", args=["disputes.accepted"])
    page = login(client, cast.clerk).get(url, {"org": cast.a.pk, "year": 2025}).content.decode()
    row = re.search(rf"<tr><td[^>]*><a [^>]*>{record.number}</a></td><td[^>]*>(.*?)</td>", page)
    assert row and row.group(1) != record.number
