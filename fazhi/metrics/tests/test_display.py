"""Tests for fazhi.metrics.display (no database, no Django settings)."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi.metrics.display import (
    APPROX,
    EXACT,
    NO_VALUE,
    PERCENT,
    approx_bounds,
    format_approx,
    format_exact,
    format_percent,
    percent_value,
    render,
)

quick = settings(deadline=None, database=None)


def shown_number(text: str) -> int:
    return int(text.removesuffix("余"))


# --- exact -----------------------------------------------------------------------------------


def test_exact_figures_are_written_as_is():
    assert format_exact(4) == "4"
    assert format_exact(0) == "0"
    assert format_exact(12345) == "12345"
    assert format_exact(Decimal("12.5")) == "12.5"
    assert format_exact(Decimal("1E+2")) == "100"


# --- approximate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (9, "9"),
        (10, "10"),
        (11, "10余"),
        (60, "60"),
        (63, "60余"),
        (283, "280余"),
        (999, "990余"),
        (1000, "1000"),
        (1001, "1000余"),
        (1234, "1200余"),
        (1200, "1200"),
        (12345, "12300余"),
        (100000, "100000"),
    ],
)
def test_approximate_examples(n, text):
    assert format_approx(n) == text


@pytest.mark.parametrize("n", [-1, 1.5, Decimal("2.5"), True])
def test_approximate_needs_a_non_negative_whole_number(n):
    with pytest.raises(ValueError):
        format_approx(n)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("60余", (61, 70)),
        ("60", (60, 61)),
        ("280余", (281, 290)),
        ("990余", (991, 1000)),
        ("1000余", (1001, 1100)),
        ("1200余", (1201, 1300)),
        ("1,200余", (1201, 1300)),
        (" 9 ", (9, 10)),
        ("65", (65, 66)),
    ],
)
def test_approx_bounds_examples(text, bounds):
    assert approx_bounds(text) == bounds


@pytest.mark.parametrize("text", ["4余", "0余", "65余", "1250余", "余", "", "60多", "六十余", "-60"])
def test_approx_bounds_rejects_what_breaks_the_convention(text):
    with pytest.raises(ValueError):
        approx_bounds(text)


@quick
@given(n=st.integers(min_value=0, max_value=10**8))
def test_approximate_never_overstates(n):
    text = format_approx(n)
    shown = shown_number(text)
    assert shown <= n
    assert text.endswith("余") == (shown < n)
    unit = 1 if n < 10 else 10 if n < 1000 else 100
    assert shown % unit == 0
    assert n - shown < unit
    low, high = approx_bounds(text)
    assert low <= n < high


@quick
@given(n=st.integers(min_value=0, max_value=10**6))
def test_approx_bounds_hold_exactly_the_counts_shown_the_same(n):
    low, high = approx_bounds(format_approx(n))
    assert format_approx(low) == format_approx(n) == format_approx(high - 1)
    if low > 0:
        assert format_approx(low - 1) != format_approx(n)
    assert format_approx(high) != format_approx(n)


# --- percent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (59, 62, "95%"),
        (35, 37, "95%"),
        (199, 200, "99.5%"),
        (1, 400, "0.3%"),
        (1999, 2000, "99.95%"),
        (1, 8, "13%"),  # 12.5 rounds half up
        (1, 200, "1%"),  # 0.5 rounds half up
        (5, 5, "100%"),
        (0, 5, "0%"),
        (201, 200, "101%"),
        (2001, 2000, "100.1%"),
        (1, 10**7, "0.0001%"),  # past four decimals: pinned inside rather than a false 0%
        (10**7 - 1, 10**7, "99.9999%"),
        (Decimal("1.5"), Decimal("3"), "50%"),
    ],
)
def test_percent_examples(numerator, denominator, text):
    assert format_percent(numerator, denominator) == text
    assert f"{percent_value(numerator, denominator)}%" == text


def test_a_zero_denominator_has_no_percent():
    assert format_percent(0, 0) is None
    assert format_percent(3, 0) is None
    assert percent_value(3, 0) is None


def test_percent_value_is_a_decimal():
    assert percent_value(199, 200) == Decimal("99.5")
    assert isinstance(percent_value(59, 62), Decimal)


@quick
@given(denominator=st.integers(1, 10**6), data=st.data())
def test_percent_is_never_a_false_100_or_0(denominator, data):
    numerator = data.draw(st.integers(0, 2 * denominator))
    text = format_percent(numerator, denominator)
    assert (text == "100%") == (numerator == denominator)
    assert (text == "0%") == (numerator == 0)
    assert not text.rstrip("%").endswith(".0") or text == "0%"


@quick
@given(denominator=st.integers(1, 10**6), data=st.data())
def test_percent_is_the_true_value_rounded_half_up(denominator, data):
    numerator = data.draw(st.integers(0, 2 * denominator))
    shown = percent_value(numerator, denominator)
    decimals = -shown.as_tuple().exponent
    assert 0 <= decimals <= 4
    true = Fraction(numerator * 100, denominator)
    assert abs(Fraction(shown) - true) <= Fraction(1, 2 * 10**decimals)
    with localcontext() as ctx:
        ctx.prec = 60
        reference = (Decimal(numerator * 100) / Decimal(denominator)).quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        )
    assert shown == reference
    if decimals:
        # More decimals are used only where fewer would read as a false 0% or 100%.
        coarser = (Decimal(numerator * 100) / Decimal(denominator)).quantize(
            Decimal(1).scaleb(1 - decimals), rounding=ROUND_HALF_UP
        )
        assert coarser in (0, 100)


@quick
@given(numerator=st.integers(1, 10**9), denominator=st.integers(1, 10**9))
def test_percent_with_huge_denominators_stays_off_the_bounds(numerator, denominator):
    assume(numerator != denominator)
    assert format_percent(numerator, denominator) not in ("0%", "100%")


# --- render ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "style", "unit", "text"),
    [
        (4, EXACT, "件", "4件"),
        (Decimal("12.5"), EXACT, "万元", "12.5万元"),
        (63, APPROX, "人", "60余人"),
        (60, APPROX, "人次", "60人次"),
        (9, APPROX, "场", "9场"),
        ((59, 62), PERCENT, "%", "95%"),
        ((199, 200), PERCENT, "", "99.5%"),
        ((0, 0), PERCENT, "%", NO_VALUE),
    ],
)
def test_render(value, style, unit, text):
    assert render(value, style, unit) == text


def test_render_rejects_unknown_styles():
    with pytest.raises(ValueError):
        render(4, "rounded", "件")
