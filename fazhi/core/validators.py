"""Validators and normalisers for 身份证号, telephone numbers and 统一社会信用代码.

Each validator normalises its input first, so it accepts whatever the matching normaliser can
repair (full-width digits, spaces, a lower-case x); forms and services store the normalised value.
Validators are plain module-level functions, so model fields can use them and migrations can
serialise them.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "id_number_birth_date",
    "make_credit_code",
    "make_id_number",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_phone",
    "split_fixed_line",
    "to_half_width",
    "validate_credit_code",
    "validate_id_number",
    "validate_phone",
]

# Characters pasted from Word or Excel that are invisible but not whitespace to str.split().
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def to_half_width(value: str) -> str:
    """Replace full-width ASCII forms (０-９, Ａ-Ｚ, －, ＋, （）) and the ideographic space."""
    if value.isascii():  # nothing to replace; bulk imports call this for every cell
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _compact(value) -> str:
    """Return value as half-width text without whitespace or invisible characters."""
    if value is None:
        return ""
    text = to_half_width(str(value)).translate(_INVISIBLE)
    return "".join(text.split())


# --- 身份证号 (GB 11643-1999) -----------------------------------------------------------

# Weight of position i is 2**(17 - i) mod 11 (ISO 7064 MOD 11-2).
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK_CHARS = "10X98765432"
_ID_MIN_BIRTH = date(1900, 1, 1)
_ID_CHARS_RE = re.compile(r"[0-9]{17}[0-9X]")


def normalize_id_number(value) -> str:
    """Strip spaces, turn full-width characters half-width and upper-case a final x."""
    return _compact(value).upper()


def _id_check_char(body17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def id_number_birth_date(value) -> date | None:
    """Return the date of birth encoded in an 18-character ID number, or None if it has none."""
    number = normalize_id_number(value)
    digits = number[6:14]
    if len(number) != 18 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def validate_id_number(value) -> None:
    """Check length, characters, date of birth and check character of a 身份证号."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError("身份证号应为18位", code="id_number_length")
    if not _ID_CHARS_RE.fullmatch(number):
        raise ValidationError("身份证号只能包含数字，最后一位可以是X", code="id_number_chars")
    birth = id_number_birth_date(number)
    if birth is None or not _ID_MIN_BIRTH <= birth <= date.today():
        raise ValidationError("身份证号中的出生日期无效", code="id_number_birth_date")
    if number[17] != _id_check_char(number[:17]):
        raise ValidationError("身份证号校验位错误", code="id_number_checksum")


def make_id_number(area: str, birth: date, seq: int) -> str:
    """Build a 身份证号 from a 6-digit area code, a date of birth and a 3-digit sequence number."""
    if len(area) != 6 or not area.isascii() or not area.isdigit():
        raise ValueError(f"area must be 6 digits, got {area!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"seq must be 0..999, got {seq}")
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + _id_check_char(body)


# --- Telephone numbers ---------------------------------------------------------------------

# Extensions are not accepted: hyphens are removed when normalising, so "0571-87654321-123"
# cannot be told apart from a longer number, and the field is for a number that reaches a person;
# an extension belongs in the remarks.
_PHONE_SEPARATORS = dict.fromkeys(map(ord, "-‐‑–—―()."))
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# 0, then a 2-digit area code (010, 020-029) or a 3-digit one (03xx-09xx), then a local number of
# 7-8 digits that never starts with 0 or 1 (trunk prefix and service numbers).
_FIXED_LINE_RE = re.compile(r"(0[12][0-9]|0[3-9][0-9]{2})([2-9][0-9]{6,7})")
_PHONE_MESSAGE = "电话号码格式不正确：应为11位手机号或带区号的固定电话"


def normalize_phone(value) -> str:
    """Remove +86/0086, spaces, hyphens and brackets, and turn full-width digits half-width."""
    number = _compact(value).translate(_PHONE_SEPARATORS)
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            # In international form a fixed line drops its trunk 0: +86 571 87654321.
            if number and not number.startswith(("0", "1")):
                number = "0" + number
            elif number.startswith("1") and len(number) != 11:
                number = "0" + number  # +86 10 12345678 is Beijing, not a mobile
            break
    else:
        if len(number) == 13 and re.fullmatch(r"861[3-9][0-9]{9}", number):
            number = number[2:]
    return number


def split_fixed_line(value) -> tuple[str, str] | None:
    """Return (area code with its 0, local number) of a valid fixed line, else None."""
    match = _FIXED_LINE_RE.fullmatch(normalize_phone(value))
    return (match.group(1), match.group(2)) if match else None


def validate_phone(value) -> None:
    """Accept an 11-digit mobile number or a fixed line with its area code."""
    number = normalize_phone(value)
    if not (_MOBILE_RE.fullmatch(number) or _FIXED_LINE_RE.fullmatch(number)):
        raise ValidationError(_PHONE_MESSAGE, code="phone")


# --- 统一社会信用代码 (GB 32100-2015) --------------------------------------------------------

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES = {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}
# Weight of position i is 3**i mod 31.
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会 9 市场监管(工商)
# A 中央军委改革和编制办公室 N 农业农村 Y 其他.
_CREDIT_AUTHORITIES = "123456789ANY"
# Type codes differ per authority and keep being added (e.g. N1-N3); require only 1-9.
_CREDIT_STRUCTURE_RE = re.compile(rf"[{_CREDIT_AUTHORITIES}][1-9][0-9]{{6}}")


def normalize_credit_code(value) -> str:
    """Strip spaces, turn full-width characters half-width and upper-case letters."""
    return _compact(value).upper()


def _credit_check_char(body17: str) -> str:
    total = sum(_CREDIT_VALUES[ch] * w for ch, w in zip(body17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[-total % 31]


def validate_credit_code(value) -> None:
    """Check length, alphabet, structure and check character of a 统一社会信用代码."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位", code="credit_code_length")
    if any(ch not in _CREDIT_VALUES for ch in code):
        raise ValidationError("统一社会信用代码含有不允许的字符", code="credit_code_chars")
    if not _CREDIT_STRUCTURE_RE.match(code):
        raise ValidationError(
            "统一社会信用代码的登记管理部门代码、机构类别代码或行政区划码无效",
            code="credit_code_structure",
        )
    if code[17] != _credit_check_char(code[:17]):
        raise ValidationError("统一社会信用代码校验位错误", code="credit_code_checksum")


def make_credit_code(body17: str) -> str:
    """Append the check character to the first 17 characters of a 统一社会信用代码."""
    if len(body17) != 17 or any(ch not in _CREDIT_VALUES for ch in body17):
        raise ValueError(f"body17 must be 17 characters of {CREDIT_CODE_ALPHABET}, got {body17!r}")
    return body17 + _credit_check_char(body17)


def not_in_future(value) -> None:
    """For the date of something that has already happened (受理, 决定, 开展…)."""
    from django.utils import timezone

    if value and value > timezone.localdate():
        raise ValidationError("日期不能晚于今天")
