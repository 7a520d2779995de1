from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.forms import StyledFormMixin, UnitChoice
from gonghui.core.paging import paginate
from gonghui.core.params import IdsChoiceField, parse_text
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, in_member_unions
from gonghui.org.selectors import units_in_office

from . import services
from .models import (
    Contract,
    ContractKind,
    ContractState,
    FindingSource,
    Inspection,
    JointMeeting,
    Patrol,
)
from .selectors import open_followups


def _require_minutes(request, obj=None) -> None:
    if not can(request.user, "supervision.view_minutes", obj):
        raise PermissionDenied


def _require_office(request, obj=None) -> None:
    if not can(request.user, "supervision.manage", obj):
        raise PermissionDenied


def _mine(request, model):
    """The records of the user's own unions: another union's are not found."""
    return model.objects.filter(in_member_unions(request.user))


def visible_contracts(user):
    return Contract.objects.visible_to(user)


def _findings(qs):
    """Follow-up cases with their state, newest first, overdue marked."""
    now = timezone.now()
    cases = list(Case.objects.filter(finding__in=qs).select_related("lead_unit").order_by("-created_at"))
    for case in cases:
        case.overdue = case.is_overdue(now)
    return cases


def index(request):
    today = timezone.localdate()
    current = list(visible_contracts(request.user).filter(state=ContractState.FILED).order_by("expires_on"))
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
            "drafts": visible_contracts(request.user).filter(
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


def contract_list(request):
    contracts = visible_contracts(request.user).annotate(round_count=Count("rounds")).order_by("-created_at", "-id")
    applied = {}
    if (kind := request.GET.get("kind")) in ContractKind.values:
        contracts, applied["kind"] = contracts.filter(kind=kind), kind
    if (state := request.GET.get("state")) in ContractState.values:
        contracts, applied["state"] = contracts.filter(state=state), state
    if q := parse_text(request.GET.get("q")):
        contracts, applied["q"] = contracts.filter(title__contains=q), q
    return render(
        request,
        "supervision/contract_list.html",
        {
            **paginate(request, contracts),
            "applied": applied,
            "kinds": ContractKind.choices,
            "states": ContractState.choices if can(request.user, "supervision.view_minutes") else [],
            "may_manage": can(request.user, "supervision.manage"),
        },
    )


class ContractForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["title", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


@require_http_methods(["GET", "POST"])
def contract_edit(request, pk=None):
    _require_office(request)
    contract = get_object_or_404(_mine(request, Contract), pk=pk) if pk else None
    _require_office(request, contract)
    if contract and contract.state not in (ContractState.DRAFT, ContractState.NEGOTIATING):
        messages.error(request, "已表决的合同不能修改；如需修改请起草新版本。")
        return redirect("supervision:contract", pk=contract.pk)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            if contract is None:
                contract = services.contract_create(actor=request.user, **form.cleaned_data)
            else:
                contract = services.contract_update(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{contract}")
            return redirect("supervision:contract", pk=contract.pk)
    return render(request, "supervision/contract_form.html", {"form": form, "contract": contract})


def contract_detail(request, pk):
    contract = visible_contracts(request.user).filter(pk=pk).select_related("ballot", "previous").first()
    if contract is None:
        raise Http404
    minutes = can(request.user, "supervision.view_minutes", contract)
    inspections = list(contract.inspections.all()) if minutes else []
    for inspection in inspections:
        inspection.cases = _findings(inspection.findings.all())
    return render(
        request,
        "supervision/contract_detail.html",
        {
            "contract": contract,
            "left": contract.days_left(),
            "rounds": contract.rounds.all() if minutes else [],
            "inspections": inspections,
            "sees_minutes": minutes,
            "may_manage": can(request.user, "supervision.manage", contract),
            "editable": contract.state in (ContractState.DRAFT, ContractState.NEGOTIATING),
            "ballot_counts": services.ballot_counts(contract) if minutes else None,
            "departments": units_in_office(request.user, kind=UnitKind.DEPARTMENT),
            "finding_form": FindingForm(),
        },
    )


@require_POST
def contract_version(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    fresh = services.contract_new_version(actor=request.user, contract=contract)
    messages.success(request, f"已起草第 {fresh.version} 版，内容复制自第 {contract.version} 版。")
    return redirect("supervision:contract", pk=fresh.pk)


class RoundForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="协商日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="地点", max_length=100, required=False)
    participants = forms.CharField(
        label="参加人员",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "职工方：……\n企业方：……"}),
    )
    minutes = forms.CharField(label="协商纪要", widget=forms.Textarea(attrs={"rows": 8}))


def _form_page(request, form, *, title: str, back, intro: str = ""):
    back_url = back.get_absolute_url() if back else reverse("supervision:index")
    return render(request, "supervision/form.html", {"form": form, "title": title, "back": back_url, "intro": intro})


@require_http_methods(["GET", "POST"])
def contract_round(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    form = RoundForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.contract_round_add(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已记录{record}。")
            return redirect("supervision:contract", pk=contract.pk)
    return _form_page(request, form, title=f"记录协商会议：{contract.title}", back=contract)


@require_POST
def contract_open_vote(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    try:
        contract = services.contract_open_vote(
            actor=request.user, contract=contract, closes_at=timezone.now() + timedelta(days=3)
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("supervision:contract", pk=contract.pk)
    messages.success(request, f"已发起代表表决，{contract.ballot.voters.count()} 名代表已收到通知，3 天后截止。")
    return redirect("ballots:detail", pk=contract.ballot_id)


class VoteForm(StyledFormMixin, forms.Form):
    eligible = forms.IntegerField(label="应到代表人数", min_value=1)
    votes_for = forms.IntegerField(label="同意", min_value=0)
    votes_against = forms.IntegerField(label="不同意", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0)
    voted_on = forms.DateField(label="表决日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@require_http_methods(["GET", "POST"])
def contract_vote(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    form = VoteForm(
        request.POST or None,
        initial=services.ballot_counts(contract)
        or {"voted_on": timezone.localdate(), "eligible": services.representatives(contract.union_id).count()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_record_vote(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            if contract.state == ContractState.VOTED:
                messages.success(request, "已登记：职代会表决通过。下一步：签订并报送备案。")
            else:
                messages.warning(request, "已登记：同意票未超过应到代表半数，未通过。请继续协商后再提交表决。")
            return redirect("supervision:contract", pk=contract.pk)
    return _form_page(
        request,
        form,
        title=f"登记表决结果：{contract.title}",
        back=contract,
        intro="全体职工代表过半数同意为通过。代表在线表决结束后，这里已自动填入投票结果。",
    )


class FileForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=forms.DateInput(attrs={"type": "date"}))
    filed_on = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label="备案机关", max_length=100, initial="市人力资源和社会保障局")
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label="到期日期", widget=forms.DateInput(attrs={"type": "date"}))


@require_http_methods(["GET", "POST"])
def contract_file(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    form = FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_file(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已备案，{contract.expires_on:%Y年%m月%d日}到期，到期前 90 天会提醒。")
            return redirect("supervision:contract", pk=contract.pk)
    return _form_page(request, form, title=f"登记备案：{contract.title}", back=contract)


class InspectionForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    held_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label="检查组成员", widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="检查结论", widget=forms.Textarea(attrs={"rows": 6}))


@require_http_methods(["GET", "POST"])
def inspection_new(request, pk):
    contract = get_object_or_404(_mine(request, Contract), pk=pk)
    _require_office(request, contract)
    form = InspectionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_add(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, "已记录履约检查。检查发现的问题可在下方登记为落实事项。")
            return redirect("supervision:contract", pk=contract.pk)
    return _form_page(request, form, title=f"履约检查：{contract.title}", back=contract)


# Findings: decided, found, to be done


class FindingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="事项", max_length=200)
    body = forms.CharField(label="具体内容和要求", widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoice(
        label="交办部门（可稍后交办）", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    due_on = forms.DateField(
        label="完成期限（默认 30 天）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@require_POST
def finding_new(request, source, pk):
    meeting = patrol = inspection = None
    if source == FindingSource.MEETING:
        meeting = get_object_or_404(_mine(request, JointMeeting), pk=pk)
        back = ("supervision:meeting", meeting.pk)
    elif source == FindingSource.PATROL:
        patrol = _visible_patrol(request, pk)
        back = ("supervision:patrol", patrol.pk)
    else:
        inspection = get_object_or_404(_mine(request, Inspection), pk=pk)
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


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = JointMeeting
        fields = ["title", "held_on", "place", "attendees", "minutes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }


def meeting_list(request):
    _require_minutes(request)
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
    instance = get_object_or_404(_mine(request, model), pk=pk) if pk else None
    _require_office(request, instance)
    form = form_class(request.POST or None, instance=instance or model(union_id=acting_union_id(request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            instance = services.minutes_save(actor=request.user, record=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存：{instance}。{then}")
            return redirect(instance.get_absolute_url())
    return _form_page(request, form, title=title, back=instance)


def meeting_detail(request, pk):
    meeting = get_object_or_404(_mine(request, JointMeeting), pk=pk)
    _require_minutes(request, meeting)
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "cases": _findings(meeting.findings.all()),
            "may_manage": can(request.user, "supervision.manage", meeting),
            "finding_form": FindingForm(),
        },
    )


# Patrols


class PatrolForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Patrol
        fields = ["topic", "held_on", "places", "participants", "summary"]
        field_classes = {"participants": IdsChoiceField}
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        field.queryset = (
            services.representatives(self.instance.union_id)
            .select_related("employee__unit")
            .order_by("employee__unit__path")
        )
        field.label_from_instance = lambda u: (
            f"{u.display_name}（{u.employee.unit.name}）" if u.employee else u.username
        )


def _visible_patrol(request, pk) -> Patrol:
    patrol = get_object_or_404(_mine(request, Patrol), pk=pk)
    _require_minutes(request, patrol)
    return patrol


def patrol_list(request):
    _require_minutes(request)
    patrols = (
        Patrol.objects.visible_to(request.user)
        .annotate(
            n=Count("findings", distinct=True),
            done=Count("findings", filter=Q(findings__case__closed_at__isnull=False), distinct=True),
            people=Count("participants", distinct=True),
        )
        .order_by("-held_on", "-id")
    )
    if q := parse_text(request.GET.get("q")):
        patrols = patrols.filter(topic__contains=q)
    if request.GET.get("mine") == "1":
        patrols = patrols.filter(participants=request.user)
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
            "participants": patrol.participants.select_related("employee__unit"),
            "cases": _findings(patrol.findings.all()),
            "may_manage": can(request.user, "supervision.manage", patrol),
            "may_add": services.may_add_finding(request.user, record=patrol),
            "finding_form": FindingForm(),
        },
    )
