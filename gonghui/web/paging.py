import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from gonghui.cache import generation
from gonghui.params import parse_id

PAGE_SIZE = 50
COUNT_SECONDS = 60


def count_key(name: str, request, querystring: str) -> str:
    """The cache key of a list's total for this user and these filters (hashed: filters are
    whatever was typed, of any length)."""
    digest = hashlib.sha256(f"{request.path}?{querystring}".encode()).hexdigest()[:32]
    return f"count:{name}:{generation(name)}:{request.user.pk}:{digest}"


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached until the data changes (or for a minute at most).

    Counting a few hundred thousand cases through permission filters costs more than the
    whole rest of the page; repeated views of an unchanged list need not pay it each time.
    """

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, lambda: Paginator.count.func(self), COUNT_SECONDS)


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, cache_count: str | None = None) -> dict:
    """Context for web/_pagination.html: the page, the page links, and the filters to keep in them."""
    query = request.GET.copy()
    query.pop("page", None)
    querystring = query.urlencode()
    if cache_count:
        paginator = CachedCountPaginator(queryset, per_page, count_key=count_key(cache_count, request, querystring))
    else:
        paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "querystring": querystring,
    }


def paginate_by_cursor(request, queryset, per_page: int = PAGE_SIZE, *, cache_count: str) -> dict:
    """Newest first, walked by "older" / "newer" cursors on the primary key.

    Numbered pages cost an OFFSET that grows with the page number; a cursor costs the same
    on the first page and the ten-thousandth. Used for lists that only grow (cases).
    """
    query = request.GET.copy()
    before, after = query.pop("before", [""])[-1], query.pop("after", [""])[-1]
    query.pop("page", None)
    querystring = query.urlencode()
    total = cache.get_or_set(count_key(cache_count, request, querystring), queryset.count, COUNT_SECONDS)
    before, after = parse_id(before), parse_id(after)
    if after is not None:
        rows = list(queryset.filter(pk__gt=after).order_by("pk")[: per_page + 1])
        has_newer = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_older = bool(rows) and queryset.filter(pk__lt=rows[-1].pk).exists()
    else:
        base = queryset.filter(pk__lt=before) if before is not None else queryset
        rows = list(base.order_by("-pk")[: per_page + 1])
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        has_newer = before is not None and bool(rows) and queryset.filter(pk__gt=rows[0].pk).exists()
    return {
        "rows": rows,
        "total": total,
        "older": rows[-1].pk if has_older else None,
        "newer": rows[0].pk if has_newer else None,
        "querystring": querystring,
    }
