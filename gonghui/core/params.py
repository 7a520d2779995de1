"""Reading what a visitor typed into a URL: one parser for every id, number and date.

`str.isdigit()` is True for '²' and '١' (which `int()` then refuses or reads as another
digit), and an id of 10**25 overflows SQLite's 64-bit integer inside the query. Every page
and endpoint reads its parameters through these helpers: a value that is not what it should
be is treated as absent, never as a 500.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

# The largest id either database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The value as an int if it is plain ASCII digits inside [minimum, maximum]; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A primary key: a positive integer the databases can hold."""
    return parse_int(value, minimum=1)


def parse_ids(values) -> list[int]:
    """Every valid id among `values`, in order, without repeats."""
    return list(dict.fromkeys(i for i in (parse_id(v) for v in values or ()) if i is not None))


def parse_date(value, *, earliest: int = 1900, latest: int = 2100) -> date | None:
    """An ISO date (2026-03-01) between the given years; else None."""
    if isinstance(value, date):
        return value if earliest <= value.year <= latest else None
    if not isinstance(value, str) or not (match := _ISO_DATE.fullmatch(value.strip())):
        return None
    year, month, day = (int(part) for part in match.groups())
    if not earliest <= year <= latest:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_text(value, *, max_length: int = 100) -> str:
    """A search word as typed, trimmed and bounded; without NUL characters, which no one types
    and PostgreSQL refuses in any text it is given (a 500 on every filtered list)."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]


def parse_choice(value, choices):
    """The value if it is one of `choices` (a collection or a dict's keys); else None."""
    return value if isinstance(value, str) and value in choices else None


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses an id the database cannot hold.

    Django checks the ids with `pk__in`, which SQLite cannot bind past 2**63: every
    multiple choice of rows in the project is this field, declared or generated.
    """

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def validate_year(value) -> None:
    """Dates outside 1900–2100 are typing slips, and near year 1 or 9999 the conversion
    between Beijing time and UTC overflows."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"年份须在 {EARLIEST_YEAR}–{LATEST_YEAR} 之间", code="year_range")


def client_ip(request) -> str | None:
    """The visitor's address. X-Forwarded-For is believed only as far as the proxies we run
    (PROXY_COUNT): anybody can send the header, and a forged one would misname the author of
    an audit row or spread a lockout onto somebody else's address."""
    from django.conf import settings

    proxies = settings.PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None
