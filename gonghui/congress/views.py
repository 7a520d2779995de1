from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id, parse_text
from gonghui.events.models import Mark, Registration
from gonghui.events.services import attendance_marks
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id

from . import services
from .forms import CongressForm, DelegationForm, RepresentativeForm, SessionForm
from .models import (
    Congress,
    EvaluationKind,
    Representative,
    RepresentativeKind,
    Session,
)
from .selectors import cosign_requests, public_proposals, representatives_of


def current_congress(request) -> Congress | None:
    """The sitting congress of the union the user acts in: their own, or the one they are office of."""
    return Congress.objects.current(acting_union_id(request.user))


def current_congress_or_404(request) -> Congress:
    congress = current_congress(request)
    if congress is None:
        raise Http404("还没有登记职代会届次")
    return congress


def index(request):
    congress = current_congress(request)
    if congress is None:
        return render(
            request, "congress/index.html", {"congress": None, "may_manage": can(request.user, "congress.manage")}
        )
    rep = services.active_representative(request.user, congress)
    sessions = list(congress.sessions.annotate(proposal_count=Count("proposals")))
    return render(
        request,
        "congress/index.html",
        {
            "congress": congress,
            "sessions": sessions,
            "collecting": next((s for s in sessions if s.collecting()), None),
            "delegations": congress.delegations.select_related("unit", "leader__employee").annotate(
                members=Count("representatives", filter=Q(representatives__is_active=True))
            ),
            "rep": rep,
            "cosign_count": cosign_requests(request.user).count() if rep else 0,
            "may_manage": can(request.user, "congress.manage", congress),
            "may_handle": can(request.user, "congress.handle_proposals"),
            "may_report": can(request.user, "congress.view_report"),
            "evaluations": congress.evaluations.select_related("ballot", "delegation", "session")[:10]
            if can(request.user, "congress.manage", congress)
            else [],
            "evaluation_kinds": EvaluationKind,
        },
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk=None):
    congress = current_congress_or_404(request)
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk) if pk else Session(congress=congress)
    if not can(request.user, "congress.manage", session.congress):
        raise PermissionDenied
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_save(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{session.title}")
            return redirect("congress:session", pk=session.pk)
    return render(request, "congress/session_form.html", {"form": form, "session": session})


def session_detail(request, pk):
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("congress"), pk=pk)
    may_manage = can(request.user, "congress.manage", session.congress)
    reps = list(representatives_of(session.congress_id).order_by("delegation__unit__path", "user__employee__name"))
    marks = attendance_marks(session.event) if session.event_id else {}
    for rep in reps:
        rep.mark = marks.get(rep.user_id, "")
    counts = {label: sum(1 for r in reps if r.mark == key) for key, label in Mark.choices}
    counts["未登记"] = sum(1 for r in reps if not r.mark)
    sees_roll = may_manage or services.active_representative(request.user, session.congress_id) is not None
    return render(
        request,
        "congress/session_detail.html",
        {
            "session": session,
            "reps": reps if sees_roll else [],
            "counts": counts,
            "statuses": Mark.choices,
            "may_manage": may_manage,
            "may_report": can(request.user, "congress.view_report"),
            "proposal_total": public_proposals(request.user).filter(proposal__session=session).count(),
        },
    )


@require_POST
def attendance(request, pk):
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("congress"), pk=pk)
    statuses = {
        rep: value
        for key, value in request.POST.items()
        if key.startswith("rep-") and (rep := parse_id(key.removeprefix("rep-"))) is not None and value
    }
    try:
        count = services.attendance_record(actor=request.user, session=session, statuses=statuses)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已登记 {count} 名代表的出席情况。")
    return redirect("congress:session", pk=session.pk)


def representative_list(request):
    congress = current_congress_or_404(request)
    reps = representatives_of(congress).order_by("delegation__unit__path", "user__employee__name")
    if (delegation := parse_id(request.GET.get("delegation"))) is not None:
        reps = reps.filter(delegation_id=delegation)
    if q := parse_text(request.GET.get("q")):
        reps = reps.filter(user__employee__name__startswith=q)
    return render(
        request,
        "congress/representative_list.html",
        {
            **paginate(request, reps),
            "congress": congress,
            "delegations": congress.delegations.all(),
            "applied": {"delegation": delegation, "q": q},
            "may_manage": can(request.user, "congress.manage", congress),
            "kinds": RepresentativeKind.choices,
        },
    )


def representative_detail(request, pk):
    rep = get_object_or_404(
        Representative.objects.visible_to(request.user).select_related(
            "user__employee__unit", "delegation", "congress"
        ),
        pk=pk,
    )
    may_manage = can(request.user, "congress.manage", rep.congress)
    proposals = public_proposals(request.user).filter(requester=rep.user).select_related("proposal__session")
    if may_manage or request.user.pk == rep.user_id:
        proposals = Case.objects.filter(
            kind="proposal", requester=rep.user, union_id=rep.congress.union_id
        ).select_related("proposal__session")
    return render(
        request,
        "congress/representative_detail.html",
        {
            "rep": rep,
            "attendance": Registration.objects.filter(
                user=rep.user_id, event__congress_session__congress=rep.congress_id
            )
            .exclude(state__in=Registration.ENDED)
            .select_related("event")
            .order_by("-event__starts_at"),
            "proposals": proposals.order_by("-created_at"),
            "reports": _reports_with_results(rep, request.user),
            "may_manage": may_manage,
            "is_self": request.user.pk == rep.user_id,
        },
    )


def _reports_with_results(rep, user) -> list:
    from gonghui.ballots.services import ballot_results, results_visible

    reports = list(rep.duty_reports.select_related("ballot"))
    for duty in reports:
        duty.result, duty.withheld = None, False
        if duty.ballot and results_visible(user, duty.ballot):
            results = ballot_results(duty.ballot)
            item = results.about(rep) or results.items[0]
            duty.withheld = results.withheld
            duty.result = [(choice, n, item.share(choice)) for choice, n in item.counts]
    return reports


@require_http_methods(["GET", "POST"])
def representative_add(request):
    congress = current_congress_or_404(request)
    if not can(request.user, "congress.manage", congress):
        raise PermissionDenied
    form = RepresentativeForm(request.POST or None, congress=congress)
    if request.method == "POST" and form.is_valid():
        try:
            rep = services.representative_add(
                actor=request.user,
                delegation=form.cleaned_data["delegation"],
                user=form.user,
                kind=form.cleaned_data["kind"],
                elected_on=form.cleaned_data["elected_on"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记职工代表：{rep}")
            return redirect("congress:representative", pk=rep.pk)
    return render(request, "congress/representative_form.html", {"form": form})


@require_POST
def representative_end(request, pk):
    rep = get_object_or_404(Representative.objects.visible_to(request.user).select_related("congress"), pk=pk)
    services.representative_end(actor=request.user, representative=rep, left_on=timezone.localdate())
    messages.success(request, f"已终止 {rep} 的代表资格，其履职记录保留。")
    return redirect("congress:representative", pk=rep.pk)


@require_http_methods(["GET", "POST"])
def congress_new(request):
    if not can(request.user, "congress.manage"):
        raise PermissionDenied
    form = CongressForm(request.POST or None, instance=Congress(union_id=acting_union_id(request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记{congress.title}。下一步：按分工会建立代表团、登记代表。")
            return redirect("congress:index")
    return render(request, "congress/congress_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def delegation_new(request):
    congress = current_congress_or_404(request)
    if not can(request.user, "congress.manage", congress):
        raise PermissionDenied
    form = DelegationForm(request.POST or None)
    limit_units(form, OrgUnit.objects.subtree(congress.union))
    if request.method == "POST" and form.is_valid():
        try:
            delegation = services.delegation_create(actor=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已建立{delegation.name}。")
            return redirect("congress:index")
    return render(request, "congress/delegation_form.html", {"form": form, "congress": congress})
