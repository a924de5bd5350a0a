"""Each role's home page: the district's desk, the leader's 看板, the clerk's 待办, the cadre's village."""

from datetime import date

import pytest
from django.utils import timezone

from conftest import login
from fazhi.reports import services
from fazhi.reports.models import SubmissionStatus
from tests import factories as f


@pytest.fixture
def home_data(cast):
    today = timezone.localdate()
    f.DisputeFactory(township=cast.a, village=cast.a1, received_on=today.replace(month=1, day=2))
    f.DisputeFactory(township=cast.a, village=cast.a2, received_on=date(today.year - 1, 1, 3))
    f.DisputeFactory(township=cast.b, village=cast.b1, received_on=today.replace(month=1, day=2))
    return cast


def test_the_reviewer_gets_the_overview_and_the_status_board(client, home_data):
    login(client, home_data.reviewer)
    html = client.get("/").content.decode()
    assert "区级工作台" in html and "报送情况" in html and 'data-testid="overview-table"' in html
    assert "青山镇" in html and "清河镇" in html and "需关注" in html


def test_the_leader_gets_a_kanban_this_year_against_last(client, home_data):
    c = home_data
    login(client, c.leader)
    response = client.get("/")
    html = response.content.decode()
    assert "看板" in html and 'id="count-chart"' in html and 'id="count-data"' in html
    counts = {label: (now.value, before.value) for label, now, before in response.context["counts"]}
    assert counts["矛盾纠纷"] == (1, 1)  # 清河镇's dispute is not 青山镇's
    report = services.report_start(township=c.a, year=timezone.localdate().year - 1, user=c.clerk)
    html = client.get("/").content.decode()
    assert "第1版待审批" in html and "起草中" in html
    assert report.pk


def test_the_clerk_gets_the_todo_list_with_returned_reports(client, home_data):
    c = home_data
    year = timezone.localdate().year - 1
    report = services.report_start(township=c.a, year=year, user=c.clerk)
    services.version_approve(version=services.latest_version(report), user=c.leader)
    submission = services.report_submit(report=report, user=c.leader)
    services.submission_return(submission=submission, user=c.reviewer, comments="请补充第一责任人履职情况")
    assert submission.__class__.objects.get(pk=submission.pk).status == SubmissionStatus.RETURNED
    login(client, c.clerk)
    html = client.get("/").content.decode()
    assert "待办" in html and "请补充第一责任人履职情况" in html and "等待办理下一步的记录" in html
    login(client, c.clerk_b)
    assert "请补充第一责任人履职情况" not in client.get("/").content.decode()


def test_the_cadre_sees_only_its_village(client, home_data):
    login(client, home_data.cadre)
    response = client.get("/")
    html = response.content.decode()
    assert "青山村工作台" in html and "红星村" not in html
    accepted, _before = response.context["figures"][0]
    assert accepted.value == 1  # the A1 dispute of this year; A2's and B's are not the village's
