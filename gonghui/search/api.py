"""Search over the API: the same scoped search as the page, ranked, a page at a time."""

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from pydantic import Field

from gonghui.core.api.paging import Cursor, Limit, decode_cursor, encode_cursor
from gonghui.core.api.schemas import Error, Text

from .registry import all_kinds
from .selectors import COUNT_CAP, most_ranked, search

router = Router(tags=["搜索"])


class SearchParams(Schema):
    q: Text(100) = Field(..., description="关键词，如：食堂；职工可按姓名、拼音或首字母查（有权限时）")
    kind: str = Field("", description="只查一种：" + "、".join(f"{k.key}（{k.label}）" for k in all_kinds()))
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    cursor: Cursor | None = Field(None, description="上一页返回的 next；不填为第一页")
    limit: Limit = 20


class HitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    subtitle: str
    snippet: str = Field(description="命中处前后的文字，命中词以 <mark> 标出（已转义）")
    url: str
    happened_at: datetime | None


class SearchPage(Schema):
    results: list[HitOut]
    total: int = Field(description=f"命中条数，每类最多数到 {COUNT_CAP}")
    capped: bool = Field(description=f"是否有一类超过 {COUNT_CAP} 条（请加词缩小范围）")
    next: str | None = Field(None, description="下一页的 cursor；没有下一页时为 null")


def _offset(cursor: str | None) -> int:
    """The cursor is where the last page stopped in the ranking, opaque to clients."""
    if not cursor:
        return 0
    [offset] = decode_cursor(cursor, 1)
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset < most_ranked():
        raise ValidationError("cursor 无效：请使用上一页返回的 next")
    return offset


@router.get("/search", response={200: SearchPage, 400: Error}, summary="全站搜索（只返回本人有权查看的内容）")
def list_search(request, params: Query[SearchParams]):
    if params.kind and params.kind not in {k.key for k in all_kinds()}:
        raise ValidationError(f"kind 无效：可选 {'、'.join(k.key for k in all_kinds())}")
    offset = _offset(params.cursor)
    found = search(request.auth, params.q, kind=params.kind, year=params.year, offset=offset, limit=params.limit)
    end = offset + len(found.hits)
    more = end < found.total
    return {
        "results": [
            {
                "kind": hit.kind.key,
                "kind_label": hit.kind.label,
                "id": hit.entry.object_id,
                "title": hit.entry.title,
                "subtitle": hit.entry.subtitle,
                "snippet": str(hit.snippet),
                "url": hit.url,
                "happened_at": hit.entry.happened_at,
            }
            for hit in found.hits
        ],
        "total": found.total,
        "capped": found.capped,
        "next": encode_cursor([end]) if more else None,
    }
