import hashlib

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from gonghui.core.cache import generation
from gonghui.core.params import parse_id

PAGE_SIZE = 50
COUNT_SECONDS = 60


def count_key(name: str, request, querystring: str, prefix: str = "count", also: tuple[str, ...] = ()) -> str:
    """The cache key of a list's total (or page) for this user and these filters (hashed:
    filters are whatever was typed, of any length). `also` names further data the cached value
    shows (units' names on a case row). A change of anyone's roles or of the tree starts new
    keys: what the user may see is read from both."""
    digest = hashlib.sha256(f"{request.path}?{querystring}".encode()).hexdigest()[:32]
    generations = ".".join(str(generation(n)) for n in dict.fromkeys((name, *also, "roles", "units")))
    return f"{prefix}:{name}:{generations}:{request.user.pk}:{digest}"


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


def paginate(
    request,
    queryset,
    per_page: int = PAGE_SIZE,
    *,
    cache_count: str | None = None,
    row=None,
    rows=None,
    also: tuple[str, ...] = ("people",),
) -> dict:
    """Context for web/_pagination.html: the page, the page links, and the filters to keep in them.

    With `row` (instance -> plain values) or `rows` (the page's instances -> their plain
    values, for figures asked once per page), the page's rows are kept like its total, until
    `cache_count`'s or `also`'s data changes: see cached_rows. `queryset` may then be a
    function giving it, so that a kept page does not even build its query."""
    query = request.GET.copy()
    query.pop("page", None)
    querystring = query.urlencode()
    if row is not None or rows is not None:

        def fill():
            query = queryset() if callable(queryset) else queryset
            page = paginate(request, query, per_page, cache_count=cache_count)["page"]
            items = list(page)
            values = rows(items) if rows is not None else [row(item) for item in items]
            return {"rows": values, "count": page.paginator.count, "number": page.number}

        kept = cached_rows(cache_count, request, fill, also)
        return _page_context(Page(kept["rows"], kept["number"], Paginator(range(kept["count"]), per_page)), querystring)
    if cache_count:
        paginator = CachedCountPaginator(queryset, per_page, count_key=count_key(cache_count, request, querystring))
    else:
        paginator = Paginator(queryset, per_page)
    return _page_context(paginator.get_page(request.GET.get("page")), querystring)


def _page_context(page, querystring: str) -> dict:
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "querystring": querystring,
    }


def cached_rows(name: str, request, fill, also: tuple[str, ...] = ("people",)) -> dict:
    """A list page's rows as plain values, kept until `name`'s data (or the units and people
    they name) changes, for a minute at most.

    Staff go back and forth between a list and its cases all day; each return would otherwise
    fetch fifty rows through the permission filters and turn them into table cells again. The
    key holds the user and their roles, so a role taken away is a different, empty key.
    """
    return cache.get_or_set(count_key(name, request, request.GET.urlencode(), "rows", also), fill, COUNT_SECONDS)


def paginate_by_cursor(request, queryset, per_page: int = PAGE_SIZE, *, cache_count: str, row=None) -> dict:
    """Newest first, walked by "older" / "newer" cursors on the primary key.

    Numbered pages cost an OFFSET that grows with the page number; a cursor costs the same
    on the first page and the ten-thousandth. Used for lists that only grow (cases). With
    `row`, the page is kept as plain values: see cached_rows.
    """
    if row is not None:

        def fill():
            paging = paginate_by_cursor(request, queryset, per_page, cache_count=cache_count)
            return {**paging, "rows": [row(item) for item in paging["rows"]]}

        return cached_rows(cache_count, request, fill)
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
