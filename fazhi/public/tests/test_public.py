"""Public pages (domain.md §10): published reports and 行政执法公示 without sign-in, personal data
left out; every other route refuses an anonymous visitor."""

import re
from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from fazhi.core.rawwrites import allow_raw_writes
from fazhi.deadlines.engine import get_calendar
from fazhi.enforcement.choices import CaseKind, PartyType
from fazhi.enforcement.models import EnforcementCase
from fazhi.enforcement.tests.samples import make_case
from fazhi.reports import services

YEAR = 2025


def _workdays_ago(n: int) -> date:
    """The day n working days before today (today not counted)."""
    day, calendar = timezone.localdate(), get_calendar()
    while n:
        day -= timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def _published_case(cast, published_on=None, **overrides):
    published_on = published_on or _workdays_ago(1)
    case = make_case(cast, **overrides)
    with allow_raw_writes():
        EnforcementCase.objects.filter(pk=case.pk).update(
            decided_on=published_on - timedelta(days=3), published_on=published_on, decision="罚款2000元"
        )
    return case


def _published_report(cast, published_on=date(2026, 3, 20)):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    return services.report_publish(
        report=report, user=cast.clerk, published_on=published_on, address="青山镇政府网站"
    )


def test_it_lists_published_cases_with_the_name_masked(cast, client):
    _published_case(cast)
    _published_case(
        cast,
        party_type=PartyType.ORGANISATION,
        party_name="青山养殖有限公司",
        party_id_number="",
        party_credit_code="91500101MA5U7XXX1X",
    )
    unpublished = make_case(cast, party_name="王未公")
    page = client.get(reverse("public-township", args=[cast.a.pk])).content.decode()
    assert "李**" in page and "李建国" not in page
    assert "青山养殖有限公司" in page
    assert "500101198005170014" not in page and "13800138000" not in page and "青山村3组12号" not in page
    assert "91500101MA5U7XXX1X" not in page
    assert unpublished.case_number not in page and "王未公" not in page
    assert _workdays_ago(1).isoformat() in page


@pytest.mark.parametrize(
    "kind,limit", [(CaseKind.PENALTY, 7), (CaseKind.LICENSING, 7), (CaseKind.INSPECTION, 20)]
)
def test_an_entry_leaves_the_page_when_its_public_window_has_passed(cast, client, kind, limit):
    """7 working days for 行政许可/行政处罚, 20 for the other kinds, counted from publication."""
    last_day = _published_case(cast, _workdays_ago(limit), kind=kind, party_name="王在期")
    passed = _published_case(cast, _workdays_ago(limit + 1), kind=kind, party_name="赵过期")
    page = client.get(reverse("public-township", args=[cast.a.pk])).content.decode()
    assert last_day.case_number in page and "王**" in page
    assert passed.case_number not in page and "赵**" not in page


def test_a_township_with_only_past_entries_is_not_listed(cast, client):
    _published_case(cast, _workdays_ago(30), kind=CaseKind.INSPECTION)
    assert cast.a.name not in client.get(reverse("public-index")).content.decode()
    assert client.get(reverse("public-township", args=[cast.a.pk])).status_code == 404


def test_it_keeps_voided_and_other_townships_cases_off_the_page(cast, client):
    from fazhi.core.services import record_void

    case = _published_case(cast)
    record_void(spec=case.ledger_spec, record=case, user=cast.clerk, reason="录入错误")
    response = client.get(reverse("public-township", args=[cast.a.pk]))
    assert response.status_code == 404 or case.case_number not in response.content.decode()
    assert client.get(reverse("public-township", args=[cast.b.pk])).status_code == 404


def test_it_publishes_the_approved_report_with_its_date(cast, client):
    _published_report(cast)
    page = client.get(reverse("public-township", args=[cast.a.pk])).content.decode()
    assert f"{YEAR}年度法治政府建设情况报告" in page and "公开日期：2026-03-20" in page
    report = client.get(reverse("public-report", args=[cast.a.pk, YEAR]))
    assert report.status_code == 200
    text = report.content.decode()
    assert "关于2025年度法治政府建设情况的报告" in text and "{" not in re.sub(r"<[^>]+>", "", text)
    assert cast.a.name in client.get(reverse("public-index")).content.decode()


def test_it_does_not_publish_an_unpublished_report(cast, client):
    report = services.report_start(township=cast.a, year=YEAR, user=cast.clerk)
    services.version_approve(version=services.latest_version(report), user=cast.leader)
    assert client.get(reverse("public-report", args=[cast.a.pk, YEAR])).status_code == 404


def _patterns(resolvers, prefix=""):
    for p in resolvers:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


SAMPLES = {
    "int": "1",
    "slug": "disputes",
    "str": "disputes",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
PUBLIC = re.compile(r"^/(public/|login/$|logout/$)")


def _url(pattern: str) -> str:
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], pattern)
    url = url.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "1", url)
    return "/" + url


@pytest.mark.django_db
def test_it_refuses_every_other_route_to_an_anonymous_visitor(cast, client):
    _published_report(cast)
    _published_case(cast)
    checked = 0
    for pattern in _patterns(get_resolver().url_patterns):
        url = _url(pattern)
        if PUBLIC.match(url):
            continue
        for method in (client.get, client.post):
            response = method(url)
            checked += 1
            assert response.status_code in (302, 401, 403, 404, 405), (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/login/"), url
            body = response.content.decode(errors="replace")
            assert "李建国" not in body and "500101198005170014" not in body, url
    assert checked > 60
