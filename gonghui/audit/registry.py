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
from functools import cache

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
    if user.is_superuser:
        return entries
    # A model with no union to tell it by is read by the deployment's administrator alone.
    return entries.filter(_of_rows(lambda model: _SCOPES[model](user) if model in _SCOPES else union_rows(model, user)))


def _of_rows(rows_of) -> Q:
    """Log rows whose object is among `rows_of(model)` (None: none of that model's)."""
    from django.contrib.contenttypes.models import ContentType

    condition = Q(pk__in=[])
    for model in audited_models():
        rows = rows_of(model)
        if rows is None:
            continue
        content_type_id = ContentType.objects.get_for_model(model).pk
        condition |= Q(content_type_id=content_type_id) & Exists(rows.filter(pk=OuterRef("object_id")))
    return condition


def union_rows(model, user):
    """The rows of `model` kept by a union this user is office of. None: it has no union to
    tell it by."""
    from gonghui.org.scopes import in_office_unions, under_office

    link = _union_link(model)
    if link is None:
        return None
    field, by_union = link
    return model.objects.filter(in_office_unions(user, field) if by_union else under_office(user, field))


@cache
def _union_link(model) -> tuple[str, bool] | None:
    """Where a model's union is read, found once per model: its own union, its unit's place in
    the tree, or (one step away) its parent record's union, unit or person. (field, is a union id)."""
    from gonghui.org.models import OrgUnit, UnionOwned

    if issubclass(model, UnionOwned):
        return "union", True
    if model is OrgUnit:
        return "path", False
    links = [f for f in model._meta.get_fields() if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model]
    for link in links:
        if link.related_model is OrgUnit:
            return f"{link.name}__path", False
        if issubclass(link.related_model, UnionOwned):
            return f"{link.name}__union", True
    for link in links:
        if hasattr(link.related_model, "unit_path"):
            return f"{link.name}__unit_path", False
        if link.related_model.__name__ == "User":
            return f"{link.name}__employee__unit_path", False
    return None


def union_entries(union):
    """The log rows of the records kept by `union` (a root unit): what a demo reset wipes with it."""
    from auditlog.models import LogEntry

    def kept_by_union(model):
        link = _union_link(model)
        if link is None:
            return None
        field, by_union = link
        return model.objects.filter(**{field: union.pk} if by_union else {f"{field}__startswith": union.path})

    return LogEntry.objects.filter(_of_rows(kept_by_union))
