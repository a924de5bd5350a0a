"""Chinese numerals read in reports and written in headings (shared by the check and the drafter)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.numerals import chinese_counting, cn_digits_to_int, cn_label, cn_to_int, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十二", 12),
        ("一百二十", 120),
        ("一百零五", 105),
        ("三万五千", 35000),
        ("两千", 2000),
        ("七五", None),
        ("", None),
    ],
)
def test_reading(text, value):
    assert cn_to_int(text) == value


def test_years_digit_by_digit_and_mixed_numbers():
    assert cn_digits_to_int("二〇二四") == 2024
    assert cn_digits_to_int("二〇两四") is None
    assert parse_number("1,234") == Decimal(1234)
    assert parse_number("三十六") == Decimal(36)


@given(st.integers(min_value=1, max_value=99))
def test_labels_read_back(n):
    assert cn_to_int(cn_label(n)) == n


@given(st.integers(min_value=1, max_value=999))
def test_word_counting_reads_back(n):
    assert cn_to_int(chinese_counting(n)) == n
