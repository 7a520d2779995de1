"""Figures any report can ask for: each module registers its headline numbers, each computed
from its own records for a period and a part of the tree (a union, or one branch of it).

    register_figure("appeals.received", "诉求受理", received, unit="件", area="维权服务",
                    link=("appeals:stats", "appeals.view_stats"))

`fn(*, start, end, scope_path)` returns a number (or None when there is nothing to count: a
rate of no cases). A figure of the union as a whole (`whole_union`) is asked for unions only. `link` names the page that lists what it counts and the permission to open
it; the board shows the link only to whoever may follow it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from gonghui.org.scopes import union_path_of


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    fn: Callable
    unit: str = "件"
    area: str = ""
    link: tuple[str, str] | None = None  # (url name, permission)
    # A rate (%) has no sum over months: its trend is drawn as a line, a count's as bars.
    is_rate: bool = False
    # Counted for a union as a whole (its ballots, contracts, patrols): none for a branch.
    whole_union: bool = False


_FIGURES: dict[str, Figure] = {}


def register_figure(
    key: str, label: str, fn: Callable, *, unit: str = "件", area: str = "", link=None, whole_union: bool = False
) -> Figure:
    figure = Figure(key, label, fn, unit=unit, area=area, link=link, is_rate=unit == "%", whole_union=whole_union)
    _FIGURES[key] = figure
    return figure


def get_figure(key: str) -> Figure | None:
    return _FIGURES.get(key)


def all_figures() -> list[Figure]:
    return list(_FIGURES.values())


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return _aware(date(year, 1, 1)), _aware(date(year + 1, 1, 1))


def month_bounds(year: int) -> list[tuple[str, datetime, datetime]]:
    starts = [date(year, m, 1) for m in range(1, 13)] + [date(year + 1, 1, 1)]
    return [(f"{s.month}月", _aware(s), _aware(e)) for s, e in zip(starts, starts[1:], strict=False)]


def compute(*, start, end, scope_path: str) -> dict[str, float | int | None]:
    """Every registered figure for the period and scope."""
    return {f.key: _value(f, start=start, end=end, scope_path=scope_path) for f in all_figures()}


def _value(figure: Figure, **where):
    if figure.whole_union and where["scope_path"] != union_path_of(where["scope_path"]):
        return None
    value = figure.fn(**where)
    return round(value, 1) if isinstance(value, float) else value


def by_month(figure: Figure, *, year: int, scope_path: str) -> list:
    """The figure for each month of the year (the months to come are left empty)."""
    now = timezone.now()
    return [
        _value(figure, start=start, end=end, scope_path=scope_path) if start <= now else None
        for _label, start, end in month_bounds(year)
    ]


def by_unit(figure: Figure, *, start, end, units) -> list:
    """The figure for each unit (a union's branches), in their order."""
    return [_value(figure, start=start, end=end, scope_path=unit.path) for unit in units]
