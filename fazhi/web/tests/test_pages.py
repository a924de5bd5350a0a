"""What every role meets on the desk pages: date inputs, readable history, Chinese error pages,
role-aware navigation and actions."""

import re
from datetime import date

import pytest
from django.urls import reverse

from conftest import login
from fazhi.core import ledgers
from fazhi.core.services import record_void
from fazhi.disputes.tests.samples import dispute
from fazhi.orgs.models import Organisation


def test_it_renders_org_dates_as_iso_for_date_inputs(cast, client):
    Organisation.objects.filter(pk=cast.a.pk).update(valid_from=date(2000, 1, 1))
    page = login(client, cast.sysadmin).get(reverse("admin-org-edit", args=[cast.a.pk])).content.decode()
    assert re.search(r'type="date" name="valid_from" value="2000-01-01"', page)
    assert "2000/01/01" not in page


def test_it_saves_an_existing_org_unchanged(cast, client):
    login(client, cast.sysadmin)
    page = client.get(reverse("admin-org-edit", args=[cast.a.pk])).content.decode()
    data = {}
    for name, value in re.findall(r'<input type="(?:text|date|number)" name="(\w+)" value="([^"]*)"', page):
        data[name] = value
    data |= {"kind": cast.a.kind, "parent": cast.a.parent_id or ""}
    assert client.post(reverse("admin-org-edit", args=[cast.a.pk]), data).status_code == 302


def test_it_shows_readable_history(cast, client):
    record = dispute(cast)
    record_void(spec=ledgers.get("disputes"), record=record, user=cast.clerk, reason="重复登记。")
    page = (
        login(client, cast.clerk).get(reverse("ledger-detail", args=["disputes", record.pk])).content.decode()
    )
    history = page[page.index('data-testid="history"') :]
    assert "是否作废" in history or "作废" in history
    assert "True" not in history and "False" not in history
    assert "+00:00" not in history and not re.search(r"\d\d:\d\d:\d\d\.\d+", history)
    assert f"→ {cast.clerk.display_name}" in history
    assert not re.search(r"作废人：空 → \d+<", history)
    assert "。。" not in page and "原因：重复登记。作废记录不计入统计。" in page


def test_it_shows_history_choice_labels(cast, client):
    record = dispute(cast)
    spec = ledgers.get("disputes")
    from fazhi.core.services import record_update
    from fazhi.disputes.choices import Source

    record_update(
        spec=spec,
        record=record,
        user=cast.clerk,
        data={"source": Source.HOTLINE},
        expected_version=record.version,
    )
    page = (
        login(client, cast.clerk).get(reverse("ledger-detail", args=["disputes", record.pk])).content.decode()
    )
    history = page[page.index('data-testid="history"') :]
    assert "群众申请 → 12345转入" in history and "hotline" not in history


@pytest.mark.parametrize("who", ["clerk", "cadre"])
def test_it_answers_404_in_chinese_with_the_reason(cast, client, who):
    login(client, getattr(cast, who))
    response = client.get("/ledger/no-such-ledger/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "Not Found" not in page and "返回首页" in page


def test_it_answers_403_in_chinese_keeping_the_reason(cast, client):
    response = login(client, cast.clerk).get(reverse("admin-users"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "您没有权限访问此页面" in page and "Forbidden" not in page


def test_it_replaces_english_404_reasons(cast, client):
    response = login(client, cast.clerk).get(reverse("ledger-detail", args=["disputes", 999999]))
    page = response.content.decode()
    assert response.status_code == 404 and "matches the given query" not in page and "不存在" in page


def test_it_links_a_favicon(cast, client):
    page = login(client, cast.clerk).get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page


def test_it_shows_a_village_cadre_only_village_ledgers(cast, client):
    page = login(client, cast.cadre).get(reverse("home")).content.decode()
    nav = page[page.index('id="sidebar"') : page.index("</nav>", page.index('id="sidebar"'))]
    assert "统计口径" not in nav and "类别设置" not in nav
    shown = {s.key for s in ledgers.all_ledgers() if reverse("ledger-list", args=[s.key]) in nav}
    assert "disputes" in shown
    assert shown and all(ledgers.get(k).uses_village for k in shown)
    clerk_page = login(client, cast.clerk).get(reverse("home")).content.decode()
    assert "统计口径" in clerk_page and "类别设置" in clerk_page
    assert reverse("ledger-list", args=["enforcement-decisions"]) in clerk_page or len(
        ledgers.all_ledgers()
    ) > len(shown)


def test_it_shows_no_import_button_to_a_cadre(cast, client):
    page = login(client, cast.cadre).get(reverse("ledger-list", args=["disputes"])).content.decode()
    start = f'href="{reverse("import-start", args=["disputes"])}"'
    assert start not in page and ">导入<" not in page
    clerk_page = login(client, cast.clerk).get(reverse("ledger-list", args=["disputes"])).content.decode()
    assert start in clerk_page


def test_it_hides_a_township_filter_with_one_choice(cast, client):
    page = login(client, cast.clerk).get(reverse("ledger-list", args=["disputes"])).content.decode()
    assert 'name="township"' not in page
    assert 'name="village"' in page and "---------" not in page and ">全部<" in page
    assert re.search(r'type="date" name="date_from"', page)
    reviewer_page = (
        login(client, cast.reviewer).get(reverse("ledger-list", args=["disputes"])).content.decode()
    )
    assert 'name="township"' in reviewer_page
