"""The overview page: who may open it (the district's reviewer only, read-only), the records links,
sorting and the .xlsx export."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from conftest import login
from fazhi.core.services import record_void
from fazhi.disputes.models import Dispute
from fazhi.district.models import OverviewSettings
from tests import factories as f


@pytest.fixture
def disputes(cast):
    for day in (date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)):
        f.DisputeFactory(township=cast.a, village=cast.a1, received_on=day)
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=date(2025, 6, 1))
    return cast


def test_it_shows_every_township_with_links_to_the_records(client, disputes):
    c = disputes
    login(client, c.reviewer)
    page = client.get("/district/?year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert "青山镇" in html and "清河镇" in html and "全区" in html and "中位数" in html
    assert f"/metrics/disputes.resolution_rate/records/?org={c.a.pk}&amp;start=2025-01-01" in html
    assert 'id="trend-data"' in html and "vendor/echarts/echarts.min.js" in html
    records = client.get(f"/metrics/disputes.accepted/records/?org={c.b.pk}&start=2025-01-01&end=2025-12-31")
    assert records.status_code == 200 and Dispute.objects.get(township=c.b).number in records.content.decode()


def test_it_sorts_by_a_column(client, disputes):
    login(client, disputes.reviewer)
    html = client.get("/district/?year=2025&sort=reviews.total&dir=asc").content.decode()
    assert html.index('data-township="青山镇"') < html.index('data-township="清河镇"')


def test_it_exports_the_table_as_xlsx(client, disputes):
    login(client, disputes.reviewer)
    response = client.get("/district/?year=2025&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert rows[1][0] == "乡镇" and rows[2][0] == "青山镇" and rows[3][0] == "清河镇"
    assert rows[4][0] == "区本级" and rows[5][0] == "全区" and rows[6][0] == "中位数"


def test_a_reviewer_reads_but_writes_none_of_the_townships_records(disputes):
    c = disputes
    assert Dispute.objects.restrict(c.reviewer).count() == 4
    for action in ("create", "change", "void"):
        assert not Dispute.objects.restrict(c.reviewer, action).exists()


def test_townships_and_other_districts_see_nothing_of_it(client, disputes):
    c = disputes
    for user in (c.leader, c.clerk, c.cadre, c.clerk_b, c.sysadmin, c.auditor):
        login(client, user)
        assert client.get("/district/").status_code == 404, user
    login(client, c.outsider_reviewer)
    page = client.get("/district/?year=2025")
    assert page.status_code == 200 and "青山镇" not in page.content.decode()
    assert client.get(f"/district/?district={c.district.pk}").status_code == 404
    assert client.get(f"/metrics/disputes.accepted/records/?org={c.a.pk}").status_code == 404


def test_the_sysadmin_sets_the_band(client, cast):
    login(client, cast.sysadmin)
    response = client.post("/district/settings/", {"rate_band": "5", "count_band": "30"})
    assert response.status_code == 302
    assert OverviewSettings.objects.get(district=cast.district).count_band == 30
    assert client.post("/district/settings/", {"rate_band": "500", "count_band": "30"}).status_code == 200
    login(client, cast.reviewer)
    assert client.get("/district/settings/").status_code == 403


def _accepted_cell(html: str, township: str) -> str:
    """The text of the township's 化解率 cell (its parts "resolved/accepted" when it has a denominator)."""
    row = html[html.index(f'data-township="{township}"') :]
    cell = row[row.index('data-metric="disputes.resolution_rate"') :]
    return cell[: cell.index("</td>")]


def test_the_stored_page_follows_a_change_to_the_records_and_to_the_band(client, disputes):
    """The reviewer's page is stored under the district's stamps: a record voided, or the band changed,
    shows on the next visit, and a repeated visit shows the same page."""
    c = disputes
    login(client, c.reviewer)
    first = client.get("/district/?year=2025").content.decode()
    assert client.get("/district/?year=2025").content.decode().count("0/3") == first.count("0/3")
    assert "0/3" in _accepted_cell(first, "青山镇")
    dispute = Dispute.objects.filter(township=c.a).first()
    record_void(spec=dispute.ledger_spec, record=dispute, user=c.clerk, reason="重复登记")
    after = client.get("/district/?year=2025").content.decode()
    assert "0/2" in _accepted_cell(after, "青山镇")
    OverviewSettings.objects.update_or_create(
        district=c.district, defaults={"rate_band": 7, "count_band": 40}
    )
    banded = client.get("/district/?year=2025").content.decode()
    assert "超过7" in banded and "超过40%" in banded


def test_hostile_query_parameters_change_nothing_and_are_not_echoed(client, disputes):
    c = disputes
    login(client, c.reviewer)
    plain = client.get("/district/?year=2025").content.decode()
    hostile = client.get("/district/?year=2025&sort=<script>alert(1)</script>&dir=\x00&x=" + "=SUM(A1)" * 500)
    html = hostile.content.decode()
    assert hostile.status_code == 200 and "<script>alert(1)</script>" not in html
    assert _accepted_cell(html, "青山镇") == _accepted_cell(plain, "青山镇")  # unknown sort: order kept
    bad_year = client.get("/district/?year=abc").content.decode()
    assert "已改为显示默认统计期" in bad_year
    other = f.district("别区")
    assert client.get(f"/district/?district={other.pk}&year=2025").status_code == 404
    assert client.get("/district/?district=%00&year=2025").status_code == 404
