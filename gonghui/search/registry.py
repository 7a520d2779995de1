"""What can be searched: each module registers its kinds of record, in its AppConfig.ready.

    register_searchable(SearchKind(
        key="news", label="新闻", code=3, model=Article,
        document=lambda a: Document(title=a.title, body=a.body, when=a.published_at or a.created_at),
        routes=(Route(Article.objects.visible_to, "news:detail"),),
    ))

A kind says how a record reads (`document`), which records are indexed at all (`indexed`,
a queryset; `applies`, the same test on one instance), and where a hit leads: `routes`, each a
set of records a user may open and the page that opens them. A hit is shown only when the
record is in one of its routes' sets for the searching user, asked of the database at search
time: what a page would refuse, search never shows, and a withdrawn or deleted record is gone
from the results as soon as its page is. `allowed` hides a whole kind (people, for those who
do not manage anyone). `watch` names other models whose change rewrites a record's text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Model, QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class Document:
    title: str
    body: str = ""
    when: datetime | date | None = None
    unit: Model | None = None  # an OrgUnit: what the unit filter narrows by
    # Words found but not shown (a number, a name's pinyin).
    terms: tuple[str, ...] = ()
    subtitle: str = ""
    # False: the title is a person's name, found by its terms (every part of it), not cut
    # into words (jieba would take a third of a 50,000-person import).
    cut_title: bool = True


@dataclass(frozen=True)
class Route:
    visible: Callable[..., QuerySet]  # visible(user) -> the kind's records this user may open
    url_name: str
    url_query: Callable[[Model], str] | None = None  # a list page found by a query string

    def url(self, entry) -> str:
        if self.url_query is not None:
            return f"{reverse(self.url_name)}?{self.url_query(entry)}"
        return reverse(self.url_name, args=[entry.object_id])


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    # 1–63, never reused: kept in every entry's id (models.entry_id). A new code needs a rebuild.
    code: int
    model: type[Model]
    document: Callable[[Model], Document]
    routes: tuple[Route, ...]
    indexed: Callable[[], QuerySet] | None = None
    applies: Callable[[Model], bool] = lambda instance: True
    allowed: Callable[..., bool] = lambda user: True
    watch: dict[type[Model], Callable[[Model], Model | None]] = field(default_factory=dict)
    icon: str = "bi-file-text"

    def records(self) -> QuerySet:
        return self.indexed() if self.indexed is not None else self.model._default_manager.all()


_KINDS: dict[str, SearchKind] = {}


def register_searchable(kind: SearchKind) -> SearchKind:
    from . import index
    from .models import MAX_CODE

    if not 0 < kind.code <= MAX_CODE:
        raise ValueError(f"{kind.key}: code {kind.code} is not 1–{MAX_CODE}")
    if (taken := next((k for k in _KINDS.values() if k.code == kind.code and k.key != kind.key), None)) is not None:
        raise ValueError(f"{kind.key}: code {kind.code} is {taken.key}'s")
    _KINDS[kind.key] = kind
    index.connect(kind)
    return kind


def get_kind(key: str) -> SearchKind | None:
    return _KINDS.get(key)


def kind_of_code(code: int) -> SearchKind | None:
    return next((k for k in _KINDS.values() if k.code == code), None)


def all_kinds() -> list[SearchKind]:
    return list(_KINDS.values())


def kinds_for(user) -> list[SearchKind]:
    return [kind for kind in _KINDS.values() if kind.allowed(user)]
