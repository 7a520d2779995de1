"""What the audit log knows about the models it records.

- Models that write their audit rows themselves instead of through auditlog's signals (cases,
  ballots) are registered here, so the log can offer them as a type to filter by, and say how
  their fields read (`labels`, `value`).
- Who may see a model's rows: `register_scope(model, visible)`, where visible(user) gives the
  objects of the model the user may see. A row of the log is shown only to someone who may
  see its object; a model without a scope is seen in full by whoever may read the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q


@dataclass(frozen=True)
class ManualFormat:
    labels: dict[str, str] = field(default_factory=dict)
    # (entry, field name, stored text) -> text to show, or None to show it as stored.
    value: Callable = lambda entry, name, text: None


_MANUAL: dict[type, ManualFormat] = {}
_SCOPES: dict[type, Callable] = {}


def register_manual(model, *, labels: dict[str, str] | None = None, value: Callable | None = None) -> None:
    _MANUAL[model] = ManualFormat(labels=labels or {}, value=value or (lambda entry, name, text: None))


def manual_format(model) -> ManualFormat | None:
    return _MANUAL.get(model)


def register_scope(model, visible: Callable) -> None:
    _SCOPES[model] = visible


def audited_models() -> list:
    from auditlog.registry import auditlog

    return [*auditlog.get_models(), *_MANUAL]


def visible_entries(entries, user):
    """The log rows whose object `user` may see (they must already be allowed to read the log).

    Per scoped model, a correlated EXISTS on the object's primary key: the newest-first walk of
    the log checks each row it shows against one index lookup, never the whole table.
    """
    from django.contrib.contenttypes.models import ContentType

    if user.is_superuser:
        return entries
    scoped = {}
    for model, visible in _SCOPES.items():
        rows = visible(user)
        if rows.query.where:  # a filter: some objects are hidden from this user
            scoped[ContentType.objects.get_for_model(model).pk] = rows
    if not scoped:
        return entries
    condition = ~Q(content_type_id__in=list(scoped))
    for content_type_id, rows in scoped.items():
        condition |= Q(content_type_id=content_type_id) & Exists(rows.filter(pk=OuterRef("object_id")))
    return entries.filter(condition)
