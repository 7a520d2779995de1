"""Keeping the index current: a registered record's entry is written by the statement after
its own save, in its transaction, and removed with it. Writes that bypass save() (a
queryset's update()) call `reindex` for the records whose text they changed.
`rebuild` writes the whole index again (manage.py rebuild_search)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import Entry
from .text import token_text

TEXT_CHARS = 2000  # kept for the snippet; the words of the whole body are indexed
BODY_CHARS = 20000

_BY_MODEL: dict[type, list] = defaultdict(list)
_WATCHERS: dict[type, list] = defaultdict(list)
_FIELDS = ["unit", "unit_path", "year", "happened_at", "title", "subtitle", "text", "title_tokens", "body_tokens"]


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
    keys = [kind.key for kind in _BY_MODEL[sender]]
    Entry.objects.filter(kind__in=keys, object_id=instance.pk).delete()


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
            Entry.objects.filter(kind=kind.key, object_id=record.pk).delete()
        else:
            write(kind, fresh)


def write(kind, instance) -> None:
    Entry.objects.bulk_create(
        [entry_of(kind, instance)],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=_FIELDS,
    )


def _moment(when) -> datetime | None:
    if when is None:
        return None
    if isinstance(when, datetime):
        return when
    return timezone.make_aware(datetime.combine(when, time.min)) if isinstance(when, date) else None


def entry_of(kind, instance) -> Entry:
    document = kind.document(instance)
    when = _moment(document.when)
    body = (document.body or "")[:BODY_CHARS]
    return Entry(
        kind=kind.key,
        object_id=instance.pk,
        unit=document.unit,
        unit_path=document.unit.path if document.unit is not None else "",
        year=timezone.localtime(when).year if when else None,
        happened_at=when,
        title=document.title[:200],
        subtitle=document.subtitle[:200],
        text=body[:TEXT_CHARS],
        title_tokens=token_text(document.title, *document.terms),
        body_tokens=token_text(body),
    )


def rebuild(kinds, *, batch: int = 2000, progress=None) -> dict[str, int]:
    """Every record of these kinds indexed again, in one transaction: searches go on reading
    the old index until the new one is committed."""
    counts = {}
    with transaction.atomic(), _bulk_writes():
        Entry.objects.filter(kind__in=[k.key for k in kinds]).delete()
        for kind in kinds:
            written, pending = 0, []
            for record in kind.records().iterator(chunk_size=batch):
                if kind.applies(record):
                    pending.append(entry_of(kind, record))
                if len(pending) >= batch:
                    Entry.objects.bulk_create(pending)
                    written += len(pending)
                    pending = []
                    if progress:
                        progress(kind, written)
            Entry.objects.bulk_create(pending)
            counts[kind.key] = written + len(pending)
            if progress:
                progress(kind, counts[kind.key])
    return counts


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
