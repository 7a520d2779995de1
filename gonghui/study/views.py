from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gonghui.events.models import Event, Registration
from gonghui.org.scopes import is_union_office

from .models import Material, MaterialKind, StudyPlan

STUDY_KINDS = ("study", "cadre_training", "lecture")


def index(request):
    year = timezone.localdate().year
    hours = (
        Registration.objects.filter(
            user=request.user, attended=True, event__kind__in=STUDY_KINDS, event__starts_at__year=year
        )
        .values("event__kind")
        .annotate(h=Sum("hours"), n=Count("id"))
    )
    upcoming = (
        Event.objects.for_audience_of(request.user)
        .filter(kind__in=STUDY_KINDS, ends_at__gte=timezone.now(), cancelled_at__isnull=True)
        .order_by("starts_at")[:8]
    )
    return render(
        request,
        "study/index.html",
        {
            "plans": StudyPlan.objects.filter(year=year).select_related("unit").annotate(n=Count("sessions")),
            "hours": {r["event__kind"]: r for r in hours},
            "upcoming": upcoming,
            "year": year,
            "may_manage": is_union_office(request.user),
        },
    )


def plan_detail(request, pk):
    plan = get_object_or_404(StudyPlan.objects.select_related("unit"), pk=pk)
    sessions = plan.sessions.annotate(attended=Count("registrations", filter=Q(registrations__attended=True))).order_by(
        "starts_at"
    )
    return render(
        request, "study/plan_detail.html", {"plan": plan, "sessions": sessions, "materials": plan.materials.all()}
    )


def library(request):
    materials = Material.objects.annotate(n=Count("plans"))
    kind = request.GET.get("kind", "")
    if kind in MaterialKind.values:
        materials = materials.filter(kind=kind)
    if q := request.GET.get("q", "").strip():
        materials = materials.filter(Q(title__contains=q) | Q(author__contains=q))
    return render(
        request,
        "study/library.html",
        {"materials": materials, "kinds": MaterialKind.choices, "kind": kind, "q": q},
    )
