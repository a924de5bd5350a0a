from decimal import Decimal

from .routes import api_create, api_errors, assert_scoped, page_create, page_errors
from .samples import make_fund

KEY = "publicity-funds"


def _form(cast, **extra):
    return {
        "township": cast.a.pk,
        "year": "2025",
        "allocated_on": "2025-02-20",
        "amount": "3.5",
        "purpose": "法治宣传阵地建设",
        **extra,
    }


def test_it_creates_through_the_page(client, cast):
    fund = page_create(client, cast, KEY, _form(cast))
    assert fund.amount == Decimal("3.50")
    assert fund.number == "青山-经费-2025-0001"


def test_it_creates_through_the_api(client, cast):
    body = api_create(client, cast, KEY, {**_form(cast), "year": 2025, "amount": "12.80"})
    assert Decimal(body["amount"]) == Decimal("12.80")


def test_it_is_scoped(client, cast):
    assert_scoped(client, cast, KEY, make_fund(cast))


def test_the_amount_is_never_negative(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, amount="-0.5"))["amount"] == ["金额不能为负数"]
    assert api_errors(client, cast, KEY, {**_form(cast), "year": 2025, "amount": "-1"})["amount"] == [
        "金额不能为负数"
    ]


def test_the_year_is_plausible(client, cast):
    assert page_errors(client, cast, KEY, _form(cast, year="1999"))["year"] == ["年度不能早于2000年"]
