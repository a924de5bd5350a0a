"""The district's own report outside the drafting page: `fazhi report --district` and, once approved and
its publication recorded, the public pages (/public/)."""

import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from fazhi.core import ledgers
from fazhi.core.services import record_create
from fazhi.metrics.registry import compute
from fazhi.oversight.choices import WarningForm
from fazhi.reports import drafting, outputs, services

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_warning(cast, data):
    """Two 警示教育 sessions of the district itself (区本级), beside township A's one."""
    spec = ledgers.get("warning-education")
    for day in (date(YEAR, 5, 10), date(YEAR, 10, 10)):
        record_create(
            spec=spec,
            user=cast.reviewer,
            data={
                "township": cast.district,
                "held_on": day,
                "form": WarningForm.MEETING,
                "topic": "区本级警示教育大会",
                "participants": 150,
            },
        )
    return cast


def _period():
    return drafting.period_for(YEAR)


def test_the_command_writes_the_districts_report_in_every_format(own_warning, tmp_path):
    c = own_warning
    for fmt in ("docx", "md", "html", "txt"):
        out = tmp_path / f"d.{fmt}"
        call_command("report", "--district", "云岭区", "--year", str(YEAR), "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 1000
    md = (tmp_path / "d.md").read_text()
    # The same document as the district's own draft, never a township's.
    settings = services.settings_for(c.district)
    expected = outputs.to_markdown(
        outputs.document_for(
            services.Report(township=c.district, year=YEAR),
            services.unsaved_version(c.district, YEAR),
            settings,
        )
    )
    assert _body(md) == _body(expected)
    assert "市委、市政府：" in md and "中共云岭区委" in md and "青山镇党委" not in md
    # Its 警示教育 figure counts the townships' sessions and the district's own two.
    sessions = compute(["warning.sessions"], c.district, _period())["warning.sessions"].value
    township = compute(["warning.sessions"], c.a, _period())["warning.sessions"].value
    assert sessions == township + 2
    html = (tmp_path / "d.html").read_text()
    assert f"/metrics/warning.sessions/records/?org={c.district.pk}&amp;start={YEAR}-01-01" in html
    Document(str(tmp_path / "d.docx"))
    with pytest.raises(CommandError, match="没有区"):
        call_command("report", "--district", "青山镇", "--year", str(YEAR), "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError):
        call_command(
            "report",
            "--district",
            "云岭区",
            "--township",
            "青山镇",
            "--year",
            str(YEAR),
            "-o",
            str(tmp_path / "x"),
        )


def _body(md: str) -> str:
    """The text without the draft's date lines (the command and the test run a moment apart)."""
    return "\n".join(line for line in md.splitlines() if not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", line))


def test_the_command_gives_the_approved_version_of_the_districts_report(own_warning, tmp_path):
    c = own_warning
    out = tmp_path / "a.txt"
    with pytest.raises(CommandError, match="尚无审批"):
        call_command(
            "report", "--district", c.district.code, "--year", str(YEAR), "--approved", "-o", str(out)
        )
    report = services.report_start(township=c.district, year=YEAR, user=c.reviewer)
    services.version_approve(version=services.latest_version(report), user=c.reviewer, signer="李区长")
    call_command(
        "report",
        "--district",
        c.district.code,
        "--year",
        str(YEAR),
        "--approved",
        "--format",
        "txt",
        "-o",
        str(out),
    )
    version = services.latest_approved(report)
    expected = outputs.to_text(outputs.document_for(report, version, services.settings_for(c.district)))
    assert out.read_text(encoding="utf-8") == expected
    assert "李区长" in expected


def _published(c, published_on=date(2026, 3, 25)):
    report = services.report_start(township=c.district, year=YEAR, user=c.reviewer)
    services.version_approve(version=services.latest_version(report), user=c.reviewer)
    return services.report_publish(
        report=report, user=c.reviewer, published_on=published_on, address="云岭区政府网站"
    )


def test_the_published_district_report_is_on_the_public_pages(own_warning, client):
    c = own_warning
    assert client.get(reverse("public-report", args=[c.district.pk, YEAR])).status_code == 404
    report = services.report_start(township=c.district, year=YEAR, user=c.reviewer)
    # Approved but not yet published: not public.
    services.version_approve(version=services.latest_version(report), user=c.reviewer)
    assert client.get(reverse("public-report", args=[c.district.pk, YEAR])).status_code == 404
    assert "云岭区" not in client.get(reverse("public-index")).content.decode()
    services.report_publish(
        report=report, user=c.reviewer, published_on=date(2026, 3, 25), address="云岭区政府网站"
    )
    index = client.get(reverse("public-index")).content.decode()
    assert reverse("public-township", args=[c.district.pk]) in index
    page = client.get(reverse("public-township", args=[c.district.pk])).content.decode()
    assert f"{YEAR}年度法治政府建设情况报告" in page and "公开日期：2026-03-25" in page
    response = client.get(reverse("public-report", args=[c.district.pk, YEAR]))
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "关于2025年度法治政府建设情况的报告" in text and "市委、市政府：" in text
    assert "中共云岭区委" in text and "{" not in text
    # The public text quotes the approved (frozen) figures.
    version = services.latest_approved(report)
    frozen = outputs.document_for(report, version, services.settings_for(c.district))
    assert frozen.title in text


def test_a_published_district_report_leaves_the_townships_pages_alone(own_warning, client):
    c = own_warning
    _published(c)
    # Township A has published nothing: it is not listed, and its page says so.
    assert client.get(reverse("public-township", args=[c.a.pk])).status_code == 404
    # Another district's pages know nothing of this one.
    assert client.get(reverse("public-township", args=[c.other_district.pk])).status_code == 404
    assert client.get(reverse("public-report", args=[c.other_district.pk, YEAR])).status_code == 404


@pytest.mark.parametrize("year", ["99999", "1999", "0"])
def test_the_command_refuses_a_year_out_of_range_in_chinese(own_warning, tmp_path, year):
    out = tmp_path / "y.txt"
    for place in (("--district", own_warning.district.name), ("--township", own_warning.a.name)):
        with pytest.raises(CommandError, match="报告年度应在2000年至"):
            call_command("report", *place, "--year", year, "-o", str(out))
    assert not out.exists()
