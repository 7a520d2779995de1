"""The database's own full-text index over the entries' words, one class per vendor: the DDL
the migration runs, the fast path for writing the whole index, and the match a search adds
to its query."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import In

from .text import Query


class SQLite:
    """An FTS5 table over search_entry's two token columns (external content: the words are
    stored once), kept by triggers."""

    TRIGGERS = [
        """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
             INSERT INTO search_fts(rowid, title_tokens, body_tokens)
             VALUES (new.id, new.title_tokens, new.body_tokens);
           END""",
        """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
             INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
             VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
           END""",
        """CREATE TRIGGER search_entry_au AFTER UPDATE OF title_tokens, body_tokens ON search_entry BEGIN
             INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
             VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
             INSERT INTO search_fts(rowid, title_tokens, body_tokens)
             VALUES (new.id, new.title_tokens, new.body_tokens);
           END""",
    ]
    CREATE = [
        """CREATE VIRTUAL TABLE search_fts USING fts5(
             title_tokens, body_tokens, content='search_entry', content_rowid='id',
             tokenize='unicode61 remove_diacritics 0')""",
        *TRIGGERS,
    ]
    DROP = [
        "DROP TRIGGER IF EXISTS search_entry_ai",
        "DROP TRIGGER IF EXISTS search_entry_ad",
        "DROP TRIGGER IF EXISTS search_entry_au",
        "DROP TABLE IF EXISTS search_fts",
    ]

    def before_bulk(self, connection):
        with connection.cursor() as cursor:
            for statement in self.DROP[:3]:
                cursor.execute(statement)

    def after_bulk(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            for statement in self.TRIGGERS:
                cursor.execute(statement)

    def matches(self, match: str) -> QuerySet:
        from .models import Match

        # extra(): MATCH is FTS5's own operator, with no lookup in Django.
        return Match.objects.extra(where=["search_fts MATCH %s"], params=[match])

    def shown(self) -> dict:
        """What ranking a match needs, read from its entry (for the few a search returns)."""
        from .models import Entry

        entry = Entry.objects.filter(pk=OuterRef("id"))
        return {"shown_title": Subquery(entry.values("title")), "shown_at": Subquery(entry.values("happened_at"))}

    def among(self, entry_ids) -> Q:
        # "+ 0": FTS5 would take a set of rowids as that many lookups, each evaluating the
        # words again (a few hundred microseconds for two words); walking the kind's matches
        # and testing each against the set is cheaper even for a handful of ids.
        return Q(In(F("id") + 0, entry_ids))

    def query(self, query: Query, *, any_word: bool = False) -> str:
        return query.fts5(any_word=any_word)


class PostgreSQL:
    """A generated tsvector column (title words weighted A) with a GIN index: PostgreSQL
    computes it in the same statement that writes the entry."""

    VECTOR = (
        "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, body_tokens), 'D')"
    )
    INDEX = "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)"
    CREATE = [f"ALTER TABLE search_entry ADD COLUMN vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED", INDEX]
    DROP = ["DROP INDEX IF EXISTS search_entry_vector", "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector"]

    def before_bulk(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_entry_vector")

    def after_bulk(self, connection):
        with connection.cursor() as cursor:
            # The entries' deferred foreign-key checks are still pending, and PostgreSQL builds
            # no index on a table with pending trigger events: check them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(self.INDEX)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("ANALYZE search_entry")

    def matches(self, match: str) -> QuerySet:
        from .models import Entry

        return Entry.objects.extra(where=["search_entry.vector @@ %s::tsquery"], params=[match])

    def shown(self) -> dict:
        return {"shown_title": F("title"), "shown_at": F("happened_at")}

    def among(self, entry_ids) -> Q:
        return Q(id__in=entry_ids)

    def query(self, query: Query, *, any_word: bool = False) -> str:
        return query.tsquery(any_word=any_word)


def backend(connection):
    return PostgreSQL() if connection.vendor == "postgresql" else SQLite()
