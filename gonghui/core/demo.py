"""The demo, built and wiped by parts: each app's `demo` module registers how it fills a demo
union and how it wipes that union's records of its own.

`seed_demo` builds every part in order for the demo's two unions (a large power plant's and a
small second one, to show that each union sees only its own), and a reset wipes them in the
reverse order: only the demo unions' rows, never another union's or its audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DemoPart:
    app: str
    # Built in ascending order, wiped in descending order: a part may refer to the records of
    # any part before it, so it is wiped before them.
    order: int
    # (the demo's main union) -> a line for the console, or None to say nothing.
    build: Callable[[Any], str | None] | None = None
    # (the small second union) -> a line for the console, or None.
    build_small: Callable[[Any], str | None] | None = None
    # (a demo union) -> None: delete this app's records of that union.
    wipe: Callable[[Any], None] | None = None


_PARTS: dict[str, DemoPart] = {}


def register_demo(part: DemoPart) -> None:
    _PARTS[part.app] = part


def demo_parts() -> list[DemoPart]:
    autodiscover_modules("demo")
    return sorted(_PARTS.values(), key=lambda part: part.order)
