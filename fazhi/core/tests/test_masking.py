"""Tests for fazhi.core.masking (no database, no Django settings)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.masking import mask_address, mask_id_number, mask_name, mask_phone
from fazhi.core.validators import make_id_number, to_half_width

quick = settings(deadline=None, database=None)

# Odd input of any kind; "*" is left out because an already-masked value may legitimately survive.
odd_text = st.text(
    alphabet=st.characters(blacklist_characters="*＊", blacklist_categories=("Cs",)), max_size=40
)
id_numbers = st.builds(
    make_id_number,
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date.today()),
    st.integers(0, 999),
)
mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("500101199001011234", "500101********1234"),
        ("11010519491231002x", "110105********002X"),
        (" 5001 0119 9001 0112 34 ", "500101********1234"),
        ("110105491231002", "110*********002"),  # old 15-digit number: first and last quarter
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_id_numbers(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0571-86665678", "0571-****5678"),
        ("(0571)86665678", "0571-****5678"),
        ("010-62345678", "010-****5678"),
        ("0731-2345678", "0731-***5678"),
        ("12345", "1***5"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_phone_numbers(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳小明", "欧阳**"),
        ("欧阳修", "欧阳*"),
        ("诸葛亮", "诸葛*"),
        (" 李 四 ", "李*"),
        ("欧阳", "欧*"),
        ("张", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_names(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("某某县青山镇红星村3组12号", "某某县青山镇红星村***"),
        ("某某县青山镇红星村村委会旁", "某某县青山镇红星村***"),
        ("某某县青山镇红星村委会旁", "某某县青山镇红星村委会***"),
        ("张村镇李家村5号", "张村镇李家村***"),
        ("某某区某某街道幸福社区5栋2单元301", "某某区某某街道幸福社区***"),
        ("某某县青山镇幸福路18号新村小区", "某某县青山镇***"),  # digits before the 村 are a house number
        ("北京市朝阳区建国路88号", "北京市***"),
        ("某某县青山镇红星村", "某某县青山镇红星村"),  # no more precise than the village
        ("幸福路18号", "幸福***"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_addresses(value, masked):
    assert mask_address(value) == masked


@quick
@given(number=id_numbers)
def test_id_masks_keep_first_six_and_last_four(number):
    masked = mask_id_number(number)
    assert masked == number[:6] + "*" * 8 + number[-4:]
    assert number not in masked


@quick
@given(number=mobiles)
def test_mobile_masks_keep_three_and_four(number):
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]
    assert number not in masked


@quick
@given(
    area=st.sampled_from(["010", "021", "0571", "0991"]),
    local=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)
def test_fixed_line_masks_keep_area_code_and_last_four(area, local):
    masked = mask_phone(f"{area}-{local}")
    assert masked == f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    assert local not in masked


@quick
@given(value=odd_text)
def test_masks_never_raise_and_never_show_a_whole_value(value):
    for mask in (mask_id_number, mask_phone, mask_name):
        masked = mask(value)
        assert isinstance(masked, str)
        if value.strip():
            assert value not in masked


@quick
@given(value=st.text(alphabet="abcXYZ中文-·", max_size=40))
def test_malformed_values_are_mostly_hidden(value):
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) - masked.count("*") <= len(masked) // 2


@quick
@given(value=odd_text)
def test_address_masks_only_keep_a_head_of_the_address(value):
    masked = mask_address(value)
    compact = "".join(to_half_width(value).split())
    if masked.endswith("***"):
        kept = masked[:-3]
        assert compact.startswith(kept)
        assert len(kept) < len(compact)
    else:
        # Returned whole only when nothing below the village, township or county level remains.
        assert masked == compact
    assert not any(ch.isdecimal() for ch in masked)


@quick
@given(
    head=st.sampled_from(["某某县青山镇红星村", "某某区某某街道幸福社区", "张村镇李家村"]),
    tail=st.from_regex(r"[1-9][0-9]?组[1-9][0-9]{0,2}号", fullmatch=True),
)
def test_address_masks_hide_everything_below_the_village(head, tail):
    masked = mask_address(head + tail)
    assert masked == head + "***"
    assert tail not in masked
