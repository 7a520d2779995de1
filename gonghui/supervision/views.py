from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.paging import paginate
from gonghui.core.params import parse_text
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id

from . import services
from .forms import FindingForm, MeetingForm, PatrolForm
from .models import (
    Contract,
    ContractState,
    FindingSource,
    Inspection,
    JointMeeting,
    Patrol,
)
from .selectors import open_followups


def require_minutes(request, obj=None) -> None:
    if not can(request.user, "supervision.view_minutes", obj):
        raise PermissionDenied


def require_office(request, obj=None) -> None:
    if not can(request.user, "supervision.manage", obj):
        raise PermissionDenied


def findings_of(qs):
    """Follow-up cases with their state, newest first, overdue marked."""
    now = timezone.now()
    cases = list(Case.objects.filter(finding__in=qs).select_related("lead_unit").order_by("-created_at"))
    for case in cases:
        case.overdue = case.is_overdue(now)
    return cases


def index(request):
    today = timezone.localdate()
    current = list(Contract.objects.visible_to(request.user).filter(state=ContractState.FILED).order_by("expires_on"))
    for contract in current:
        contract.left = contract.days_left(today)
    minutes = can(request.user, "supervision.view_minutes")
    return render(
        request,
        "supervision/index.html",
        {
            "current": current,
            "sees_minutes": minutes,
            "may_manage": can(request.user, "supervision.manage"),
            "drafts": Contract.objects.visible_to(request.user).filter(
                state__in=[ContractState.DRAFT, ContractState.NEGOTIATING, ContractState.VOTED]
            )
            if minutes
            else [],
            "meetings": JointMeeting.objects.visible_to(request.user)
            .annotate(n=Count("findings"))
            .order_by("-held_on", "-id")[:5]
            if minutes
            else [],
            "patrols": Patrol.objects.visible_to(request.user)
            .annotate(n=Count("findings"))
            .order_by("-held_on", "-id")[:5]
            if minutes
            else [],
            "open_followups": open_followups(request.user).count() if minutes else 0,
        },
    )


# Contracts


def form_page(request, form, *, title: str, back, intro: str = ""):
    back_url = back.get_absolute_url() if back else reverse("supervision:index")
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back_url, "intro": intro})


# Findings: decided, found, to be done


@require_POST
def finding_new(request, source, pk):
    meeting = patrol = inspection = None
    if source == FindingSource.MEETING:
        meeting = get_object_or_404(JointMeeting.objects.of_member_unions(request.user), pk=pk)
        back = ("supervision:meeting", meeting.pk)
    elif source == FindingSource.PATROL:
        patrol = _visible_patrol(request, pk)
        back = ("supervision:patrol", patrol.pk)
    else:
        inspection = get_object_or_404(Inspection.objects.of_member_unions(request.user), pk=pk)
        back = ("supervision:contract", inspection.contract_id)
    form = FindingForm(request.POST)
    limit_units(form, OrgUnit.objects.subtree((meeting or patrol or inspection).union))
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{'；'.join(e)}" for f, e in form.errors.items()))
        return redirect(*back)
    data = form.cleaned_data
    if data["lead_unit"] and not can(request.user, "supervision.manage", meeting or patrol or inspection):
        raise PermissionDenied
    due_at = timezone.make_aware(datetime.combine(data["due_on"], time(18, 0))) if data["due_on"] else None
    try:
        case = services.finding_add(
            actor=request.user,
            source=source,
            title=data["title"],
            body=data["body"],
            meeting=meeting,
            patrol=patrol,
            inspection=inspection,
            lead_unit=data["lead_unit"],
            due_at=due_at,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            f"已登记 {case.number}，已交办{case.lead_unit.name}。"
            if case.lead_unit_id
            else f"已登记 {case.number}，待工会交办。",
        )
    return redirect(*back)


# Joint meetings


def meeting_list(request):
    require_minutes(request)
    meetings = (
        JointMeeting.objects.visible_to(request.user)
        .annotate(n=Count("findings"), done=Count("findings", filter=Q(findings__case__closed_at__isnull=False)))
        .order_by("-held_on", "-id")
    )
    if q := parse_text(request.GET.get("q")):
        meetings = meetings.filter(title__contains=q)
    return render(
        request,
        "supervision/meeting_list.html",
        {**paginate(request, meetings), "q": q, "may_manage": can(request.user, "supervision.manage")},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk=None):
    return _edit(request, MeetingForm, pk, title="联席会议", then="会议决定事项请在下方逐项登记并交办。")


def _edit(request, form_class, pk, *, title: str, then: str):
    """Create or edit a meeting or a patrol; the union office records both."""
    model = form_class._meta.model
    instance = get_object_or_404(model.objects.of_member_unions(request.user), pk=pk) if pk else None
    require_office(request, instance)
    form = form_class(request.POST or None, instance=instance or model(union_id=acting_union_id(request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            instance = services.minutes_save(actor=request.user, record=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{instance}。{then}")
            return redirect(instance.get_absolute_url())
    return form_page(request, form, title=title, back=instance)


def meeting_detail(request, pk):
    meeting = get_object_or_404(JointMeeting.objects.of_member_unions(request.user), pk=pk)
    require_minutes(request, meeting)
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "participants": services.participants_of(meeting).select_related("employee__unit"),
            "cases": findings_of(meeting.findings.all()),
            "may_manage": can(request.user, "supervision.manage", meeting),
            "finding_form": FindingForm(),
        },
    )


# Patrols


def _visible_patrol(request, pk) -> Patrol:
    patrol = get_object_or_404(Patrol.objects.of_member_unions(request.user), pk=pk)
    require_minutes(request, patrol)
    return patrol


def patrol_list(request):
    require_minutes(request)
    patrols = (
        Patrol.objects.visible_to(request.user)
        .annotate(
            n=Count("findings", distinct=True),
            done=Count("findings", filter=Q(findings__case__closed_at__isnull=False), distinct=True),
            people=Count("event__registrations", filter=Q(event__registrations__attended=True), distinct=True),
        )
        .order_by("-held_on", "-id")
    )
    if q := parse_text(request.GET.get("q")):
        patrols = patrols.filter(topic__contains=q)
    if request.GET.get("mine") == "1":
        patrols = patrols.filter(event__registrations__user=request.user, event__registrations__attended=True)
    return render(
        request,
        "supervision/patrol_list.html",
        {
            **paginate(request, patrols),
            "q": q,
            "mine": request.GET.get("mine") == "1",
            "may_manage": can(request.user, "supervision.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
def patrol_edit(request, pk=None):
    return _edit(request, PatrolForm, pk, title="代表巡察", then="巡察发现的问题请在下方逐项登记。")


def patrol_detail(request, pk):
    patrol = _visible_patrol(request, pk)
    return render(
        request,
        "supervision/patrol_detail.html",
        {
            "patrol": patrol,
            "participants": services.participants_of(patrol).select_related("employee__unit"),
            "cases": findings_of(patrol.findings.all()),
            "may_manage": can(request.user, "supervision.manage", patrol),
            "may_add": services.may_add_finding(request.user, record=patrol),
            "finding_form": FindingForm(),
        },
    )
