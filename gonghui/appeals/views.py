from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.cases.models import Case, Rating
from gonghui.cases.selectors import case_row, mark_overdue
from gonghui.cases.services import case_open
from gonghui.core.paging import paginate, paginate_by_cursor
from gonghui.core.params import parse_id, parse_int, parse_text
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.models import OrgUnit, UnitKind
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


def _hours(value) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value else None


def figures(cases) -> list[dict]:
    """Per-group figures: counts, average first-response and closing hours, satisfaction and overdue rates."""
    now = timezone.now()
    first = ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())
    closing = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    rated = Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED])
    overdue = Q(answered_at__isnull=True, closed_at__isnull=True, due_at__lt=now) | Q(answered_at__gt=F("due_at"))
    return cases.aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(closed_at__isnull=False)),
        rated=Count("id", filter=rated),
        satisfied=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY])),
        overdue=Count("id", filter=overdue),
        first_response=Avg(first),
        closing=Avg(closing),
    )


def _row(label, f) -> dict:
    return {
        "label": label,
        "total": f["total"],
        "closed": f["closed"],
        "first_response_hours": _hours(f["first_response"]),
        "closing_hours": _hours(f["closing"]),
        "satisfaction": round(f["satisfied"] * 100 / f["rated"]) if f["rated"] else None,
        "overdue_rate": round(f["overdue"] * 100 / f["total"]) if f["total"] else None,
    }


def _stats(request):
    if not can(request.user, "appeals.view_stats"):
        raise PermissionDenied
    cases = Case.objects.visible_to(request.user, kind="appeal")
    # Up to ten years back: a larger number of days would overflow the date arithmetic.
    if (since := parse_int(request.GET.get("since"), minimum=1, maximum=3660)) is not None:
        cases = cases.filter(created_at__gte=timezone.now() - timedelta(days=since))
    overall = _row("全部", figures(cases))
    by_category = [_row(label, figures(cases.filter(category=key))) for key, label in CATEGORIES.items()]
    by_state = [(label, cases.filter(state=key).count()) for key, label in STATES.items()]
    department_ids = list(cases.exclude(lead_unit=None).values_list("lead_unit", flat=True).distinct())
    by_department = [
        _row(name, figures(cases.filter(lead_unit_id=pk)))
        for pk, name in OrgUnit.objects.filter(pk__in=department_ids).values_list("pk", "name")
    ]
    return overall, [r for r in by_category if r["total"]], by_state, by_department


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
