"""The board of every registered figure: the company leaders' first page, and the union
office's view of the whole year. Aggregates only, of the viewer's own union."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.params import parse_int
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.org.rules import can

from .registry import all_figures, by_month, by_unit, compute, get_figure, month_bounds, year_bounds
from .rules import board_roots

# Figures change as records do, but nobody needs them to the second: kept five minutes.
KEEP_SECONDS = 300


def board(request):
    user = request.user
    roots = board_roots(user) if can(user, "figures.view_board") else []
    if not roots:
        raise PermissionDenied
    union = OrgUnit.objects.get(path=roots[0])
    branches = list(OrgUnit.objects.filter(path__startswith=union.path, depth=2, kind=UnitKind.BRANCH).order_by("path"))
    this_year = timezone.localdate().year
    year = parse_int(request.GET.get("year"), minimum=this_year - 10, maximum=this_year) or this_year
    picked = parse_int(request.GET.get("unit"), minimum=1)
    branch = next((b for b in branches if b.pk == picked), None)
    scope = branch.path if branch else union.path
    start, end = year_bounds(year)
    values = cache.get_or_set(
        f"figures:{scope}:{year}", lambda: compute(start=start, end=end, scope_path=scope), KEEP_SECONDS
    )
    figures = all_figures()
    trend = get_figure(request.GET.get("trend", "")) or (figures[0] if figures else None)
    areas: dict[str, list] = {}
    for figure in figures:
        link = None
        if figure.link and can(user, figure.link[1]):
            link = reverse(figure.link[0])
        areas.setdefault(figure.area or "其他", []).append((figure, values.get(figure.key), link))
    charts = {}
    if trend is not None:
        monthly = cache.get_or_set(
            f"figures:{scope}:{year}:{trend.key}:months",
            lambda: by_month(trend, year=year, scope_path=scope),
            KEEP_SECONDS,
        )
        charts["months"] = {
            "categories": [label for label, _s, _e in month_bounds(year)],
            "series": [{"name": f"{trend.label}（{trend.unit}）", "data": monthly}],
        }
        if not branch and branches:
            per_branch = cache.get_or_set(
                f"figures:{scope}:{year}:{trend.key}:branches",
                lambda: by_unit(trend, start=start, end=end, units=branches),
                KEEP_SECONDS,
            )
            charts["branches"] = {
                "categories": [b.name for b in branches],
                "series": [{"name": f"{trend.label}（{trend.unit}）", "data": per_branch}],
                "horizontal": len(branches) > 6,
            }
    return render(
        request,
        "figures/board.html",
        {
            "union": union,
            "branches": branches,
            "branch": branch,
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "areas": areas.items(),
            "trend": trend,
            "charts": charts,
        },
    )
