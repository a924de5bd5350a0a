"""到期提醒: the page, the navigation counts and /api/v1/deadlines/, scoped like the ledgers.

Who sees what (conftest cast): the clerk of A sees A's items; the cadre of A1 only A1's; the clerk of B
none of A's (404 when asking for A by id); 系统管理员 and 审计员 get 404 on the page and the API.
"""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from fazhi.decisions.tests.samples import make_review
from fazhi.oversight.tests.samples import make_rectification
from fazhi.petitions.tests.samples import make_petition
from fazhi.tickets.tests.samples import at, make_ticket
from tests.helpers import api_client

TODAY = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)  # a Wednesday


@pytest.fixture
def items(cast):
    """Open clocks in A1, A2 and B, due soon, overdue, and later."""
    with time_machine.travel(TODAY, tick=False):
        return {
            "overdue_a1": make_review(
                cast, village=cast.a1, title="逾期的审查", submitted_on=date(2026, 11, 10)
            ),
            "soon_a2": make_review(
                cast, village=cast.a2, title="将到期的审查", submitted_on=date(2026, 11, 20)
            ),
            "later_a1": make_rectification(cast, received_on=date(2026, 11, 1), due_on=date(2027, 1, 29)),
            "soon_a1": make_ticket(cast, received_at=at(2026, 11, 24, 9)),
            "b": make_review(
                cast,
                township=cast.b,
                village=cast.b1,
                title="清河的审查",
                submitted_on=date(2026, 11, 20),
                user=cast.clerk_b,
            ),
        }


def numbers(response):
    return [row["number"] for row in response.json()]


@time_machine.travel(TODAY, tick=False)
def test_it_lists_due_and_overdue_items_by_urgency(client, cast, items):
    page = login(client, cast.clerk).get(reverse("deadline-reminders"))
    html = page.content.decode()
    assert page.status_code == 200
    first = html.index(items["overdue_a1"].number)
    assert first < html.index(items["soon_a2"].number) and first < html.index(items["soon_a1"].number)
    assert items["later_a1"].number not in html and items["b"].number not in html
    assert "逾期4个工作日" in html  # due 2026-11-19
    nav = html[html.index('data-testid="nav-deadlines"') :][:400]
    assert "已逾期" in nav and ">1<" in nav and ">2<" in nav


@time_machine.travel(TODAY, tick=False)
def test_it_widens_the_range_on_request(client, cast, items):
    response = api_client(cast.clerk).get("/api/v1/deadlines/?within=60")
    assert items["later_a1"].number in numbers(response)


@time_machine.travel(TODAY, tick=False)
def test_it_shows_the_village_cadre_only_their_village(client, cast, items):
    response = api_client(cast.cadre).get("/api/v1/deadlines/")
    assert response.status_code == 200
    assert set(numbers(response)) <= {items["overdue_a1"].number, items["soon_a1"].number}
    assert items["soon_a2"].number not in numbers(response)
    assert api_client(cast.cadre).get(f"/api/v1/deadlines/?village={cast.a2.pk}").status_code == 404
    page = login(client, cast.cadre).get(reverse("deadline-reminders"))
    assert items["soon_a2"].number not in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_shows_outsiders_nothing_of_another_township(client, cast, items):
    response = api_client(cast.clerk_b).get("/api/v1/deadlines/")
    assert numbers(response) == [items["b"].number]
    assert api_client(cast.clerk_b).get(f"/api/v1/deadlines/?township={cast.a.pk}").status_code == 404
    assert (
        login(client, cast.clerk_b).get(reverse("deadline-reminders") + f"?township={cast.a.pk}").status_code
        == 404
    )
    # A reviewer of a district without townships covers only that district's own records (区本级):
    # nothing of this district's townships.
    far = api_client(cast.outsider_reviewer).get("/api/v1/deadlines/")
    assert far.status_code == 200 and numbers(far) == []
    assert (
        api_client(cast.outsider_reviewer).get(f"/api/v1/deadlines/?township={cast.a.pk}").status_code == 404
    )


@time_machine.travel(TODAY, tick=False)
def test_it_lets_the_district_reviewer_choose_a_township(client, cast, items):
    response = api_client(cast.reviewer).get(f"/api/v1/deadlines/?township={cast.b.pk}")
    assert numbers(response) == [items["b"].number]


@pytest.mark.parametrize("who", ["sysadmin", "auditor"])
def test_it_answers_404_to_sysadmin_and_auditor(client, cast, who):
    user = getattr(cast, who)
    assert login(client, user).get(reverse("deadline-reminders")).status_code == 404
    assert api_client(user).get("/api/v1/deadlines/").status_code == 404


def test_it_refuses_a_malformed_range_with_a_chinese_message(client, cast):
    response = api_client(cast.clerk).get("/api/v1/deadlines/?within=abc")
    assert response.status_code == 422
    assert "提醒范围应为0至60之间的整数" in response.content.decode()
    page = login(client, cast.clerk).get(reverse("deadline-reminders") + "?within=999")
    assert "提醒范围应为0至60之间的整数" in page.content.decode()


@time_machine.travel(dt.datetime(2027, 9, 28, 10, tzinfo=dt.UTC), tick=False)
def test_it_flags_a_2027_due_date_as_uncertain_without_overrides(client, cast):
    petition = make_petition(cast, received_on=date(2027, 9, 20))
    response = api_client(cast.clerk).get("/api/v1/deadlines/")
    (row,) = [r for r in response.json() if r["number"] == petition.number]
    assert row["uncertain"] is True and row["due_on"] == "2027-10-05"
    assert any("暂按周一至周五" in line for line in row["explanation"])
    page = login(client, cast.clerk).get(reverse("deadline-reminders"))
    assert "待核实" in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_keeps_the_query_count_flat_as_items_grow(client, cast, django_assert_max_num_queries):
    login(client, cast.clerk)
    make_review(cast, submitted_on=date(2026, 11, 20))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("deadline-reminders"))
    for i in range(15):
        make_review(cast, title=f"审查{i}", submitted_on=date(2026, 11, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("deadline-reminders"))
