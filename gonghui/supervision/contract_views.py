"""Collective contracts: drafts, negotiation rounds, the representatives' vote, filing, and the yearly inspections."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.paging import paginate
from gonghui.core.params import parse_text
from gonghui.org.models import UnitKind
from gonghui.org.rules import can
from gonghui.org.selectors import units_in_office

from . import services
from .forms import ContractForm, FileForm, FindingForm, InspectionForm, RoundForm, VoteForm
from .models import (
    Contract,
    ContractKind,
    ContractState,
)
from .views import findings_of, form_page, require_office


def contract_list(request):
    contracts = (
        Contract.objects.visible_to(request.user).annotate(round_count=Count("rounds")).order_by("-created_at", "-id")
    )
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


@require_http_methods(["GET", "POST"])
def contract_edit(request, pk=None):
    require_office(request)
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk) if pk else None
    require_office(request, contract)
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
    contract = Contract.objects.visible_to(request.user).filter(pk=pk).select_related("ballot", "previous").first()
    if contract is None:
        raise Http404
    minutes = can(request.user, "supervision.view_minutes", contract)
    inspections = list(contract.inspections.all()) if minutes else []
    for inspection in inspections:
        inspection.cases = findings_of(inspection.findings.all())
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
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
    fresh = services.contract_new_version(actor=request.user, contract=contract)
    messages.success(request, f"已起草第 {fresh.version} 版，内容复制自第 {contract.version} 版。")
    return redirect("supervision:contract", pk=fresh.pk)


@require_http_methods(["GET", "POST"])
def contract_round(request, pk):
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
    form = RoundForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.contract_round_add(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已记录{record}。")
            return redirect("supervision:contract", pk=contract.pk)
    return form_page(request, form, title=f"记录协商会议：{contract.title}", back=contract)


@require_POST
def contract_open_vote(request, pk):
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
    try:
        contract = services.contract_open_vote(
            actor=request.user, contract=contract, closes_at=timezone.now() + timedelta(days=3)
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("supervision:contract", pk=contract.pk)
    messages.success(request, f"已发起代表表决，{contract.ballot.voters.count()} 名代表已收到通知，3 天后截止。")
    return redirect("ballots:detail", pk=contract.ballot_id)


@require_http_methods(["GET", "POST"])
def contract_vote(request, pk):
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
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
    return form_page(
        request,
        form,
        title=f"登记表决结果：{contract.title}",
        back=contract,
        intro="全体职工代表过半数同意为通过。代表在线表决结束后，这里已自动填入投票结果。",
    )


@require_http_methods(["GET", "POST"])
def contract_file(request, pk):
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
    form = FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_file(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已备案，{contract.expires_on:%Y年%m月%d日}到期，到期前 90 天会提醒。")
            return redirect("supervision:contract", pk=contract.pk)
    return form_page(request, form, title=f"登记备案：{contract.title}", back=contract)


@require_http_methods(["GET", "POST"])
def inspection_new(request, pk):
    contract = get_object_or_404(Contract.objects.of_member_unions(request.user), pk=pk)
    require_office(request, contract)
    form = InspectionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_add(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, "已记录履约检查。检查发现的问题可在下方登记为落实事项。")
            return redirect("supervision:contract", pk=contract.pk)
    return form_page(request, form, title=f"履约检查：{contract.title}", back=contract)
