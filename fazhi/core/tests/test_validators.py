"""Tests for fazhi.core.validators (no database, no Django settings)."""

import importlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core import validators as v

# Weights and check characters copied from the standards, not from the module under test.
GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB11643_CHECK = "10X98765432"
GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
GB32100_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

quick = settings(deadline=None, database=None)
FULL_WIDTH_DIGITS = {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}


def id_check(body17: str) -> str:
    return GB11643_CHECK[sum(int(c) * w for c, w in zip(body17, GB11643_WEIGHTS, strict=True)) % 11]


def credit_check(body17: str) -> str:
    total = sum(GB32100_ALPHABET.index(c) * w for c, w in zip(body17, GB32100_WEIGHTS, strict=True))
    return GB32100_ALPHABET[(31 - total % 31) % 31]


def messages(validator, value) -> list[str]:
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value.messages


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1900, 1, 1), max_value=date.today())
id_numbers = st.builds(v.make_id_number, areas, births, st.integers(0, 999))
credit_bodies = st.builds(
    lambda authority, kind, area, rest: authority + kind + area + rest,
    st.sampled_from("123456789ANY"),
    st.sampled_from("123456789"),
    areas,
    st.text(alphabet=GB32100_ALPHABET, min_size=9, max_size=9),
)
credit_codes = credit_bodies.map(v.make_credit_code)
mobiles = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
)
fixed_lines = st.builds(
    lambda area, local: area + local,
    st.sampled_from(["010", "020", "021", "023", "029", "0571", "0731", "0991", "0310"]),
    st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)


# --- 身份证号 ---------------------------------------------------------------------------------


def test_it_accepts_the_standard_example():
    v.validate_id_number("11010519491231002X")
    assert id_check("11010519491231002") == "X"


def test_it_normalises_id_numbers():
    assert v.normalize_id_number(" 1101 0519 4912 3100 2x ") == "11010519491231002X"
    assert v.normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert v.normalize_id_number(None) == ""
    v.validate_id_number("１１０１０５１９４９１２３１００２ｘ")


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002X1", "110105194912310"])
def test_it_rejects_id_numbers_of_wrong_length(value):
    assert messages(v.validate_id_number, value) == ["身份证号应为18位"]


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002\u0661",
        "\u0661\u0661010519491231002X",
        "11010519491231X02X",
        "1101051949123100AX",
        "X10105194912310021",
    ],
)
def test_it_rejects_id_numbers_with_letters(value):
    assert messages(v.validate_id_number, value) == ["身份证号只能包含数字，最后一位可以是X"]


@pytest.mark.parametrize("birth", ["19900230", "19901301", "18991231", "20000000"])
def test_it_rejects_impossible_birth_dates(birth):
    body = "110105" + birth + "002"
    assert messages(v.validate_id_number, body + id_check(body)) == ["身份证号中的出生日期无效"]


def test_it_rejects_a_birth_date_after_today():
    number = v.make_id_number("110105", date.today() + timedelta(days=1), 2)
    assert messages(v.validate_id_number, number) == ["身份证号中的出生日期无效"]


def test_it_accepts_the_earliest_and_latest_birth_dates():
    v.validate_id_number(v.make_id_number("110105", date(1900, 1, 1), 0))
    v.validate_id_number(v.make_id_number("110105", date.today(), 999))


def test_it_rejects_a_wrong_check_character():
    assert messages(v.validate_id_number, "110105194912310021") == ["身份证号校验位错误"]


def test_id_errors_have_codes():
    with pytest.raises(ValidationError) as info:
        v.validate_id_number("110105194912310021")
    assert info.value.code == "id_number_checksum"


def test_it_reads_the_birth_date():
    assert v.id_number_birth_date("11010519491231002x") == date(1949, 12, 31)
    assert v.id_number_birth_date("110105199002300021") is None
    assert v.id_number_birth_date("1101051949") is None
    assert v.id_number_birth_date(None) is None


def test_make_id_number_rejects_bad_parts():
    with pytest.raises(ValueError):
        v.make_id_number("11010", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        v.make_id_number("110105", date(1990, 1, 1), 1000)


@quick
@given(area=areas, birth=births, seq=st.integers(0, 999))
def test_every_generated_id_number_is_valid(area, birth, seq):
    number = v.make_id_number(area, birth, seq)
    assert number[:17] == f"{area}{birth:%Y%m%d}{seq:03d}"
    assert number[17] == id_check(number[:17])
    v.validate_id_number(number)
    assert v.id_number_birth_date(number) == birth


@quick
@given(number=id_numbers)
def test_any_single_character_change_of_an_id_number_fails(number):
    for position in range(18):
        for ch in "0123456789X":
            if ch != number[position]:
                changed = number[:position] + ch + number[position + 1 :]
                with pytest.raises(ValidationError):
                    v.validate_id_number(changed)


# --- Telephone numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("０５７１－８７６５４３２１", "057187654321"),
        ("(0571) 8765 4321", "057187654321"),
        ("（０５７１）87654321", "057187654321"),
        ("+86 571 87654321", "057187654321"),
        ("+86 10 62345678", "01062345678"),
        (None, ""),
    ],
)
def test_it_normalises_phone_numbers(raw, normalised):
    assert v.normalize_phone(raw) == normalised
    if normalised:
        v.validate_phone(raw)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # no mobile prefix 12
        "23812345678",
        "87654321",  # fixed line without area code
        "0571-07654321",  # local number starting with 0
        "0571-17654321",  # local number starting with 1
        "0571-876543",  # local number too short
        "0571-876543210",  # local number too long
        "0571-87654321-123",  # extensions are not accepted
        "0571-87654321转123",
        "电话13812345678",
        "\u0661\u0663812345678",  # Arabic-Indic digits
    ],
)
def test_it_rejects_malformed_phone_numbers(value):
    assert messages(v.validate_phone, value) == ["电话号码格式不正确：应为11位手机号或带区号的固定电话"]


@quick
@given(number=mobiles)
def test_valid_mobiles_pass_in_any_common_spelling(number):
    v.validate_phone(number)
    v.validate_phone(f"+86 {number[:3]}-{number[3:7]}-{number[7:]}")
    v.validate_phone(number.translate(FULL_WIDTH_DIGITS))


@quick
@given(number=mobiles, second=st.sampled_from("012"), first=st.sampled_from("23456789"), extra=digits)
def test_changing_the_prefix_or_length_of_a_mobile_fails(number, second, first, extra):
    # A first digit changed to 0 may spell a valid fixed line (0381-2345678), so it is not listed.
    for changed in (
        number[0] + second + number[2:],
        first + number[1:],
        number[:-1],
        number + extra,
        extra + number,
    ):
        with pytest.raises(ValidationError):
            v.validate_phone(changed)


@quick
@given(number=fixed_lines)
def test_valid_fixed_lines_pass(number):
    v.validate_phone(number)
    area, local = v.split_fixed_line(number)
    assert area + local == number
    v.validate_phone(f"{area}-{local}")
    v.validate_phone(f"({area}){local}")


def test_split_fixed_line_uses_two_digit_area_codes_only_for_01_and_02():
    assert v.split_fixed_line("01062345678") == ("010", "62345678")
    assert v.split_fixed_line("02155551234") == ("021", "55551234")
    assert v.split_fixed_line("07312345678") == ("0731", "2345678")
    assert v.split_fixed_line("13812345678") is None


# --- 统一社会信用代码 ---------------------------------------------------------------------------


def test_it_accepts_a_real_credit_code():
    v.validate_credit_code("91350100M000100Y43")
    assert credit_check("91350100M000100Y4") == "3"


def test_it_normalises_credit_codes():
    assert v.normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert v.normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    v.validate_credit_code("91350100m000100y43")


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y433"])
def test_it_rejects_credit_codes_of_wrong_length(value):
    assert messages(v.validate_credit_code, value) == ["统一社会信用代码应为18位"]


@pytest.mark.parametrize("bad", "IOZSV-*")
def test_it_rejects_credit_codes_with_disallowed_characters(bad):
    code = "91350100M000100Y43"
    assert messages(v.validate_credit_code, code[:9] + bad + code[10:]) == [
        "统一社会信用代码含有不允许的字符"
    ]


@pytest.mark.parametrize(
    "body", ["01350100M000100Y4", "B1350100M000100Y4", "90350100M000100Y4", "91A50100M000100Y4"]
)
def test_it_rejects_credit_codes_with_a_bad_structure(body):
    code = body + credit_check(body)
    assert messages(v.validate_credit_code, code) == [
        "统一社会信用代码的登记管理部门代码、机构类别代码或行政区划码无效"
    ]


def test_it_rejects_a_wrong_credit_check_character():
    assert messages(v.validate_credit_code, "91350100M000100Y44") == ["统一社会信用代码校验位错误"]


def test_make_credit_code_rejects_bad_bodies():
    with pytest.raises(ValueError):
        v.make_credit_code("91350100M000100")
    with pytest.raises(ValueError):
        v.make_credit_code("91350100M000100I4")


@quick
@given(body=credit_bodies)
def test_every_generated_credit_code_is_valid(body):
    code = v.make_credit_code(body)
    assert code == body + credit_check(body)
    v.validate_credit_code(code)
    v.validate_credit_code(code.lower())


@quick
@given(code=credit_codes)
def test_any_single_character_change_of_a_credit_code_fails(code):
    for position in range(18):
        for ch in GB32100_ALPHABET + "IOZSV":
            if ch != code[position]:
                with pytest.raises(ValidationError):
                    v.validate_credit_code(code[:position] + ch + code[position + 1 :])


# --- Use on model fields -----------------------------------------------------------------------


@pytest.mark.parametrize("validator", [v.validate_id_number, v.validate_phone, v.validate_credit_code])
def test_validators_are_importable_module_level_functions(validator):
    # Migrations serialise field validators by import path.
    module = importlib.import_module(validator.__module__)
    assert getattr(module, validator.__qualname__) is validator
