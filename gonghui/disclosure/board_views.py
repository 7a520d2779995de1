"""The publishers' board of due and overdue disclosures, and the figures: on time, read, questioned."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone

from gonghui.cases.figures import case_figures
from gonghui.cases.models import Case
from gonghui.core.numbers import percent
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import office_root_paths

from . import services
from .models import Category, Disclosure, Frequency, Item, State
from .views import require_manager


def board(request):
    paths = require_manager(request)
    today = timezone.localdate()
    disclosures = services.within_units(Disclosure.objects.select_related("item__category", "unit"), paths)
    applied = {}
    state = request.GET.get("state", "")
    if state == "overdue":
        disclosures = disclosures.filter(state=State.DUE, due_on__lt=today)
    elif state in State.values:
        disclosures = disclosures.filter(state=state)
    if state:
        applied["state"] = state
    if (unit := parse_id(request.GET.get("unit"))) is not None:
        disclosures, applied["unit"] = disclosures.filter(unit_id=unit), unit
    if (category := parse_id(request.GET.get("category"))) is not None:
        disclosures, applied["category"] = disclosures.filter(item__category_id=category), category
    disclosures = disclosures.annotate(
        read_count=Count("reads", distinct=True), question_count=Count("questions", distinct=True)
    ).order_by("state", "due_on", "id")
    paging = paginate(request, disclosures)
    for d in paging["page"].object_list:
        d.overdue = d.is_overdue(today)
    units = services.within_units(OrgUnit.objects.filter(pk__in=Item.objects.values("unit")), paths, field="path")
    return render(
        request,
        "disclosure/board.html",
        {
            **paging,
            "applied": applied,
            "states": [("due", "待公开"), ("overdue", "已逾期"), ("published", "已公开"), ("withdrawn", "已撤回")],
            "units": units.values_list("pk", "name"),
            "categories": Category.objects.visible_to(request.user).values_list("pk", "name"),
            "event_items": services.within_units(Item.objects.filter(frequency=Frequency.EVENT, active=True), paths),
            "may_see_stats": can(request.user, "disclosure.manage"),
        },
    )


def compliance(paths=None) -> dict:
    """On-time publishing by unit and by category, and how questions were answered."""
    today = timezone.localdate()
    # What should be public by now: periodic disclosures past their date, and any already published.
    due = services.within_units(
        Disclosure.objects.filter(Q(due_on__lt=today) | Q(state=State.PUBLISHED), periodic=True).exclude(
            state=State.WITHDRAWN
        ),
        paths,
    )

    def figures(group):
        rows = (
            due.values(group)
            .annotate(
                total=Count("id", distinct=True),
                published=Count("id", filter=Q(state=State.PUBLISHED), distinct=True),
                on_time=Count(
                    "id", filter=Q(state=State.PUBLISHED, published_at__date__lte=F("due_on")), distinct=True
                ),
            )
            .order_by(group)
        )
        return [
            {
                "label": r[group],
                "total": r["total"],
                "published": r["published"],
                "on_time": r["on_time"],
                "rate": percent(r["on_time"], r["total"]),
            }
            for r in rows
        ]

    questions = services.within_units(Case.objects.filter(kind="disclosure_question"), paths, field="lead_unit__path")
    return {
        "by_unit": figures("unit__name"),
        "by_category": figures("item__category__name"),
        "questions": case_figures(questions),
    }


def _office_paths(request) -> list[str]:
    if not can(request.user, "disclosure.manage"):
        raise PermissionDenied
    return office_root_paths(request.user)


def stats(request):
    figures = compliance(_office_paths(request))
    chart = {
        "categories": [r["label"] for r in figures["by_unit"]],
        "series": [{"name": "按时公开率（%）", "data": [r["rate"] or 0 for r in figures["by_unit"]]}],
    }
    return render(request, "disclosure/stats.html", {**figures, "chart": chart})


def stats_export(request):
    figures = compliance(_office_paths(request))

    def rows():
        for title, group in (("按责任单位", figures["by_unit"]), ("按类别", figures["by_category"])):
            yield [f"【{title}】"]
            for r in group:
                yield [r["label"], r["total"], r["published"], r["on_time"], r["rate"]]
        q = figures["questions"]
        yield ["【职工询问】"]
        yield ["件数", q["total"]]
        yield ["已答复", q["answered"]]
        yield ["按期答复率（%）", q["on_time_rate"]]
        yield ["满意率（%）", q["satisfaction"]]

    return xlsx_response(
        write_table(["分组", "应公开", "已公开", "按时公开", "按时公开率（%）"], rows(), sheet_name="厂务公开统计"),
        f"厂务公开统计-{timezone.localdate():%Y%m%d}.xlsx",
    )
