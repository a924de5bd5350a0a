"""The figures page and the records behind each figure: scoped to the user, 404 for outsiders."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login
from fazhi.disputes.models import Dispute
from fazhi.metrics.registry import registry
from fazhi.metrics.tests.data import build

URL = "/metrics/"
Y2025 = {"year": "2025"}


def _orgs(html: str) -> list[str]:
    select = re.search(r'name="org".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def _value(html: str, metric_id: str) -> str:
    row = re.search(rf'<tr id="metric-{re.escape(metric_id)}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'class="metric-value"[^>]*>([^<]*)<', row).group(1)


@pytest.fixture
def data(cast):
    build(cast, "disputes")
    build(cast, "disputes", township=cast.b, clerk=cast.clerk_b, seed=8)
    return cast


def test_it_lists_every_metric_with_its_value_for_the_leader(client, data):
    html = login(client, data.leader).get(URL, Y2025).content.decode()
    for metric in registry.all(2025):
        assert f'id="metric-{metric.id}"' in html
        assert metric.definition in html
    accepted = Dispute.objects.filter(township=data.a, voided=False, received_on__year=2025).count()
    assert _value(html, "disputes.accepted") == str(accepted)


def test_it_shows_a_village_cadre_only_its_village(client, data):
    login(client, data.cadre)
    html = client.get(URL, Y2025).content.decode()
    in_a1 = Dispute.objects.filter(village=data.a1, voided=False, received_on__year=2025).count()
    assert _value(html, "disputes.accepted") == str(in_a1)
    assert _orgs(html) == [str(data.a1.pk)]
    assert 'id="metric-legalservice.advisor_coverage"' not in html  # a township-level ledger
    for org in (data.a, data.a2, data.b, data.district):
        assert client.get(URL, {**Y2025, "org": org.pk}).status_code == 404
        assert client.get(f"{URL}disputes.accepted/records/", {"org": org.pk}).status_code == 404


def test_it_gives_the_reviewer_its_district_and_townships_only(client, data):
    login(client, data.reviewer)
    html = client.get(URL, {**Y2025, "org": data.district.pk}).content.decode()
    total = Dispute.objects.filter(
        township__district=data.district, voided=False, received_on__year=2025
    ).count()
    assert _value(html, "disputes.accepted") == str(total)
    options = set(_orgs(html))
    assert options == {str(data.district.pk), str(data.a.pk), str(data.b.pk)}
    assert client.get(URL, {"org": data.a1.pk}).status_code == 404
    login(client, data.outsider_reviewer)
    assert client.get(URL, {"org": data.a.pk}).status_code == 404
    assert client.get(f"{URL}disputes.accepted/records/", {"org": data.a.pk}).status_code == 404


def test_it_gives_404_to_users_without_business_records(client, data):
    for user in (data.sysadmin, data.auditor):
        assert login(client, user).get(URL).status_code == 404


def test_it_lists_the_records_behind_a_figure_with_links(client, data):
    login(client, data.clerk)
    params = {"org": data.a.pk, "start": "2025-01-01", "end": "2025-12-31", "as_of": "2025-12-31"}
    response = client.get(f"{URL}disputes.accepted/records/", params)
    html = response.content.decode()
    mine = Dispute.objects.filter(township=data.a, voided=False, received_on__year=2025)
    links = set(re.findall(r'href="/ledger/disputes/(\d+)/"', html))
    assert response.status_code == 200 and len(links) == min(50, mine.count())
    assert links <= {str(pk) for pk in mine.values_list("pk", flat=True)}
    page2 = client.get(f"{URL}disputes.accepted/records/", {**params, "page": 2}).content.decode()
    assert set(re.findall(r'href="/ledger/disputes/(\d+)/"', page2)) | links == {str(d.pk) for d in mine}
    assert client.get(f"{URL}no.such.metric/records/", params).status_code == 404


def test_it_explains_bad_period_input_in_chinese(client, data):
    login(client, data.leader)
    html = client.get(URL, {"year": "abc"}).content.decode()
    assert "年度应为数字" in html
    html = client.get(URL, {"start": "2025-05-01", "end": "2025-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in html


def test_it_keeps_the_page_query_count_bounded(client, cast):
    login(client, cast.leader)
    with CaptureQueriesContext(connection) as empty:
        client.get(URL, Y2025)
    build(cast, "disputes")
    with CaptureQueriesContext(connection) as full:
        assert client.get(URL, Y2025).status_code == 200
    assert len(full) == len(empty) <= 43  # one query per custom metric
