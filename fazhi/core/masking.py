"""Masked display of personal information (domain.md §9).

Every function returns "" for empty input and never raises. A value that does not have the expected
shape is still masked: only its first and last quarter stay visible, and values shorter than four
characters are hidden completely. Each hidden character becomes one "*".
"""

import re

from fazhi.core.validators import normalize_id_number, normalize_phone, split_fixed_line, to_half_width

__all__ = ["COMPOUND_SURNAMES", "mask_address", "mask_id_number", "mask_name", "mask_phone"]

# A word list reads best as one string; a list literal would take fifty lines.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 南宫 "  # noqa: SIM905
    "西门 独孤 呼延 赫连 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 闻人 万俟 钟离 百里 东郭 "
    "拓跋 司空 司寇 左丘 公羊 谷梁 第五 鲜于 闾丘 亓官 仲孙 梁丘 乐正 漆雕 壤驷 巫马".split()
)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _keep(value: str, head: int, tail: int) -> str:
    """Show the first `head` and last `tail` characters and star the rest."""
    hidden = len(value) - head - tail
    return value[:head] + "*" * hidden + (value[len(value) - tail :] if tail else "")


def _mask_odd(value: str) -> str:
    """Mask a value of unknown shape: at most its first and last quarter stay visible."""
    quarter = len(value) // 4
    return _keep(value, quarter, quarter)


# The 6+4 rule only for values shaped like a 身份证号; a checksum error does not matter here.
_ID_SHAPE_RE = re.compile(r"[0-9]{17}[0-9X]")


def mask_id_number(value) -> str:
    """Show the first 6 and last 4 characters of a 身份证号: 500101********1234."""
    try:
        number = normalize_id_number(value)
        if _ID_SHAPE_RE.fullmatch(number):
            return _keep(number, 6, 4)
        return _mask_odd(number)
    except Exception:
        return _mask_odd(_text(value))


def mask_phone(value) -> str:
    """Show mobiles as 138****5678 and fixed lines as area code plus last 4 digits: 0571-****5678."""
    try:
        number = normalize_phone(value)
        if len(number) == 11 and number.startswith("1"):
            return _keep(number, 3, 4)
        parts = split_fixed_line(number)
        if parts:
            area, local = parts
            return f"{area}-{_keep(local, 0, 4)}"
        return _mask_odd(number)
    except Exception:
        return _mask_odd(_text(value))


def mask_name(value) -> str:
    """Keep the surname (张* / 欧阳**) and star the given name; a name is never shown whole."""
    try:
        name = "".join(to_half_width(_text(value)).split())
        if not name:
            return ""
        surname = 2 if name[:2] in COMPOUND_SURNAMES else 1
        # A lone surname ("欧阳", "张") would otherwise be shown in full.
        surname = min(surname, len(name) - 1)
        return _keep(name, surname, 0)
    except Exception:
        return _mask_odd(_text(value))


# The village level (村/社区) is public; what follows (村民小组, house number, building, room)
# locates a household. A "村" directly followed by a township or street word is part of a
# place name (张村镇, 新村路) rather than the village level.
_VILLAGE_RE = re.compile(r"(村民委员会|居民委员会|村委会|居委会|社区|嘎查|村)(?![镇乡街路道巷])")
_TOWNSHIP_RE = re.compile(r"(?<=.)(街道办事处|街道|镇|乡|苏木)")
_COUNTY_RE = re.compile(r"(?<=.)(自治县|自治旗|县|区|旗|市)")
_DIGIT_RE = re.compile(r"\d")


def mask_address(value) -> str:
    """Keep the address up to the village or community and replace the rest with ***.

    "某某县青山镇红星村3组12号" → "某某县青山镇红星村***". Without a village or community the
    address is kept up to the township (镇/乡/街道), else up to the county (县/区/市), else only
    its first third. A kept part never contains a digit, since digits are house, group or room
    numbers. An address that ends at one of these levels is returned unchanged, as it identifies
    no household.
    """
    try:
        address = "".join(to_half_width(_text(value)).split())
        if not address:
            return ""
        for pattern in (_VILLAGE_RE, _TOWNSHIP_RE, _COUNTY_RE):
            match = pattern.search(address)
            if match and not _DIGIT_RE.search(address, 0, match.end()):
                if match.end() == len(address):
                    return address
                return address[: match.end()] + "***"
        digit = _DIGIT_RE.search(address)
        end = min(len(address) // 3, digit.start() if digit else len(address))
        return address[:end] + "***"
    except Exception:
        return _mask_odd(_text(value))
