"""Representatives' yearly duty reports and the democratic evaluations voted on by ballot."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.params import parse_id
from gonghui.org.rules import can

from . import services
from .forms import DutyReportForm
from .models import (
    DutyReport,
    EvaluationKind,
)
from .views import current_congress_or_404


@require_http_methods(["GET", "POST"])
def duty_report_new(request):
    congress = current_congress_or_404(request)
    rep = services.active_representative(request.user, congress)
    if rep is None:
        raise PermissionDenied("只有在任职工代表需要述职")
    year = timezone.localdate().year
    existing = rep.duty_reports.filter(year=year).first()
    form = DutyReportForm(request.POST or None, initial={"year": year, "text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_report_file(
                actor=request.user, representative=rep, year=form.cleaned_data["year"], text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, "述职报告已提交，工会将组织选区职工评议。")
            return redirect("congress:representative", pk=rep.pk)
    return render(request, "congress/duty_report_form.html", {"form": form, "rep": rep})


@require_POST
def duty_report_evaluate(request, pk):
    duty = get_object_or_404(DutyReport.objects.visible_to(request.user), pk=pk)
    try:
        duty = services.duty_report_evaluate(actor=request.user, report=duty)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已发起述职评议，{duty.ballot.voters.count()} 名选区职工已收到通知。")
    return redirect("congress:representative", pk=duty.representative_id)


@require_POST
def evaluation_new(request):
    congress = current_congress_or_404(request)
    if not can(request.user, "congress.manage", congress):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    delegation = congress.delegations.filter(pk=parse_id(request.POST.get("delegation")) or 0).first()
    session = congress.sessions.filter(pk=parse_id(request.POST.get("session")) or 0).first()
    if (kind == EvaluationKind.REPRESENTATIVES and delegation is None) or (
        kind == EvaluationKind.CONGRESS and session is None
    ):
        messages.error(request, "请选择要评议的代表团或会议")
        return redirect("congress:index")
    try:
        evaluation = services.evaluation_open(actor=request.user, kind=kind, delegation=delegation, session=session)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("congress:index")
    messages.success(request, f"已发起“{evaluation.ballot.title}”。")
    return redirect("ballots:detail", pk=evaluation.ballot_id)
