"""The leader's steps: approve and submit need a confirmation and keep a comment; 退回经办人 with
comments shows on the draft and as a notice on the clerk's home page until a new version is saved;
the district's 退回意见 disappears once a later submission is accepted."""

import pytest
from django.urls import reverse

from conftest import login
from fazhi.reports import services, workflow
from fazhi.reports.models import NoteKind, ReportNote

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _url(name, cast):
    return reverse(name, args=[cast.a.pk, YEAR])


def _report(cast):
    return services.report_start(township=cast.a, year=YEAR, user=cast.clerk)


def test_it_refuses_an_unconfirmed_approval(client, cast):
    report = _report(cast)
    login(client, cast.leader)
    client.post(_url("report-approve", cast), {"version": 1, "comment": "同意", "confirmed": "1"})
    assert services.latest_approved(report) is None
    client.post(
        _url("report-approve", cast), {"version": 1, "comment": "同意", "confirm": "1", "confirmed": "1"}
    )
    assert services.latest_approved(report).number == 1
    note = ReportNote.objects.get(kind=NoteKind.APPROVE)
    assert note.comment == "同意" and note.author == cast.leader


def test_it_refuses_an_unconfirmed_submission(client, cast):
    report = _report(cast)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    login(client, cast.leader)
    client.post(_url("report-submit", cast), {"comment": "请审阅"})
    assert not report.submissions.exists()
    client.post(_url("report-submit", cast), {"comment": "请审阅", "confirm": "1"})
    assert (
        report.submissions.count() == 1 and ReportNote.objects.get(kind=NoteKind.SUBMIT).comment == "请审阅"
    )


def test_it_returns_a_draft_to_the_clerk_with_a_notice(client, cast):
    report = _report(cast)
    login(client, cast.leader)
    client.post(_url("report-return-clerk", cast), {"comment": ""})
    assert not ReportNote.objects.exists()
    client.post(_url("report-return-clerk", cast), {"comment": "第二部分请补充调解数据"})
    login(client, cast.clerk)
    home = client.get(reverse("home")).content.decode()
    assert "第二部分请补充调解数据" in home and "去修改" in home
    draft = client.get(_url("report-draft", cast)).content.decode()
    assert 'data-testid="leader-return"' in draft
    services.draft_refresh(report=report, user=cast.clerk)  # the clerk's next version answers the return
    assert "第二部分请补充调解数据" not in client.get(reverse("home")).content.decode()


def test_it_keeps_returns_from_the_clerk_and_outsiders(client, cast):
    _report(cast)
    login(client, cast.clerk)
    client.post(_url("report-return-clerk", cast), {"comment": "x"})
    assert not ReportNote.objects.exists()


def test_it_clears_the_district_return_banner_after_acceptance(client, cast):
    report = _report(cast)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    first = services.report_submit(report=report, user=cast.leader)
    services.submission_return(submission=first, user=cast.reviewer, comments="请补充出庭应诉情况")
    assert workflow.report_notices(cast.clerk)
    page = login(client, cast.clerk).get(_url("report-draft", cast)).content.decode()
    assert "请补充出庭应诉情况" in page
    second = services.report_submit(report=report, user=cast.leader)
    services.submission_accept(submission=second, user=cast.reviewer)
    page = client.get(_url("report-draft", cast)).content.decode()
    assert "请补充出庭应诉情况" not in page
    assert not workflow.report_notices(cast.clerk)
