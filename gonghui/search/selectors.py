"""Searching as a user: the words matched by the database's full-text index, every hit one the
user could open (its kind's routes, asked in the same query), ranked, counted up to a cap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from gonghui.org.models import under

from .backends import backend
from .models import Entry
from .registry import SearchKind, kinds_for
from .text import Query, parse_query, snippet

# Counting every hit of a common word over a few hundred thousand records is the one cost that
# grows with the data; past this many, a search says "more than" and asks for a narrower word.
COUNT_CAP = 1000


@dataclass
class Hit:
    kind: SearchKind
    entry: Entry
    url: str
    title: str
    snippet: str

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    by_kind: dict[str, int] = field(default_factory=dict)
    kinds: list[SearchKind] = field(default_factory=list)

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.total)


def visible(user, kinds: list[SearchKind]) -> Q:
    """Entries of these kinds whose record the user may open by one of its routes."""
    condition = Q(pk__in=[])
    for kind in kinds:
        routes = Q(pk__in=[])
        for route in kind.routes:
            routes |= Q(Exists(route.visible(user).filter(pk=OuterRef("object_id"))))
        condition |= Q(kind=kind.key) & routes
    return condition


def _scoped(user, kinds, *, year=None, unit_path=None):
    entries = Entry.objects.filter(visible(user, kinds))
    if year:
        entries = entries.filter(year=year)
    if unit_path:
        entries = entries.filter(under("unit_path", unit_path))
    return entries


def search(user, text: str, *, kind: str = "", year=None, unit_path=None, offset: int = 0, limit: int = 20) -> Results:
    query = parse_query(text)
    kinds = kinds_for(user)
    results = Results(query=query, kinds=kinds)
    if not query or not kinds:
        return results
    db = backend(connection)
    match = db.query(query)
    scoped = _scoped(user, kinds, year=year, unit_path=unit_path)
    found = list(db.matching(scoped, match).values_list("kind", flat=True)[: COUNT_CAP + 1])
    results.capped = len(found) > COUNT_CAP
    results.by_kind = dict(Counter(found[:COUNT_CAP]))
    chosen = [k for k in kinds if k.key == kind]
    if chosen:
        scoped = _scoped(user, chosen, year=year, unit_path=unit_path)
        results.total = results.by_kind.get(kind, 0)
    else:
        results.total = min(len(found), COUNT_CAP)
    if results.total == 0 or offset >= results.total:
        return results
    page = list(db.ranked(scoped, match).select_related(None)[offset : offset + limit])
    results.hits = hits(user, page, query)
    return results


def similar(user, text: str, *, kinds: list[str], exclude: tuple[str, int] | None = None, limit: int = 5) -> list[Hit]:
    """The records most like a title being written: any of its words, best ranked first."""
    query = parse_query(text)
    chosen = [k for k in kinds_for(user) if k.key in kinds]
    if not query or not chosen:
        return []
    db = backend(connection)
    scoped = _scoped(user, chosen)
    if exclude is not None:
        scoped = scoped.exclude(kind=exclude[0], object_id=exclude[1])
    page = list(db.ranked(scoped, db.query(query, any_word=True))[:limit])
    return hits(user, page, query)


def hits(user, entries: list[Entry], query: Query) -> list[Hit]:
    """The entries as links: a kind with more than one route (a proposal opened as a case by
    those who handle it, on the public list by everyone else) asks, once per extra route, which
    of the page's records the first routes open."""
    from .registry import get_kind

    urls: dict[tuple[str, int], str] = {}
    by_kind: dict[str, list[Entry]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    for key, group in by_kind.items():
        routes = get_kind(key).routes
        pending = {e.object_id: e for e in group}
        for route in routes[:-1]:
            opened = set(route.visible(user).filter(pk__in=list(pending)).values_list("pk", flat=True))
            for pk in opened:
                urls[(key, pk)] = route.url(pending.pop(pk))
        for pk, entry in pending.items():
            urls[(key, pk)] = routes[-1].url(entry)
    return [
        Hit(
            kind=get_kind(e.kind),
            entry=e,
            url=urls[(e.kind, e.object_id)],
            title=snippet(e.title, query, width=200),
            snippet=snippet(e.text, query),
        )
        for e in entries
    ]
