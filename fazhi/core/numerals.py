"""Chinese numerals, both ways: reading them in reports (十二, 一百二十, 二〇二四) and writing them in
headings and messages (一、 … 九十九). Shared by the report check and the report drafting."""

from __future__ import annotations

import re
from decimal import Decimal

CN_NUM_CHARS = "〇零一二两三四五六七八九十百千万"
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """Parse a Chinese numeral (十二, 一百二十, 三万五千); None if it is not a well-formed number."""
    if not text:
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = cn_to_int(high) if high else 1
        low_value = cn_to_int(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10000 + low_value
    total, digit, last_was_digit = 0, None, False
    for ch in text:
        if ch in _CN_DIGIT:
            # Two digits in a row (七五, 三一) are a name or code, not a number; 零 may follow a unit.
            if last_was_digit:
                return None
            digit, last_was_digit = _CN_DIGIT[ch], ch not in "〇零"
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit, last_was_digit = None, False
        else:
            return None
    return total + (digit or 0)


def cn_digits_to_int(text: str) -> int | None:
    """Digit-by-digit Chinese numerals as used for years: 二〇二四 → 2024."""
    if not text or any(ch not in _CN_DIGIT or ch == "两" for ch in text):
        return None
    return int("".join(str(_CN_DIGIT[ch]) for ch in text))


_CN_SMALL = "一二三四五六七八九十"


def cn_label(n: int) -> str:
    """1 → 一 … 99 → 九十九, for messages."""
    if 1 <= n <= 10:
        return _CN_SMALL[n - 1]
    if n < 20:
        return "十" + _CN_SMALL[n - 11]
    if n < 100:
        return _CN_SMALL[n // 10 - 1] + "十" + (_CN_SMALL[n % 10 - 1] if n % 10 else "")
    return str(n)


CN_DIGITS = "〇一二三四五六七八九"


def chinese_counting(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + CN_DIGITS[rest] if rest < 10 else chinese_counting(rest))
        if 10 <= rest < 20:
            tail = "一" + tail
        return CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def parse_number(text: str) -> Decimal | None:
    """An Arabic (1,234 / 98.3) or Chinese (三十六) number."""
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    value = cn_to_int(text)
    return None if value is None else Decimal(value)
