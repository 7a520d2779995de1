"""Mainland resident ID numbers (GB 11643-1999): checksum, birth date and gender."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumberError(ValueError):
    pass


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str) -> tuple[str, date, str]:
    """Return (normalised number, birth date, gender 'M'/'F') or raise IdNumberError with a Chinese reason."""
    number = raw.strip().upper()
    if not _SHAPE.match(number):
        raise IdNumberError("应为18位，前17位为数字，末位为数字或X")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"出生日期 {number[6:14]} 不是有效日期") from None
    if not date(1900, 1, 1) <= birth <= timezone.localdate():
        raise IdNumberError(f"出生日期 {birth:%Y-%m-%d} 不合理")
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError("校验码不正确，请核对号码")
    return number, birth, "M" if int(number[16]) % 2 else "F"


def make_id_number(area: str, birth: date, seq: int, gender: str) -> str:
    """Build a valid number: for demo data and tests."""
    order = seq % 500 * 2 + (1 if gender == "M" else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)
