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
        "source": "reviewer",
        "text_date": None,
    }
    assert "晚于4月1日10天公开" in page.content.decode()


def test_the_reviewers_date_is_judged_again_and_survives_a_recheck(cast, client):
    row = _uploaded(client, cast.reviewer)
    url = f"/report-check/{row.pk}/publication/"
    client.post(url, {"published_on": "2025-03-20", "url": ""})
    row.refresh_from_db()
    assert (row.result["publication"]["on_time"], row.result["publication"]["days_late"]) == (True, 0)
    # Filing as another year judges both deadlines against that year, keeping the reviewer's date.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/report-check/{row.pk}/file/", {"township_name": "青山镇", "year": "2023"})
    row.refresh_from_db()
    assert row.status == "done"
    assert row.result["publication"]["date"] == "2025-03-20"
    assert row.result["publication"]["source"] == "reviewer"
    assert (row.result["publication"]["due"], row.result["publication"]["days_late"]) == ("2024-04-01", 353)
    assert row.result["deadline"] == {"due": "2024-03-01", "on_time": False, "days_late": 356}
    # Clearing the date brings back what the text says (here: nothing).
    client.post(url, {"published_on": "", "url": ""})
    row.refresh_from_db()
    assert row.result["publication"]["date"] is None and row.result["publication"]["on_time"] is None


def test_a_web_copys_own_date_comes_back_when_the_reviewers_is_cleared(cast, client):
    login(client, cast.reviewer)
    text = qingshan_2024().replace(
        "中共青山镇委员会\n青山镇人民政府\n\n", "发布时间：2025-04-11\n来源：青山镇人民政府\n", 1
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/report-check/", {"files": [SimpleUploadedFile("青山镇.txt", text.encode())]})
    row = ReportFile.objects.get()
    assert row.result["publication"]["date"] == "2025-04-11" and row.result["publication"]["on_time"] is False
    url = f"/report-check/{row.pk}/publication/"
    client.post(url, {"published_on": "2025-03-30", "url": "https://example.gov.cn/b.html"})
    row.refresh_from_db()
    assert (row.result["publication"]["date"], row.result["publication"]["on_time"]) == ("2025-03-30", True)
    client.post(url, {"published_on": "", "url": ""})
    row.refresh_from_db()
    assert (row.result["publication"]["date"], row.result["publication"]["on_time"]) == ("2025-04-11", False)


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
