"""The one way an API list is paged: by cursor, a bounded page at a time, never counted.

A page number makes the database walk past every earlier row (OFFSET) and a total costs a
COUNT of every matching row on each call; a cursor is where the last page stopped, so page
1,000 costs what page 1 does. The cursor is opaque to clients: the sort values of the last
row, as base64 JSON.
"""

import base64
import binascii
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import Q
from ninja import Schema
from pydantic import Field

from .schemas import Text

MAX_LIMIT = 100
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")]
Cursor = Text(500, required=False)


class PageParams(Schema):
    cursor: Cursor | None = Field(None, description="上一页返回的 next；不填为第一页")
    limit: Limit = 50


def page_of(schema: type[Schema]) -> type[Schema]:
    """The page schema of `schema`'s rows: {results: [...], next: cursor or null}."""
    return type(
        f"{schema.__name__}Page",
        (Schema,),
        {
            "__annotations__": {"results": list[schema], "next": str | None},
            "next": Field(None, description="下一页的 cursor；没有下一页时为 null"),
        },
    )


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _value(row, field: str):
    for part in field.lstrip("-").split("__"):
        row = getattr(row, part)
    return _plain(row)


def decode_cursor(cursor: str, width: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=="))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != width:
        raise ValidationError("cursor 无效：请使用上一页返回的 next")
    return values


def _after(order: tuple[str, ...], values: list) -> Q:
    """Rows that sort after `values` in `order`: (a > x) or (a = x and b > y) …, led by a >= x
    so that both databases start an index range there instead of testing every row."""
    after = Q(pk__in=[])
    equal = Q()
    for field, value in zip(order, values, strict=True):
        name = field.lstrip("-")
        after |= equal & Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
        equal &= Q(**{name: value})
    first = order[0].lstrip("-")
    return Q(**{f"{first}__{'lte' if order[0].startswith('-') else 'gte'}": values[0]}) & after


def encode_cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def cursor_page(qs, params: PageParams, *, order: tuple[str, ...], row: Callable = lambda r: r) -> dict:
    """One page of `qs` in `order`, whose last field must be unique (the id or a number).
    Fields must not be null: a null has no place in a keyset comparison."""
    qs = qs.order_by(*order)
    if params.cursor:
        qs = qs.filter(_after(order, decode_cursor(params.cursor, len(order))))
    rows = list(qs[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    cursor = None
    if more:
        cursor = encode_cursor([_value(rows[-1], f) for f in order])
    return {"results": [row(r) for r in rows], "next": cursor}
