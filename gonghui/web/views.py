from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gonghui.cases.selectors import todo_counts
from gonghui.jobs.services import worker_health
from gonghui.org.models import Employee, EmploymentStatus, OrgUnit, UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import in_office_unions, nearest_of_kind, people_scope_paths

from .navigation import PLAN_AREAS


@require_GET
@never_cache
def healthz(request):
    """200 while the database answers and a task worker has beaten within its lease; 503 if not
    (reminders, imports and robot messages wait on the worker)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    health = worker_health()
    ok = health.pop("ok")
    return JsonResponse({"status": "ok" if ok else "error", "database": "ok", **health}, status=200 if ok else 503)


@require_GET
def trivial(request):
    """The framework floor for benchmarks: the full middleware stack, no database."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    """Staff land on a workbench; employees on a phone-friendly service hall."""
    user = request.user
    if can(user, "figures.land_on_board"):
        return redirect("figures:board")
    if can(user, "web.use_workbench"):
        return workbench(request)
    return render(
        request,
        "web/service_hall.html",
        {"areas": PLAN_AREAS, "todo": todo_counts(user), "is_representative": can(user, "congress.represent")},
    )


FIGURES_SECONDS = 60


def workbench(request):
    user = request.user
    context = {"areas": PLAN_AREAS, "may_browse_people": can(user, "org.browse_people"), "todo": todo_counts(user)}
    if context["may_browse_people"]:
        # Counting a whole roster on every visit to the landing page is wasted work: the
        # figures are shared by everyone with the same scope and kept for a minute.
        scope = people_scope_paths(user)
        key = "workbench:" + ("all" if scope is None else ",".join(sorted(scope)))
        context.update(cache.get_or_set(key, lambda: _people_figures(user), FIGURES_SECONDS))
    if can(user, "org.import_roster"):
        from gonghui.excel.models import ImportJob

        context["recent_imports"] = (
            ImportJob.objects.filter(in_office_unions(user))
            .select_related("created_by")
            .defer("errors")
            .order_by("-created_at")[:5]
        )
    return render(request, "web/workbench.html", context)


def _people_figures(user) -> dict:
    people = Employee.objects.visible_to(user)
    active = people.filter(status=EmploymentStatus.ACTIVE)
    totals = active.aggregate(people=Count("id"), members=Count("id", filter=Q(is_member=True)))
    return {
        "totals": totals,
        "chart": _branch_chart(active),
        "non_members": totals["people"] - totals["members"],
        "left_this_year": people.exclude(status=EmploymentStatus.ACTIVE).filter(left_on__year=_year()).count(),
    }


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _branch_chart(active) -> dict:
    """Headcount and members per branch union, for the workbench chart: one grouped query."""
    counts: dict[str, list[int]] = {}
    for row in active.values("unit_path").annotate(n=Count("id"), m=Count("id", filter=Q(is_member=True))).order_by():
        branch_path = nearest_of_kind(row["unit_path"], UnitKind.BRANCH)
        if branch_path is not None:
            sums = counts.setdefault(branch_path, [0, 0])
            sums[0] += row["n"]
            sums[1] += row["m"]
    rows = [
        (branch.name, *counts[branch.path])
        for branch in OrgUnit.objects.filter(path__in=list(counts)).order_by("sort_order", "name", "path")
    ]
    return {
        "categories": [r[0] for r in rows],
        "series": [{"name": "在职人数", "data": [r[1] for r in rows]}, {"name": "会员", "data": [r[2] for r in rows]}],
    }
