from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.models import User
from gonghui.cases.models import Case
from gonghui.core.forms import MultipleFileField, StyledFormMixin, UnitChoice
from gonghui.core.paging import paginate
from gonghui.core.params import IdsChoiceField, parse_id, parse_ids, parse_text
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, in_member_unions
from gonghui.org.selectors import units_in_scope

from . import report, services
from .kind import CATEGORIES, STATES
from .models import (
    AttendanceStatus,
    Congress,
    Delegation,
    Disposition,
    DutyReport,
    EvaluationKind,
    Representative,
    RepresentativeKind,
    Session,
)
from .selectors import cosign_requests, public_proposals, representatives_of


class RepresentativeChoice(IdsChoiceField):
    def label_from_instance(self, obj):
        employee = obj.user.employee
        return f"{employee.name}（{employee.unit.name}）" if employee else obj.user.display_name


class ProposalForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(CATEGORIES.items()))
    title = forms.CharField(
        label="提案标题", max_length=100, widget=forms.TextInput(attrs={"placeholder": "关于……的提案"})
    )
    reasons = forms.CharField(label="案由（问题和原因）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(label="建议措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    suggested_unit = UnitChoice(
        label="建议承办部门", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    cosigners = RepresentativeChoice(
        label="附议人（本届职工代表，可多选）",
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = forms.BooleanField(label="涉密或涉及个人隐私，不在提案公开栏公布", required=False)
    attachments = MultipleFileField(label="附件（可空）", required=False)

    def __init__(self, *args, session: Session, proposer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = representatives_of(session.congress_id).exclude(user=proposer)
        limit_units(self, OrgUnit.objects.subtree(session.congress.union))
        self.fields["cosigners"].help_text = f"至少 {session.min_cosigners} 名代表附议后，提案才提交提案工作委员会审查"


def _current(request) -> Congress | None:
    """The sitting congress of the union the user acts in: their own, or the one they are office of."""
    return Congress.objects.current(acting_union_id(request.user))


def _current_or_404(request) -> Congress:
    congress = _current(request)
    if congress is None:
        raise Http404("还没有登记职代会届次")
    return congress


def _in_unions(request, model, field="congress__union"):
    """A congress record of the user's own unions: another union's is not found."""
    return model.objects.filter(in_member_unions(request.user, field))


def index(request):
    congress = _current(request)
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


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["number", "title", "held_on", "place", "proposals_open", "proposals_close", "min_cosigners"]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("held_on", "proposals_open", "proposals_close")
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("proposals_open")
            and data.get("proposals_close")
            and data["proposals_close"] < data["proposals_open"]
        ):
            raise forms.ValidationError("提案征集截止日期不能早于开始日期")
        return data


@require_http_methods(["GET", "POST"])
def session_edit(request, pk=None):
    congress = _current_or_404(request)
    session = get_object_or_404(_in_unions(request, Session), pk=pk) if pk else Session(congress=congress)
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
    session = get_object_or_404(_in_unions(request, Session).select_related("congress"), pk=pk)
    may_manage = can(request.user, "congress.manage", session.congress)
    reps = list(representatives_of(session.congress_id).order_by("delegation__unit__path", "user__employee__name"))
    marks = {a.representative_id: a.status for a in session.attendance.all()}
    for rep in reps:
        rep.mark = marks.get(rep.pk, "")
    counts = {label: sum(1 for r in reps if r.mark == key) for key, label in AttendanceStatus.choices}
    counts["未登记"] = sum(1 for r in reps if not r.mark)
    sees_roll = may_manage or services.active_representative(request.user, session.congress_id) is not None
    return render(
        request,
        "congress/session_detail.html",
        {
            "session": session,
            "reps": reps if sees_roll else [],
            "counts": counts,
            "statuses": AttendanceStatus.choices,
            "may_manage": may_manage,
            "may_report": can(request.user, "congress.view_report"),
            "proposal_total": public_proposals(request.user).filter(proposal__session=session).count(),
        },
    )


@require_POST
def attendance(request, pk):
    session = get_object_or_404(_in_unions(request, Session).select_related("congress"), pk=pk)
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
    congress = _current_or_404(request)
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
        _in_unions(request, Representative).select_related("user__employee__unit", "delegation", "congress"), pk=pk
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
            "attendance": rep.attendance.select_related("session").order_by("-session__held_on"),
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
        duty.result = None
        if duty.ballot and (results_visible(user, duty.ballot) or (user.pk == rep.user_id and duty.ballot.is_closed())):
            item = ballot_results(duty.ballot).items[0]
            duty.result = [(choice, n, item.share(choice)) for choice, n in item.counts]
    return reports


class RepresentativeForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label="工号", max_length=20)
    delegation = forms.ModelChoiceField(label="代表团", queryset=Delegation.objects.none())
    kind = forms.ChoiceField(label="代表构成", choices=RepresentativeKind.choices)
    elected_on = forms.DateField(label="当选日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = congress.delegations.all()

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        user = User.objects.filter(employee__employee_no=number, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"找不到在职、已开通账号的职工 {number}")
        self.user = user
        return number


@require_http_methods(["GET", "POST"])
def representative_add(request):
    congress = _current_or_404(request)
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
    rep = get_object_or_404(_in_unions(request, Representative).select_related("congress"), pk=pk)
    services.representative_end(actor=request.user, representative=rep, left_on=timezone.localdate())
    messages.success(request, f"已终止 {rep} 的代表资格，其履职记录保留。")
    return redirect("congress:representative", pk=rep.pk)


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    congress = _current_or_404(request)
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
        "sessions": _in_unions(request, Session).values_list("pk", "title"),
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
    session = get_object_or_404(_in_unions(request, Session).select_related("congress"), pk=pk)
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


class DutyReportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    text = forms.CharField(
        label="述职内容",
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "placeholder": "参加职代会和代表活动、提出和附议提案、联系和反映职工意见、参与巡察检查等情况",
            }
        ),
    )


@require_http_methods(["GET", "POST"])
def duty_report_new(request):
    congress = _current_or_404(request)
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
    duty = get_object_or_404(_in_unions(request, DutyReport, "representative__congress__union"), pk=pk)
    try:
        duty = services.duty_report_evaluate(actor=request.user, report=duty)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已发起述职评议，{duty.ballot.voters.count()} 名选区职工已收到通知。")
    return redirect("congress:representative", pk=duty.representative_id)


@require_POST
def evaluation_new(request):
    congress = _current_or_404(request)
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


class CongressForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["number", "title", "term_start", "term_end"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for f in ("term_start", "term_end")}

    def clean(self):
        data = super().clean()
        if data.get("term_start") and data.get("term_end") and data["term_end"] <= data["term_start"]:
            raise forms.ValidationError("任期结束须晚于任期开始")
        return data


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


class DelegationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="代表团名称", max_length=50, widget=forms.TextInput(attrs={"placeholder": "如：运行代表团"})
    )
    unit = UnitChoice(
        label="选区（分工会）", queryset=OrgUnit.objects.filter(kind__in=[UnitKind.BRANCH, UnitKind.DEPARTMENT])
    )


@require_http_methods(["GET", "POST"])
def delegation_new(request):
    congress = _current_or_404(request)
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
