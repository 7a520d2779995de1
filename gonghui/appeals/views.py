from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.cases.figures import case_figures
from gonghui.cases.models import Case
from gonghui.cases.selectors import case_row, mark_overdue
from gonghui.cases.services import case_open
from gonghui.core.paging import paginate, paginate_by_cursor
from gonghui.core.params import parse_id, parse_int, parse_text
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.models import UnitKind
from gonghui.org.rules import can
from gonghui.org.selectors import units_in_scope

from .forms import AppealForm
from .kind import CATEGORIES, STATES


@require_http_methods(["GET", "POST"])
def appeal_new(request):
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_open(
                kind="appeal",
                requester=request.user,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                anonymous=data["anonymous"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已提交，编号 {case.number}。工会会尽快受理，办理进展会通知您。")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "appeals/appeal_new.html", {"form": form})


def appeal_mine(request):
    cases = Case.objects.filter(kind="appeal", requester=request.user).order_by("-created_at")
    return render(request, "appeals/appeal_mine.html", paginate(request, cases, per_page=20))


def _filtered(request):
    cases = Case.objects.visible_to(request.user, kind="appeal").exclude(requester=request.user, anonymous=True)
    params = request.GET
    applied = {}
    if (state := params.get("state")) in STATES:
        cases, applied["state"] = cases.filter(state=state), state
    if (category := params.get("category")) in CATEGORIES:
        cases, applied["category"] = cases.filter(category=category), category
    if (unit := parse_id(params.get("unit"))) is not None:
        cases, applied["unit"] = cases.filter(lead_unit_id=unit), unit
    if params.get("overdue") == "1":
        cases, applied["overdue"] = (
            cases.filter(due_at__lt=timezone.now(), answered_at__isnull=True, closed_at__isnull=True),
            "1",
        )
    if q := parse_text(params.get("q")):
        cases, applied["q"] = cases.filter(Q(number=q.upper()) | Q(title__startswith=q)), q
    return cases, applied


def appeal_list(request):
    if not can(request.user, "appeals.handle"):
        raise PermissionDenied
    cases, applied = _filtered(request)
    paging = paginate_by_cursor(request, cases.select_related("lead_unit"), cache_count="cases", row=case_row)
    mark_overdue(paging["rows"])
    return render(
        request,
        "appeals/appeal_list.html",
        {
            **paging,
            "applied": applied,
            "states": STATES.items(),
            "categories": CATEGORIES.items(),
            "departments": units_in_scope(request.user, kind=UnitKind.DEPARTMENT).values_list("pk", "name"),
            "may_see_stats": can(request.user, "appeals.view_stats"),
        },
    )


def _row(label, f) -> dict:
    return {
        "label": label,
        "total": f["total"],
        "closed": f["closed"],
        "first_response_hours": f["first_response_hours"],
        "closing_hours": f["closing_hours"],
        "satisfaction": f["satisfaction"],
        "overdue_rate": f["overdue_rate"],
    }


def _stats(request):
    if not can(request.user, "appeals.view_stats"):
        raise PermissionDenied
    cases = Case.objects.visible_to(request.user, kind="appeal")
    # Up to ten years back: a larger number of days would overflow the date arithmetic.
    if (since := parse_int(request.GET.get("since"), minimum=1, maximum=3660)) is not None:
        cases = cases.filter(created_at__gte=timezone.now() - timedelta(days=since))
    overall = _row("全部", case_figures(cases))
    per_category = {r["group"]: r for r in case_figures(cases, group_by="category")}
    by_category = [_row(label, per_category[key]) for key, label in CATEGORIES.items() if key in per_category]
    per_state = dict(cases.values_list("state").annotate(n=Count("id")).order_by())
    by_state = [(label, per_state.get(key, 0)) for key, label in STATES.items()]
    by_department = [
        _row(r["group"], r) for r in case_figures(cases.exclude(lead_unit=None), group_by="lead_unit__name")
    ]
    return overall, by_category, by_state, by_department


def appeal_stats(request):
    overall, by_category, by_state, by_department = _stats(request)
    chart = {
        "categories": [r["label"] for r in by_category],
        "series": [{"name": "件数", "data": [r["total"] for r in by_category]}],
    }
    return render(
        request,
        "appeals/appeal_stats.html",
        {
            "overall": overall,
            "by_category": by_category,
            "by_state": by_state,
            "by_department": by_department,
            "chart": chart,
        },
    )


HEADERS = ["分组", "件数", "已办结", "平均首次响应（小时）", "平均办结（小时）", "满意率（%）", "超期率（%）"]


def appeal_export(request):
    overall, by_category, by_state, by_department = _stats(request)

    def rows():
        for section, items in (("合计", [overall]), ("按类别", by_category), ("按承办部门", by_department)):
            yield [f"【{section}】"]
            for r in items:
                yield [
                    r["label"],
                    r["total"],
                    r["closed"],
                    r["first_response_hours"],
                    r["closing_hours"],
                    r["satisfaction"],
                    r["overdue_rate"],
                ]
        yield ["【按状态】"]
        for label, count in by_state:
            yield [label, count]

    return xlsx_response(
        write_table(HEADERS, rows(), sheet_name="诉求办理统计"), f"诉求办理统计-{timezone.localdate():%Y%m%d}.xlsx"
    )
