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
    # (user, event) -> None, or the reason this person may not sign up ("工龄未满 5 年",
    # "近 3 年已参加过疗休养"), shown to them.
    ineligible: Callable | None = None
    # Approvers in order, each (user, registration) -> bool: a sign-up waits for every level
    # (the branch chair, then the union office) before it takes a place.
    approvers: tuple[Callable, ...] = ()
    # (user, event, person) -> bool: who may sign someone else up (an organiser, a branch chair).
    may_nominate: Callable | None = None
    # A form class for the kind's own sign-up data, kept on the registration.
    form: type | None = None
    # Teams of min..max people, a captain among them; None: people enter one by one.
    team_size: tuple[int, int] | None = None
    # Entries get results (score, rank, award), shown on the event's page.
    has_results: bool = False
    # (event) -> the users expected to attend (a congress session's representatives): the
    # organiser marks each of them present, on leave or absent, and only they check in.
    roll: Callable | None = None
    # False: events of this kind are made by their domain's own pages (a congress session, a
    # patrol), never from the events page.
    standalone: bool = True


_REGISTRY: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> EventKind:
    return _REGISTRY[key]


def all_kinds() -> list[EventKind]:
    return list(_REGISTRY.values())


COUNTS_AS = {
    "activity": "文体活动",
    "study": "政治学习",
    "training": "干部培训",
    "lecture": "讲座",
    "meeting": "会议与巡察",
}
