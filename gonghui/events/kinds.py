"""How a domain declares a kind of event to the kernel: its label, who may organise one, what
its hours count as. The kernel does audiences, sign-up, waiting lists, check-in and hours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str
    # Whose hours these are in a person's record: "activity", "study", "training", "lecture".
    counts_as: str
    may_organise: Callable  # (user, unit) -> bool: may this user organise one for that unit?
    categories: dict[str, str]
    icon: str = "bi-calendar-event"
    default_hours: float = 2.0


_REGISTRY: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> EventKind:
    return _REGISTRY[key]


def all_kinds() -> list[EventKind]:
    return list(_REGISTRY.values())


COUNTS_AS = {"activity": "文体活动", "study": "政治学习", "training": "干部培训", "lecture": "讲座"}
