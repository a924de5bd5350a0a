"""Pages: who may open what (outsiders 404), editing through the form, the HTML view's figure links,
downloads, and the district reviewer's read-only view with return."""

import pytest
from django.urls import reverse

from conftest import login
from fazhi.reports import services
from fazhi.reports.models import Report, ReportSettings, SubmissionStatus

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _url(name, cast, *extra):
    return reverse(name, args=[cast.a.pk, YEAR, *extra])


def _submitted(cast):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    services.report_submit(report=report, user=cast.leader)
    return report


def test_it_lets_the_clerk_generate_and_edit_the_draft(client, cast, data):
    login(client, cast.clerk)
    response = client.post(reverse("report-start", args=[cast.a.pk]), {"year": YEAR})
    assert response.status_code == 302
    page = client.get(_url("report-draft", cast))
    assert page.status_code == 200 and "刷新数据" in page.content.decode()
    report = Report.objects.get()
    version = services.latest_version(report)
    section_i, para_j = 2, 0
    text = version.body["sections"][section_i]["paragraphs"][para_j]["text"]
    response = client.post(
        _url("report-save", cast),
        {"base": 1, f"para-{section_i}-{para_j}": "经手工修改。" + text, "heading-1": "主要工作及成效"},
    )
    assert response.status_code == 302
    v2 = services.latest_version(report)
    assert v2.number == 2 and v2.author == cast.clerk
    assert v2.body["sections"][section_i]["paragraphs"][para_j]["text"].startswith("经手工修改。")
    assert v2.body["sections"][section_i]["paragraphs"][para_j]["edited"] is True


def test_it_shows_a_clear_message_for_a_bad_edit(client, cast, data):
    login(client, cast.clerk)
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    response = client.post(_url("report-save", cast), {"base": 1, "para-2-0": "{f999}"}, follow=True)
    assert "没有对应的数据" in response.content.decode()
    assert report.versions.count() == 1
    response = client.post(reverse("report-settings", args=[cast.a.pk]), {"party_committee": ""}, follow=True)
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not ReportSettings.objects.exists()


def test_it_links_every_figure_to_its_records(client, cast, data):
    login(client, cast.leader)
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    html = client.get(_url("report-view", cast)).content.decode()
    figures = services.latest_version(report).body["figures"]
    for fig in figures.values():
        link = f'href="/metrics/{fig["metric"]}/records/?org={cast.a.pk}&amp;start={YEAR}-01-01&amp;end={YEAR}-12-31'
        assert link in html, fig["metric"]
    records = client.get(
        f"/metrics/disputes.accepted/records/?org={cast.a.pk}&start={YEAR}-01-01&end={YEAR}-12-31"
    )
    assert records.status_code == 200


def test_it_downloads_each_format(client, cast, data):
    login(client, cast.leader)
    services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    for fmt in ("docx", "md", "txt"):
        response = client.get(_url("report-download", cast, fmt))
        assert response.status_code == 200 and len(response.content) > 500
    assert client.get(_url("report-download", cast, "pdf")).status_code == 404


def test_it_hides_reports_from_outsiders(client, cast, data):
    report = _submitted(cast)
    assert report.submissions.exists()
    urls = [
        _url("report-draft", cast),
        _url("report-view", cast),
        _url("report-download", cast, "docx"),
        reverse("report-settings", args=[cast.a.pk]),
    ]
    for user in (cast.clerk_b, cast.cadre, cast.advisor, cast.sysadmin, cast.auditor, cast.outsider_reviewer):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(_url("report-save", cast), {"base": 1}).status_code == 404
        assert client.post(_url("report-approve", cast), {"version": 1}).status_code == 404
        assert client.post(_url("report-review", cast), {"comments": "x"}).status_code == 404
    # The reviewer reads the submission but cannot open the editing page.
    login(client, cast.reviewer)
    assert client.get(_url("report-draft", cast)).status_code == 404
    assert client.post(_url("report-save", cast), {"base": 1}).status_code == 404


def test_it_hides_an_unsubmitted_report_from_the_reviewer(client, cast, data):
    services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    login(client, cast.reviewer)
    assert client.get(_url("report-view", cast)).status_code == 404


def test_it_shows_the_submission_to_the_reviewer_who_returns_it(client, cast, data):
    report = _submitted(cast)
    login(client, cast.reviewer)
    index = client.get(reverse("report-index")).content.decode()
    assert "青山镇" in index and ("按时" in index or "逾期" in index)
    page = client.get(_url("report-view", cast)).content.decode()
    assert "区级只读" in page and "退回修改" in page and "/metrics/" in page
    response = client.post(_url("report-review", cast), {"action": "return", "comments": ""}, follow=True)
    assert "请填写退回意见" in response.content.decode()
    client.post(_url("report-review", cast), {"action": "return", "comments": "请补充执法情况"})
    sub = report.submissions.get()
    assert sub.status == SubmissionStatus.RETURNED and sub.comments == "请补充执法情况"
    login(client, cast.leader)
    assert "请补充执法情况" in client.get(_url("report-draft", cast)).content.decode()


def test_it_shows_the_sidebar_link_to_report_roles_only(client, cast):
    for user, shown in (
        (cast.clerk, True),
        (cast.reviewer, True),
        (cast.cadre, False),
        (cast.auditor, False),
    ):
        login(client, user)
        assert ("年度报告" in client.get("/").content.decode()) is shown, user


def test_it_lists_what_refresh_changed(client, cast, data):
    from fazhi.core.services import record_void

    login(client, cast.clerk)
    services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    record_void(
        spec=data.activities[0].ledger_spec, record=data.activities[0], user=cast.clerk, reason="错录"
    )
    stale = client.get(_url("report-draft", cast)).content.decode()
    assert "台账数据已有变化" in stale and "草稿中 15册，台账现为 5册" in stale
    page = client.post(_url("report-refresh", cast), follow=True).content.decode()
    assert "刷新数据：" in page and "15册 → 5册" in page and "台账数据已有变化" not in page
