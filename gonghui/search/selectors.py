"""Searching as a user: the words matched by the database's full-text index, every hit one the
user could open (its kind's routes, asked in the same query), ranked, counted up to a cap."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import IsNull
from django.utils import timezone

from gonghui.org.models import under

from .backends import backend
from .models import OBJECT_MASK, Entry, code_of, entry_id, kind_range
from .registry import SearchKind, all_kinds, get_kind, kinds_for
from .text import Query, parse_query, snippet

# A search ranks and counts at most this many of the newest matching records of each kind the
# user may open: ranking every match of a common word (食堂 in a tenth of 200,000 appeals)
# costs more than a page may. Past it the count says "100+" and asks for a narrower word.
POOL = 100
COUNT_CAP = POOL
# A route opening fewer records than this to the user (an employee's own appeals) is asked as
# the set of their ids; a wider one (the office's every appeal) record by record.
NARROW = 500
SMALL_KIND = 1000


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
    capped_kinds: set[str] = field(default_factory=set)
    kinds: list[SearchKind] = field(default_factory=list)

    @property
    def total_label(self) -> str:
        return f"{self.total}+" if self.capped else str(self.total)

    def kind_label(self, key: str) -> str:
        return f"{self.by_kind.get(key, 0)}{'+' if key in self.capped_kinds else ''}"


def most_ranked() -> int:
    """How many hits a search can rank and page through: every kind's pool."""
    return COUNT_CAP * len(all_kinds())


def _route_opens(db, kind: SearchKind, route, user, *, small_kind: bool) -> Q:
    """The matches this route lets the user open: a narrow route as the set of its records'
    entry ids; a wide one, or any of a kind with few records (whose set may still cost a
    scan: a handler's proposals are found through every case of their unit), asked record by
    record as the kind's matches are walked newest first, until the pool is full. Which is
    which is asked once, when the query is built (either gives the same hits)."""
    visible = route.visible(user).order_by()
    if not small_kind and not visible.values("pk")[NARROW : NARROW + 1].exists():
        return db.among(visible.annotate(entry=F("pk") + entry_id(kind.code, 0)).values("entry"))
    # A scalar subquery, not EXISTS: PostgreSQL turns an EXISTS under OR into a hash of every
    # record the route opens (all 200,000 appeals for the office) before the first match.
    return Q(IsNull(Subquery(visible.filter(pk=OuterRef("id").bitand(OBJECT_MASK)).values("pk")[:1]), False))


@dataclass(frozen=True)
class _Match:
    id: int
    route: int  # which of its kind's routes opens it to the user
    title: str
    happened_at: datetime | None

    def rank(self, query: Query) -> tuple:
        """Best first: more of the words in the title, then the newest."""
        return (-query.in_title(self.title), -(self.happened_at.timestamp() if self.happened_at else 0), -self.id)


def _pool(user, db, match: str, kinds, *, year=None, unit_path=None) -> dict[str, list[_Match]]:
    """Per kind, the newest POOL + 1 matches the user may open, newest first."""
    sql, params = _compiled(user, db, kinds, year=year, unit_path=unit_path)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match if p == _MATCH else p for p in params])
        rows = cursor.fetchall()
    pools = {kind.key: [] for kind in kinds}
    keys = {kind.code: kind.key for kind in kinds}
    for id, route, title, happened_at in rows:
        if isinstance(happened_at, str):  # SQLite hands a subquery's datetime over as text
            happened_at = datetime.fromisoformat(happened_at)
        pools[keys[code_of(id)]].append(_Match(id, route, title, happened_at))
    return pools


# Stands for the words asked for in a kept query.
_MATCH = "\x00words\x00"


def _compiled(user, db, kinds, *, year, unit_path) -> tuple[str, list]:
    """The pools' SQL for this user, kinds and filters, built once and kept: Django takes
    longer to build and compile its forty-odd permission subqueries than the database takes to
    run them. One statement, a part per kind, each walking its kind's range of ids alone.
    The key holds everything the rules read in Python (the user's roles with their units,
    their own unit, today's date: a disclosure is shown until its period ends) and the roles',
    people's and units' generations, so a role granted or taken away, a transfer or a new
    union is a new key at once."""
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
    matches = db.matches(_MATCH)
    if year or unit_path:
        entries = Entry.objects.filter(pk=OuterRef("id"))
        if year:
            entries = entries.filter(year=year)
        if unit_path:
            entries = entries.filter(under("unit_path", unit_path))
        matches = matches.filter(Exists(entries))
    parts, params = [], []
    for kind in kinds:
        small = not Entry.objects.filter(id__range=kind_range(kind.code))[SMALL_KIND : SMALL_KIND + 1].exists()
        opens = [_route_opens(db, kind, route, user, small_kind=small) for route in kind.routes]
        part = matches.filter(id__range=kind_range(kind.code)).filter(reduce(operator.or_, opens))
        # Which route opened each hit, asked of the few the part returns: the link goes there.
        which = Case(*[When(q, then=Value(i)) for i, q in enumerate(opens[:-1])], default=Value(len(opens) - 1))
        newest = part.annotate(route=which, **db.shown()).order_by("-id")[: POOL + 1]
        try:
            sql, part_params = newest.values_list("id", "route", "shown_title", "shown_at").query.sql_with_params()
        except EmptyResultSet:  # no route opens any record of this kind to the user
            continue
        parts.append(f"SELECT * FROM ({sql}) AS kind_{kind.code}")
        params += part_params
    sql = " UNION ALL ".join(parts) or "SELECT 0, 0, '', NULL WHERE 1 = 0"
    cache.set(key, ((who, scope), sql, params), 600)
    return sql, params


def search(user, text: str, *, kind: str = "", year=None, unit_path=None, offset: int = 0, limit: int = 20) -> Results:
    query = parse_query(text)
    kinds = kinds_for(user)
    results = Results(query=query, kinds=kinds)
    if not query or not kinds:
        return results
    db = backend(connection)
    pools = _pool(user, db, db.query(query), kinds, year=year, unit_path=unit_path)
    results.by_kind = {key: min(len(rows), POOL) for key, rows in pools.items() if rows}
    results.capped_kinds = {key for key, rows in pools.items() if len(rows) > POOL}
    results.capped = bool(results.capped_kinds)
    if kind in pools:
        results.capped = len(pools[kind]) > POOL
        pools = {kind: pools[kind]}
    pool = _ranked(query, pools)
    results.total = len(pool)
    results.hits = hits(user, pool[offset : offset + limit], query)
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
    pool = _ranked(query, _pool(user, db, db.query(query), chosen), skip)
    if len(pool) < limit and len(query.words) > 1:
        seen = {m.id for m in pool}
        pool += [
            m for m in _ranked(query, _pool(user, db, db.query(query, any_word=True), chosen), skip) if m.id not in seen
        ]
    return hits(user, pool[:limit], query)


def _ranked(query: Query, pools: dict[str, list[_Match]], skip: int | None = None) -> list[_Match]:
    return sorted((m for rows in pools.values() for m in rows[:POOL] if m.id != skip), key=lambda m: m.rank(query))


def hits(user, matches: list[_Match], query: Query) -> list[Hit]:
    """The matches as links to where each was found open, with their entries' snippets."""
    found = Entry.objects.in_bulk([m.id for m in matches])
    shown = []
    for m in matches:
        if (entry := found.get(m.id)) is None:  # deleted since the pool was read
            continue
        kind = get_kind(entry.kind)
        shown.append(
            Hit(
                kind=kind,
                entry=entry,
                url=kind.routes[m.route].url(entry),
                title=snippet(entry.title, query, width=200),
                snippet=snippet(entry.text, query),
            )
        )
    return shown
