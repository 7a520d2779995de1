from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from gonghui.core.forms import styled
from gonghui.core.paging import paginate
from gonghui.core.params import parse_ids
from gonghui.core.uploads import file_response
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.org.rules import can

from . import services
from .forms import ActForm, CommentForm, RateForm
from .models import Case, CaseAttachment, CaseEvent
from .selectors import case_row, mark_overdue, merging, other_todo, requester_label, step_people, timeline, todo_for


def _visible_case(request, pk, *, with_last_event=False) -> Case:
    cases = Case.objects.visible_to(request.user).select_related("lead_unit", "requester__employee__unit")
    if with_last_event:  # the cached timeline's key, in the same query
        newest = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-id").values("id")[:1]
        cases = cases.annotate(last_event=Subquery(newest))
    return get_object_or_404(cases, pk=pk)


def detail(request, pk):
    case = _visible_case(request, pk, with_last_event=True)
    spec = case.kind_spec
    actions = spec.available(request.user, case)
    departments = cache(lambda: list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).values_list("pk", "name")))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "spec": spec,
            "requester": requester_label(case, request.user),
            # Rendered only when the cached timeline fragment is missing (see the template).
            "events": SimpleLazyObject(lambda: timeline(case, request.user)),
            "last_event": case.last_event,
            "viewer_is_requester": request.user.pk == case.requester_id,
            "units": case.units.filter(active=True).select_related("unit"),
            "actions": [
                (
                    t,
                    ActForm(
                        initial={"transition": t.name, "version": case.version},
                        prefix=t.name,
                        departments=departments,
                    ),
                    styled(t.form)(prefix=f"data-{t.name}") if t.form is not None else None,
                )
                for t in actions
            ],
            "rate_form": RateForm(initial={"version": case.version}, rule=spec.rating)
            if spec.rating is not None and request.user.pk == case.requester_id and case.state == spec.answered_state
            else None,
            "reopens_left": spec.rating is not None and case.reopen_count < spec.rating.reopens,
            "comment_form": CommentForm(),
            "may_urge": can(request.user, "cases.urge", case) and case.closed_at is None and case.lead_unit_id,
            "overdue": case.is_overdue(),
            "co_reply_unit": services.replying_unit(request.user, case),
            "panel": spec.panel_context(case, request.user) if spec.panel_context else {},
            "merging": merging(case, request.user) if spec.merges is not None else None,
        },
    )


@require_POST
def merge(request, pk):
    case = _visible_case(request, pk)
    others = Case.objects.visible_to(request.user, kind=case.kind).filter(
        pk__in=parse_ids(request.POST.getlist("cases"))
    )
    try:
        merged = services.case_merge(actor=request.user, lead=case, others=list(others))
    except (PermissionDenied, ValidationError) as exc:
        _fail(request, case, exc)
    else:
        numbers = "、".join(c.number for c in merged)
        messages.success(request, f"已并案：{numbers} 并入 {case.number} 一并办理，答复后各提出人分别评价。")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def unmerge(request, pk):
    case = _visible_case(request, pk)
    lead_pk = case.merged_into_id
    try:
        services.case_unmerge(actor=request.user, case=case)
    except (PermissionDenied, ValidationError) as exc:
        _fail(request, case, exc)
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, f"已撤销并案：{case.number} 单独办理，已通知提出人。")
    return redirect("cases:detail", pk=lead_pk)


def _fail(request, case, exc) -> None:
    if isinstance(exc, services.Conflict):
        messages.error(request, exc.message)
    elif isinstance(exc, ValidationError):
        messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, str(exc) or "无权执行此操作")


@require_POST
def act(request, pk):
    case = _visible_case(request, pk)
    name = request.POST.get("transition", "")
    form = ActForm(request.POST, request.FILES, prefix=name or None)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{'；'.join(e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("cases:detail", pk=case.pk)
    data = form.cleaned_data
    prefix = f"data-{name}-"
    step_data = {k.removeprefix(prefix): v for k, v in request.POST.items() if k.startswith(prefix)}
    try:
        people = step_people(request.user, case, name, data["people"])
    except ValidationError as exc:
        _fail(request, case, exc)
        return redirect("cases:detail", pk=case.pk)
    due, co_due = (
        timezone.make_aware(d) if d is not None and timezone.is_naive(d) else d
        for d in (data["due_at"], data["co_due_at"])
    )
    try:
        case = services.case_act(
            actor=request.user,
            case=case,
            transition=data["transition"],
            version=data["version"],
            text=data["text"],
            lead_unit=data["lead_unit"],
            co_units=list(data["co_units"]),
            due_at=due,
            co_due_at=co_due,
            attachments=data["attachments"],
            data=step_data,
            people=people,
        )
    except (services.Conflict, ValidationError, PermissionDenied) as exc:
        _fail(request, case, exc)
    else:
        messages.success(
            request,
            f"已{case.kind_spec.transition(data['transition']).label}：{case.number} 现为“{case.state_label}”。",
        )
    return redirect("cases:detail", pk=case.pk)


@require_POST
def rate(request, pk):
    case = _visible_case(request, pk)
    form = RateForm(request.POST, rule=case.kind_spec.rating)
    if not form.is_valid():
        messages.error(request, "请选择评价")
        return redirect("cases:detail", pk=case.pk)
    try:
        case = services.case_rate(
            actor=request.user,
            case=case,
            rating=form.cleaned_data["rating"],
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    except (services.Conflict, ValidationError, PermissionDenied) as exc:
        _fail(request, case, exc)
    else:
        reopened = case.state == case.kind_spec.reopen_state
        messages.success(request, "已退回重新办理，承办部门会再次答复您。" if reopened else "感谢您的评价。")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def comment(request, pk):
    case = _visible_case(request, pk)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_comment(
                actor=request.user,
                case=case,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            _fail(request, case, exc)
        else:
            messages.success(request, "已添加。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("cases:detail", pk=case.pk)


@require_POST
def co_reply(request, pk):
    case = _visible_case(request, pk)
    try:
        unit = services.case_unit_reply(actor=request.user, case=case, text=request.POST.get("text", ""))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, case, exc)
    else:
        messages.success(request, f"已提交{unit.unit.name}的协办意见，主办部门会据此答复。")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def urge(request, pk):
    case = _visible_case(request, pk)
    try:
        services.case_urge(actor=request.user, case=case, text=request.POST.get("text", ""))
    except PermissionDenied as exc:
        _fail(request, case, exc)
    else:
        messages.success(request, f"已督办 {case.number}，承办部门已收到提醒。")
    return redirect("cases:detail", pk=case.pk)


def attachment(request, pk, attachment_pk):
    case = _visible_case(request, pk)
    item = get_object_or_404(CaseAttachment, pk=attachment_pk, case=case)
    return file_response(request, file=item.file, name=item.name, thumbnail=item.thumbnail)


def todo(request):
    def waiting():
        qs = todo_for(request.user).select_related("lead_unit").order_by(F("due_at").asc(nulls_last=True), "created_at")
        if request.GET.get("overdue") == "1":
            qs = qs.filter(due_at__lt=timezone.now(), answered_at__isnull=True)
        return qs

    paging = paginate(request, waiting, cache_count="cases", row=case_row)
    rows = mark_overdue(list(paging["page"].object_list))
    others = [r for r in other_todo(request.user) if r["overdue"] or request.GET.get("overdue") != "1"]
    if paging["page"].number == 1:
        rows = others + rows
    return render(
        request,
        "cases/todo.html",
        {
            **paging,
            "rows": rows,
            "total": paging["page"].paginator.count + len(others),
            "overdue_only": request.GET.get("overdue") == "1",
        },
    )
