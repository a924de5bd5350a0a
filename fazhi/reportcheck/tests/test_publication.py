"""The reviewer enters where and when a report was published; after 1 April it is late."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from conftest import login
from fazhi.reportcheck.models import ReportFile
from fazhi.reportcheck.tests.reports import qingshan_2024


def _uploaded(client, user):
    login(client, user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", qingshan_2024().encode())]})
    return ReportFile.objects.get()


def test_a_late_publication_entered_by_the_reviewer_is_reported(cast, client):
    row = _uploaded(client, cast.reviewer)
    url = f"/report-check/{row.pk}/publication/"
    page = client.post(
        url, {"published_on": "2025-04-11", "url": "https://example.gov.cn/a.html"}, follow=True
    )
    assert "已保存公开情况" in page.content.decode()
    row.refresh_from_db()
    assert row.published_on.isoformat() == "2025-04-11"
    assert row.result["publication"] == {
        "date": "2025-04-11",
        "url": "https://example.gov.cn/a.html",
        "due": "2025-04-01",
        "on_time": False,
        "days_late": 10,
    }
    assert "晚于4月1日10天公开" in page.content.decode()


def test_bad_publication_input_changes_nothing(cast, client):
    row = _uploaded(client, cast.reviewer)
    url = f"/report-check/{row.pk}/publication/"
    for data, message in (
        ({"published_on": "2025-13-01", "url": ""}, "公开日期不正确"),
        ({"published_on": "2025-03-01", "url": "javascript:alert(1)"}, "公开网址不正确"),
        ({"published_on": "2999-01-01", "url": ""}, "公开日期不能晚于今天"),
    ):
        assert message in client.post(url, data, follow=True).content.decode()
    row.refresh_from_db()
    assert (row.published_on, row.published_url) == (None, "")


def test_only_the_district_reviewer_enters_the_publication(cast, client):
    row = _uploaded(client, cast.clerk)
    page = client.post(f"/report-check/{row.pk}/publication/", {"published_on": "2025-03-01"}, follow=True)
    assert "只有区级督查可以填写公开情况" in page.content.decode()
    row.refresh_from_db()
    assert row.published_on is None
