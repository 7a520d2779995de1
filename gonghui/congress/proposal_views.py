"""Proposals to the congress: raising and co-signing them, the lists, the public board and the session's report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id, parse_ids, parse_text
from gonghui.org.models import UnitKind
from gonghui.org.rules import can
from gonghui.org.selectors import units_in_scope

from . import report, services
from .forms import ProposalForm
from .kind import CATEGORIES, STATES
from .models import (
    Disposition,
    Representative,
    Session,
)
from .selectors import cosign_requests, public_proposals
from .views import current_congress_or_404


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    congress = current_congress_or_404(request)
    session = next((s for s in congress.sessions.all() if s.collecting()), None)
    rep = services.active_representative(request.user, congress)
    if rep is None:
        raise PermissionDenied("只有本届在任职工代表可以提交提案")
    if session is None:
        return render(request, "congress/proposal_closed.html", {"congress": congress}, status=200)
    form = ProposalForm(request.POST or None, request.FILES or None, session=session, proposer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.proposal_submit(
                actor=request.user,
                session=session,
                title=data["title"],
                category=data["category"],
                reasons=data["reasons"],
                measures=data["measures"],
                cosigners=[r.user for r in data["cosigners"]],
                suggested_unit=data["suggested_unit"],
                confidential=data["confidential"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(
                request,
                f"提案 {case.number} 已保存，已请附议人确认；附议人数够了会自动提交提案工作委员会。"
                if case.state == "cosigning"
                else f"提案 {case.number} 已提交提案工作委员会。",
            )
            return redirect("cases:detail", pk=case.pk)
    return render(request, "congress/proposal_new.html", {"form": form, "session": session})


def proposal_mine(request):
    mine = Case.objects.filter(kind="proposal", requester=request.user).select_related("proposal__session")
    requests_ = cosign_requests(request.user).select_related("proposal__case__requester__employee")
    return render(
        request,
        "congress/proposal_mine.html",
        {**paginate(request, mine.order_by("-created_at"), per_page=20), "cosign_requests": requests_},
    )


@require_POST
def cosign(request, pk):
    case = get_object_or_404(Case.objects.visible_to(request.user, kind="proposal"), pk=pk)
    agree = request.POST.get("agree") == "1"
    try:
        services.proposal_cosign(actor=request.user, case=case, agree=agree)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "已附议，感谢支持。" if agree else "已记录您不附议。")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def add_cosigners(request, pk):
    case = get_object_or_404(Case.objects.visible_to(request.user, kind="proposal"), pk=pk)
    users = [
        r.user
        for r in Representative.objects.filter(pk__in=parse_ids(request.POST.getlist("cosigners"))).select_related(
            "user"
        )
    ]
    try:
        added = services.proposal_add_cosigners(actor=request.user, case=case, users=users)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已邀请 {len(added)} 名代表附议。")
    return redirect("cases:detail", pk=case.pk)


def _proposal_filters(request, cases):
    params, applied = request.GET, {}
    if (session := parse_id(params.get("session"))) is not None:
        cases, applied["session"] = cases.filter(proposal__session_id=session), session
    if (state := params.get("state")) in STATES:
        cases, applied["state"] = cases.filter(state=state), state
    if (category := params.get("category")) in CATEGORIES:
        cases, applied["category"] = cases.filter(category=category), category
    if (unit := parse_id(params.get("unit"))) is not None:
        cases, applied["unit"] = cases.filter(lead_unit_id=unit), unit
    if (disposition := params.get("disposition")) in Disposition.values:
        cases, applied["disposition"] = cases.filter(proposal__disposition=disposition), disposition
    if q := parse_text(params.get("q")):
        cases, applied["q"] = cases.filter(Q(number=q.upper()) | Q(title__contains=q)), q
    return cases, applied


def _list_context(request, cases) -> dict:
    cases, applied = _proposal_filters(request, cases)
    cases = cases.select_related("proposal__session", "lead_unit", "requester__employee").order_by("-created_at")
    paging = paginate(request, cases)
    now = timezone.now()
    for case in paging["page"].object_list:
        case.overdue = case.is_overdue(now)
    return {
        **paging,
        "applied": applied,
        "states": STATES.items(),
        "categories": CATEGORIES.items(),
        "dispositions": Disposition.choices,
        "sessions": Session.objects.visible_to(request.user).values_list("pk", "title"),
        "departments": units_in_scope(request.user, kind=UnitKind.DEPARTMENT).values_list("pk", "name"),
    }


def proposal_list(request):
    if not can(request.user, "congress.handle_proposals"):
        raise PermissionDenied
    cases = Case.objects.visible_to(request.user, kind="proposal")
    return render(
        request,
        "congress/proposal_list.html",
        {**_list_context(request, cases), "may_report": can(request.user, "congress.view_report")},
    )


def proposal_public(request):
    return render(request, "congress/proposal_public.html", _list_context(request, public_proposals(request.user)))


def proposal_public_detail(request, pk):
    case = get_object_or_404(
        public_proposals(request.user).select_related(
            "proposal__session", "proposal__suggested_unit", "requester__employee__unit"
        ),
        pk=pk,
    )
    return render(
        request,
        "congress/proposal_public_detail.html",
        {
            "case": case,
            "cosigners": case.proposal.cosigners.filter(state="confirmed").select_related("user__employee"),
            "units": case.units.filter(active=True).select_related("unit"),
        },
    )


def _report_session(request, pk) -> Session:
    if not can(request.user, "congress.view_report"):
        raise PermissionDenied
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("congress"), pk=pk)
    if not can(request.user, "congress.view_report", session.congress):
        raise PermissionDenied
    return session


def report_page(request, pk):
    session = _report_session(request, pk)
    ctx = report.report_context(session)
    chart = {
        "categories": [label for label, _ in ctx["by_category"]],
        "series": [{"name": "件数", "data": [n for _, n in ctx["by_category"]]}],
    }
    return render(request, "congress/report.html", {**ctx, "summary": report.summary_text(ctx), "chart": chart})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def report_docx(request, pk):
    from urllib.parse import quote

    session = _report_session(request, pk)
    return _download(
        report.render_docx(session),
        quote(f"提案处理情况报告-{session.title}.docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def report_pdf(request, pk):
    from urllib.parse import quote

    session = _report_session(request, pk)
    return _download(report.render_pdf(session), quote(f"提案处理情况报告-{session.title}.pdf"), "application/pdf")
