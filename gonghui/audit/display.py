"""Audit rows as a union office reads them: Chinese field names, labels instead of codes,
names instead of ids, Beijing time, pasted tables as tables, ID numbers masked.

auditlog stores every value as text: choices as their codes, foreign keys as ids, times as
naive UTC, JSON escaped (\\u59d3…). Each page's rows are described together, with one query
per kind of related object, whatever the number of rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from gonghui.core.params import parse_id

from .registry import manual_format

# Shown masked wherever the log is read: the roster reveals them to those who manage the person.
MASKED_FIELDS = {("org", "employee", "id_number")}
EMPTY = ("", "None", None)


@dataclass
class Value:
    text: str = ""
    table: list[list[str]] | None = None

    def __bool__(self) -> bool:
        return bool(self.text or self.table)

    def short(self, length: int = 20) -> str:
        if self.table is not None:
            return f"表格（{len(self.table)} 行）"
        return self.text if len(self.text) <= length else self.text[: length - 1] + "…"


@dataclass
class Change:
    label: str
    old: Value = field(default_factory=Value)
    new: Value = field(default_factory=Value)


def _mask(text: str) -> str:
    return f"{text[:6]}********{text[-4:]}" if len(text) >= 10 else "********"


def _local(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):  # auditlog keeps times as naive UTC
        moment = moment.replace(tzinfo=UTC)
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _as_table(data) -> list[list[str]] | None:
    if isinstance(data, list) and data and all(isinstance(row, list) for row in data):
        return [[str(cell) for cell in row] for row in data]
    if isinstance(data, dict) and data:
        return [
            [str(k), json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v)]
            for k, v in data.items()
        ]
    return None


def _json_value(text: str) -> Value:
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return Value(text)
    table = _as_table(data)
    if table is not None:
        return Value(table=table)
    return Value(
        ""
        if data in (None, "", [], {})
        else (json.dumps(data, ensure_ascii=False) if isinstance(data, list | dict) else str(data))
    )


class _Names:
    """Related objects' names, fetched once per model for the whole page."""

    def __init__(self):
        self.wanted: dict[type, set[int]] = defaultdict(set)
        self.found: dict[type, dict[int, str]] = {}

    def want(self, model, raw) -> None:
        if (pk := parse_id(str(raw))) is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            # Looked up by id, a page's worth: the model's own order would only make the database sort them.
            qs = model._default_manager.order_by()
            if model._meta.label == "accounts.User":
                qs = qs.select_related("employee")
            self.found[model] = {
                pk: getattr(obj, "display_name", None) or str(obj) for pk, obj in qs.in_bulk(list(ids)).items()
            }

    def name(self, model, raw) -> str:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            return str(raw)
        return self.found.get(model, {}).get(pk, f"#{pk}（已删除）")


def _field(model, name: str):
    """The model's own field of that name (a reverse relation of the same name is not one)."""
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) else None


def _label(model, name: str, case_labels: dict) -> str:
    if name == "id":
        return "编号"
    if name in case_labels:
        return case_labels[name]
    model_field = _field(model, name) if model else None
    return str(getattr(model_field, "verbose_name", name)) if model_field is not None else name


def describe(entries, *, limit: int | None = None) -> None:
    """Set `entry.changes_shown` (a list of Change) on each entry, for a whole page at once."""
    entries = list(entries)
    names = _Names()
    plans = []
    for entry in entries:
        model = entry.content_type.model_class()
        manual = manual_format(model)
        rows = []
        for name, values in (entry.changes or {}).items():
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
                verb = "新增" if values.get("operation") == "add" else "移除"
                rows.append((name, None, ("m2m", f"{verb}：{'、'.join(map(str, values.get('objects', [])))}")))
                continue
            old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
            model_field = None if manual or model is None else _field(model, name)
            if isinstance(model_field, models.ForeignKey | models.OneToOneField):
                for raw in (old, new):
                    if raw not in EMPTY:
                        names.want(model_field.related_model, raw)
            rows.append((name, model_field, (old, new)))
        plans.append((entry, model, manual, rows))
    names.fetch()

    for entry, model, manual, rows in plans:
        shown = []
        for name, model_field, pair in rows:
            if pair and pair[0] == "m2m":
                shown.append(Change(_label(model, name, {}), new=Value(pair[1])))
                continue
            old, new = pair
            shown.append(
                Change(
                    _label(model, name, manual.labels if manual else {}),
                    _value(entry, model, model_field, name, old, manual, names),
                    _value(entry, model, model_field, name, new, manual, names),
                )
            )
        entry.changes_shown = shown[:limit] if limit else shown


def _value(entry, model, model_field, name: str, raw, manual, names: _Names) -> Value:
    if raw in EMPTY:
        return Value()
    text = str(raw)
    if model_field is None:  # a row its model writes itself, or a field since removed
        if manual is not None and (shown := manual.value(entry, name, text)) is not None:
            return Value(shown)
        if name.endswith("_at"):
            return Value(_local(text))
        return Value(text)
    if (model._meta.app_label, model._meta.model_name, name) in MASKED_FIELDS:
        return Value(_mask(text))
    if isinstance(model_field, models.ForeignKey | models.OneToOneField):
        return Value(names.name(model_field.related_model, text))
    if model_field.choices:
        return Value(str(dict(model_field.flatchoices).get(text, text)))
    if isinstance(model_field, models.BooleanField):
        return Value({"True": "是", "False": "否"}.get(text, text))
    if isinstance(model_field, models.DateTimeField):
        return Value(_local(text))
    if isinstance(model_field, models.JSONField):
        return _json_value(text)
    return Value(text)
