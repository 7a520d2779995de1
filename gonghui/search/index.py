"""Keeping the index current: a registered record's entry is written by the statement after
its own save, in its transaction, and removed with it. Writes that bypass save() (a
queryset's update()) call `reindex` for the records whose text they changed.
`rebuild` writes the whole index again (manage.py rebuild_search)."""

from __future__ import annotations

import os
from collections import defaultdict, deque
from datetime import date, datetime, time

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import Entry, entry_id
from .text import _jieba, term_text, token_text

TEXT_CHARS = 2000  # kept for the snippet; the words of the whole body are indexed
BODY_CHARS = 20000

_BY_MODEL: dict[type, list] = defaultdict(list)
_WATCHERS: dict[type, list] = defaultdict(list)
_COLUMNS = ["id", "kind", "object_id", "unit_id", "unit_path", "year", "happened_at", "title", "subtitle", "text"]


def connect(kind) -> None:
    if kind not in _BY_MODEL[kind.model]:
        _BY_MODEL[kind.model] = [k for k in _BY_MODEL[kind.model] if k.key != kind.key] + [kind]
    uid = f"search:{kind.model._meta.label}"
    post_save.connect(_saved, sender=kind.model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=kind.model, dispatch_uid=uid)
    for model, target in kind.watch.items():
        _WATCHERS[model] = [(k, t) for k, t in _WATCHERS[model] if k.key != kind.key] + [(kind, target)]
        post_save.connect(_watched, sender=model, dispatch_uid=f"search-watch:{model._meta.label}")


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        for kind in _BY_MODEL[sender]:
            if kind.applies(instance):
                write(kind, instance)


def _deleted(sender, instance, **kwargs):
    Entry.objects.filter(pk__in=[entry_id(kind.code, instance.pk) for kind in _BY_MODEL[sender]]).delete()


def _watched(sender, instance, raw=False, **kwargs):
    if not raw:
        for kind, target in _WATCHERS[sender]:
            if (record := target(instance)) is not None:
                reindex(record, kinds=[kind])


def reindex(record, kinds=None) -> None:
    """Write a record's entry again from the database (after an update() changed it)."""
    for kind in kinds or _BY_MODEL[type(record)]:
        if not kind.applies(record):
            continue
        fresh = kind.records().filter(pk=record.pk).first()
        if fresh is None:
            Entry.objects.filter(pk=entry_id(kind.code, record.pk)).delete()
        else:
            write(kind, fresh)


def index_many(records) -> None:
    """Index records written in bulk (an import's bulk_create and bulk_update), which pass
    by the save() that indexes one: in the same transaction, written like a rebuild's."""
    records = list(records)
    for kind in _BY_MODEL[type(records[0])] if records else ():
        chunks = (records[i : i + 2000] for i in range(0, len(records), 2000))
        pairs = ([_unworded(kind, r) for r in chunk if kind.applies(r)] for chunk in chunks)
        _insert(((chunk, _cut_many([w for _, w in chunk])) for chunk in pairs), upsert=True)


def write(kind, instance) -> None:
    """One record's entry, written over the one it had."""
    values, words = _unworded(kind, instance)
    _insert([([(values, words)], [_words(words)])], upsert=True)


def _moment(when) -> datetime | None:
    if when is None:
        return None
    if isinstance(when, datetime):
        return when
    return timezone.make_aware(datetime.combine(when, time.min)) if isinstance(when, date) else None


def _unworded(kind, instance) -> tuple[dict, tuple]:
    """The entry's values without its words, and what they are cut from: apart, so that a
    rebuild can have other processes cut them while this one reads and writes the database."""
    document = kind.document(instance)
    when = _moment(document.when)
    body = (document.body or "")[:BODY_CHARS]
    values = {
        "id": entry_id(kind.code, instance.pk),
        "kind": kind.key,
        "object_id": instance.pk,
        "unit_id": document.unit.pk if document.unit is not None else None,
        "unit_path": document.unit.path if document.unit is not None else "",
        "year": timezone.localtime(when).year if when else None,
        "happened_at": when,
        "title": document.title[:200],
        "subtitle": document.subtitle[:200],
        "text": body[:TEXT_CHARS],
    }
    return values, (document.title if document.cut_title else "", document.terms, body)


def _words(words: tuple) -> tuple[str, str]:
    title, terms, body = words
    return " ".join(filter(None, [token_text(title), term_text(terms)])), token_text(body)


def _cut_many(batch: list[tuple]) -> list[tuple[str, str]]:
    return [_words(words) for words in batch]


# Below this many records a rebuild cuts the words itself: starting processes costs more.
PARALLEL_FROM = 20_000


def rebuild(kinds, *, batch: int = 2000, progress=None, processes: int | None = None) -> dict[str, int]:
    """Every record of these kinds indexed again, in one transaction: searches go on reading
    the old index until the new one is committed.

    Cutting the words is nearly all the work (jieba, in Python): for a large index it is shared
    out to one process per core, forked after jieba is loaded, which touch no database."""
    counts = {}
    processes = processes if processes is not None else os.cpu_count() or 1
    big = processes > 1 and sum(kind.records().count() for kind in kinds) >= PARALLEL_FROM
    pool = _forked_pool(processes) if big else None
    try:
        with transaction.atomic(), _bulk_writes():
            Entry.objects.filter(kind__in=[k.key for k in kinds]).delete()
            for kind in kinds:
                counts[kind.key] = _rebuild_kind(kind, batch, pool, progress)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return counts


def _forked_pool(processes: int):
    import multiprocessing

    _jieba()
    return multiprocessing.get_context("fork").Pool(processes)


def _rebuild_kind(kind, batch: int, pool, progress) -> int:
    def batches():
        pending = []
        for record in kind.records().iterator(chunk_size=batch):
            if kind.applies(record):
                pending.append(_unworded(kind, record))
            if len(pending) >= batch:
                yield pending
                pending = []
        if pending:
            yield pending

    def cut(chunks):
        """(chunk, its words cut), in order. With a pool, the chunks are read here (the database
        is this thread's) and cut by the pool, a few at a time ahead of the writing."""
        if pool is None:
            yield from ((chunk, _cut_many([w for _, w in chunk])) for chunk in chunks)
            return
        ahead = deque()
        for chunk in chunks:
            ahead.append((chunk, pool.apply_async(_cut_many, ([w for _, w in chunk],))))
            if len(ahead) > 4:
                done, result = ahead.popleft()
                yield done, result.get()
        while ahead:
            done, result = ahead.popleft()
            yield done, result.get()

    return _insert(cut(batches()), progress=(lambda n: progress(kind, n)) if progress else None)


def _insert(batches, *, upsert: bool = False, progress=None) -> int:
    """Write (entry values, cut words) batches with one executemany each: building and
    compiling model instances for bulk_create was most of a rebuild's time once the words
    are cut elsewhere. `upsert`: an entry already there is written over (an import's update)."""
    columns = [*_COLUMNS, "title_tokens", "body_tokens"]
    insert = f"INSERT INTO search_entry ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    if upsert:
        insert += " ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    adapt = connection.ops.adapt_datetimefield_value
    written = 0
    with connection.cursor() as cursor:
        for chunk, cut_words in batches:
            rows = [
                [adapt(values[c]) if c == "happened_at" else values[c] for c in _COLUMNS] + list(tokens)
                for (values, _), tokens in zip(chunk, cut_words, strict=True)
            ]
            if len(rows) == 1:  # one record's save
                cursor.execute(insert, rows[0])
            elif rows:
                cursor.executemany(insert, rows)
            written += len(rows)
            if progress:
                progress(written)
    return written


class _bulk_writes:
    """Writing many entries at once: SQLite's FTS table is filled from the entries in one pass
    afterwards, not row by row through its triggers; PostgreSQL's GIN index is built once at
    the end, not grown row by row."""

    def __enter__(self):
        from .backends import backend

        self.backend = backend(connection)
        self.backend.before_bulk(connection)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.backend.after_bulk(connection)
