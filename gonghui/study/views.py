from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.core.params import parse_int, parse_text
from gonghui.events.models import Event, Registration
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, UnionOwned
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id

from . import services
from .forms import MaterialForm, PlanForm
from .models import Material, MaterialKind, StudyPlan

STUDY_KINDS = ("study", "cadre_training", "lecture")


def index(request):
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=2100) or timezone.localdate().year
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
            "plans": StudyPlan.objects.visible_to(request.user)
            .filter(year=year)
            .select_related("unit")
            .annotate(n=Count("sessions")),
            "hours": {r["event__kind"]: r for r in hours},
            "upcoming": upcoming,
            "year": year,
            "may_manage": can(request.user, "study.manage"),
        },
    )


def plan_detail(request, pk):
    plan = get_object_or_404(StudyPlan.objects.visible_to(request.user).select_related("unit"), pk=pk)
    sessions = plan.sessions.annotate(attended=Count("registrations", filter=Q(registrations__attended=True))).order_by(
        "starts_at"
    )
    return render(
        request, "study/plan_detail.html", {"plan": plan, "sessions": sessions, "materials": plan.materials.all()}
    )


def library(request):
    materials = Material.objects.visible_to(request.user).annotate(n=Count("plans"))
    kind = request.GET.get("kind", "")
    if kind in MaterialKind.values:
        materials = materials.filter(kind=kind)
    if q := parse_text(request.GET.get("q")):
        materials = materials.filter(Q(title__contains=q) | Q(author__contains=q))
    return render(
        request,
        "study/library.html",
        {
            "materials": materials,
            "kinds": MaterialKind.choices,
            "kind": kind,
            "q": q,
            "may_manage": can(request.user, "study.manage"),
        },
    )


def _office_form(request, form_class, *, title: str, done: str, initial=None):
    if not can(request.user, "study.manage"):
        raise PermissionDenied
    union_id = acting_union_id(request.user)
    form = form_class(request.POST or None, initial=initial, instance=form_class._meta.model(union_id=union_id))
    limit_units(form, OrgUnit.objects.subtree(OrgUnit.objects.get(pk=union_id)))
    for field in form.fields.values():
        model = getattr(getattr(field, "queryset", None), "model", None)
        if model is not None and issubclass(model, UnionOwned):
            field.queryset = field.queryset.filter(union_id=union_id)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.study_record_save(actor=request.user, record=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{saved}")
            return redirect(done)
    return render(request, "study/form.html", {"form": form, "title": title, "back": done})


@require_http_methods(["GET", "POST"])
def plan_new(request):
    return _office_form(
        request, PlanForm, title="新建学习计划", done="study:index", initial={"year": timezone.localdate().year}
    )


@require_http_methods(["GET", "POST"])
def material_new(request):
    return _office_form(request, MaterialForm, title="增加学习资料", done="study:library")
