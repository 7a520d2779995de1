"""Searching as a user: the words matched by the database's full-text index, every hit one the
user could open (its kind's routes, asked in the same query), ranked, counted up to a cap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, When
from django.utils import timezone

from gonghui.org.models import under

from .backends import backend
from .models import CODE_BITS, Entry, entry_id
from .registry import SearchKind, get_kind, kinds_for
from .text import Query, parse_query, snippet

# A search ranks and counts at most this many of the newest matching records the user may open:
# ranking every match of a common word (食堂 in a tenth of 200,000 appeals) costs more than
# a page may. Past it the count says "300+" and asks for a narrower word.
POOL = 300
COUNT_CAP = POOL
# A route opening fewer records than this to the user (an employee's own appeals) is asked as
# the set of their ids; a wider one (the office's every appeal) record by record as the
# matches are read, newest first, until the pool is full.
NARROW = 500
CODE_MASK = (1 << CODE_BITS) - 1


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


def _route_opens(kind: SearchKind, route, user):
    """The matches this route lets the user open. Which of the two ways is cheaper is decided
    by the database once per query (the uncorrelated "more than NARROW?" is evaluated once)."""
    visible = route.visible(user).order_by()
    many = Exists(visible.values("pk")[NARROW : NARROW + 1])
    each = Exists(visible.filter(pk=OuterRef("id").bitrightshift(CODE_BITS)))
    ids = visible.annotate(entry=F("pk").bitleftshift(CODE_BITS).bitor(kind.code)).values("entry")
    return Case(
        When(many, then=each),
        default=ExpressionWrapper(Q(id__in=ids), output_field=BooleanField()),
        output_field=BooleanField(),
    )


def visible(user, kinds: list[SearchKind]) -> Q:
    """Matches of these kinds whose record the user may open by one of its routes."""
    condition = Q(pk__in=[])
    for kind in kinds:
        routes = Q(pk__in=[])
        for route in kind.routes:
            routes |= Q(_route_opens(kind, route, user))
        condition |= Q(code=kind.code) & routes
    return condition


def _pool(user, db, match: str, kinds, *, year=None, unit_path=None) -> list[tuple[int, float]]:
    """(entry id, score) of the newest POOL + 1 matches the user may open, best first."""
    sql, params = _compiled(user, db, kinds, year=year, unit_path=unit_path)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match if p == _MATCH else p for p in params])
        return db.best_first(cursor.fetchall())


# Stands for the words asked for in a kept query.
_MATCH = "\x00words\x00"


def _compiled(user, db, kinds, *, year, unit_path) -> tuple[str, list]:
    """The pool's SQL for this user, kinds and filters, built once and kept: Django takes
    longer to build and compile its forty-odd permission subqueries than the database takes to
    run them. The key holds everything the rules read in Python (the user's roles with their
    units, their own unit, today's date: a disclosure is shown until its period ends) and the
    roles', people's and units' generations, so a role granted or taken away, a transfer or a
    new union is a new key at once."""
    from django.core.cache import cache

    from gonghui.core.cache import generation
    from gonghui.org.scopes import grants

    employee = getattr(user, "employee", None) if user.employee_id else None
    who = (
        user.pk,
        user.is_superuser,
        employee.unit_id if employee else None,
        employee.unit_path if employee else None,
        tuple(grants(user)),
    )
    scope = (tuple(k.key for k in kinds), year, unit_path, connection.vendor, timezone.localdate())
    generations = f"{generation('roles')}.{generation('people')}.{generation('units')}"
    key = f"search-sql:{generations}:{hash((who, scope))}"
    if (kept := cache.get(key)) is not None and kept[0] == (who, scope):
        return kept[1], kept[2]
    matches = db.matches(_MATCH).annotate(code=F("id").bitand(CODE_MASK), score=db.score(_MATCH))
    if year or unit_path:
        entries = Entry.objects.filter(pk=OuterRef("id"))
        if year:
            entries = entries.filter(year=year)
        if unit_path:
            entries = entries.filter(under("unit_path", unit_path))
        matches = matches.filter(Exists(entries))
    query = matches.filter(visible(user, kinds)).order_by("-id").values_list("id", "score")[: POOL + 1]
    sql, params = query.query.sql_with_params()
    cache.set(key, ((who, scope), sql, list(params)), 600)
    return sql, list(params)


def search(user, text: str, *, kind: str = "", year=None, unit_path=None, offset: int = 0, limit: int = 20) -> Results:
    query = parse_query(text)
    kinds = kinds_for(user)
    results = Results(query=query, kinds=kinds)
    if not query or not kinds:
        return results
    db = backend(connection)
    match = db.query(query)
    pool = _pool(user, db, match, kinds, year=year, unit_path=unit_path)
    codes = {k.code: k.key for k in kinds}
    results.capped = len(pool) > POOL
    results.by_kind = dict(Counter(codes[entry_id & CODE_MASK] for entry_id, _ in pool[:POOL]))
    if chosen := [k for k in kinds if k.key == kind]:
        pool = _pool(user, db, match, chosen, year=year, unit_path=unit_path)
        results.by_kind[kind] = min(len(pool), POOL)
    results.total = min(len(pool), POOL)
    return _page(results, user, pool[:POOL], offset, limit)


def _page(results: Results, user, pool, offset: int, limit: int) -> Results:
    ids = [entry_id for entry_id, _ in pool[offset : offset + limit]]
    found = Entry.objects.in_bulk(ids)
    results.hits = hits(user, [found[i] for i in ids if i in found], results.query)
    return results


def similar(user, text: str, *, kinds: list[str], exclude: tuple[str, int] | None = None, limit: int = 5) -> list[Hit]:
    """The records most like a title being written: those with all its words, or if there are
    too few of them, with any of them; best ranked first."""
    query = parse_query(text)
    chosen = [k for k in kinds_for(user) if k.key in kinds]
    if not query or not chosen:
        return []
    db = backend(connection)
    skip = entry_id(get_kind(exclude[0]).code, exclude[1]) if exclude else None
    pool = [row for row in _pool(user, db, db.query(query), chosen) if row[0] != skip]
    if len(pool) < limit and len(query.words) > 1:
        seen = {row[0] for row in pool}
        pool += [row for row in _pool(user, db, db.query(query, any_word=True), chosen) if row[0] not in seen | {skip}]
    return _page(Results(query=query), user, pool, 0, limit).hits


def hits(user, entries: list[Entry], query: Query) -> list[Hit]:
    """The entries as links: a kind with more than one route (a proposal opened as a case by
    those who handle it, on the public list by everyone else) asks, once per extra route, which
    of the page's records the first routes open."""
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
