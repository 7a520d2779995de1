"""Activity coverage: who took part in what, per branch and unit, for a period, and its Excel export."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from gonghui.core.cache import generation
from gonghui.core.paging import paginate
from gonghui.core.params import parse_int
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.models import UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import (
    union_path_of,
)

from . import selectors


def _coverage_scope(user) -> str | None:
    if not can(user, "events.view_coverage"):
        raise PermissionDenied
    return selectors.coverage_scope(user)


def _in_branch(within: str | None) -> bool:
    return bool(within) and within != union_path_of(within)


def _period(request):
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=2100) or timezone.localdate().year
    quarter = parse_int(request.GET.get("quarter"), minimum=1, maximum=4)
    return year, quarter


def coverage(request):
    within = _coverage_scope(request.user)
    year, quarter = _period(request)
    start, end = selectors.period_bounds(year, quarter)
    # A branch chair sees their departments; the union office its branches (or departments on request).
    level = UnitKind.DEPARTMENT if request.GET.get("level") == "department" or _in_branch(within) else UnitKind.BRANCH
    # Figures change only when somebody checks in: kept until then (or ten minutes).
    key = f"coverage:{generation('events')}:{within}:{start:%Y%m%d}:{end:%Y%m%d}:{level}"
    rows, overall = cache.get_or_set(
        key,
        lambda: (
            selectors.coverage(start=start, end=end, level=level, within=within),
            selectors.overall(start=start, end=end, within=within),
        ),
        600,
    )
    missing = selectors.not_reached(start=start, end=end, within=within)
    paging = paginate(request, missing, per_page=50, cache_count="events")
    page = paging["page"]
    page.object_list = cache.get_or_set(
        f"{key}:missing:{page.number}",
        lambda: [{"name": e.name, "employee_no": e.employee_no, "unit_name": e.unit.name} for e in page.object_list],
        600,
    )
    chart = {
        "categories": [r["label"] for r in rows],
        "series": [{"name": "覆盖率（%）", "data": [r["share"] or 0 for r in rows]}],
    }
    return render(
        request,
        "events/coverage.html",
        {
            "rows": rows,
            "overall": overall,
            "chart": chart,
            "year": year,
            "quarter": quarter,
            "level": level,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            **paging,
        },
    )


def coverage_export(request):
    within = _coverage_scope(request.user)
    year, quarter = _period(request)
    start, end = selectors.period_bounds(year, quarter)

    def rows():
        yield ["【各分工会】"]
        for r in selectors.coverage(start=start, end=end, level=UnitKind.BRANCH, within=within):
            yield [r["label"], r["total"], r["reached"], r["share"]]
        yield ["【各部门】"]
        for r in selectors.coverage(start=start, end=end, level=UnitKind.DEPARTMENT, within=within):
            yield [r["label"], r["total"], r["reached"], r["share"]]
        yield ["【未参加任何活动的职工】"]
        for e in selectors.not_reached(start=start, end=end, within=within):
            yield [e.name, e.employee_no, e.unit.name]

    label = f"{year}年" + (f"第{quarter}季度" if quarter else "")
    return xlsx_response(
        write_table(["单位或姓名", "在职人数或工号", "已覆盖人数或单位", "覆盖率（%）"], rows(), sheet_name="活动覆盖"),
        f"活动覆盖-{label}.xlsx",
    )
