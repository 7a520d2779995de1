"""Every change to a case: one atomic function each, used by pages, the API and the worker."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gonghui.audit import context as audit_context
from gonghui.core.cache import changed
from gonghui.core.forms import form_values
from gonghui.core.uploads import clean_upload
from gonghui.notify.services import notify_units, notify_users
from gonghui.org.rules import can
from gonghui.org.scopes import own_union_id, union_id_of, union_path
from gonghui.search import index as search_index

from .kinds import CaseKind, get_kind, handler_paths
from .models import Case, CaseAssignee, CaseAttachment, CaseCounter, CaseEvent, CaseUnit
from .notices import case_url, office_of, tell_about, unit_handlers


class Conflict(Exception):
    """Somebody else changed the case first."""

    message = "该事项刚被其他人处理过，请刷新页面查看最新状态后再操作。"


def _next_number(kind: CaseKind, union_id: int) -> str:
    """The union's next number for the kind this year: each union numbers its own."""
    year = timezone.localdate().year
    CaseCounter.objects.get_or_create(union_id=union_id, kind=kind.key, year=year)
    counter = CaseCounter.objects.select_for_update().get(union_id=union_id, kind=kind.key, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{kind.prefix}-{year}-{counter.last:04d}"


def _attach(case: Case, event: CaseEvent, uploads) -> None:
    """Store the uploads on the timeline. An anonymous requester's files are renamed 附件1, 附件2…:
    their own names (张三的工资条.jpg, IMG_20260301_wufang.jpg) would say who sent them."""
    uploads = list(uploads or [])
    if not uploads:
        return
    numbered = event.actor_hidden
    first = case.attachments.count() + 1 if numbered else 0
    for offset, upload in enumerate(uploads):
        file = clean_upload(upload, anonymous_name=f"附件{first + offset}" if numbered else None)
        CaseAttachment.objects.create(
            case=case, event=event, file=file.content, thumbnail=file.thumbnail, name=file.name, size=file.size
        )


def _changed() -> None:
    changed("cases")


def is_anonymous_requester(case: Case, actor) -> bool:
    return case.anonymous and actor is not None and actor.pk == case.requester_id


def as_requester(case: Case, actor):
    """The context for writing `actor`'s own step on `case`: when they are its anonymous
    requester, whatever is saved inside is audited with neither actor nor address. A domain
    that saves its own rows for the requester (a disclosure question's link) uses it too."""
    return audit_context.anonymous() if is_anonymous_requester(case, actor) else nullcontext()


def _event(case, *, action, label, actor, text="", from_state="", to_state="", data=None) -> CaseEvent:
    _changed()
    hidden = is_anonymous_requester(case, actor)
    # The anonymous requester's own steps are stored without them: shown as 匿名职工 to
    # others and as 我 to the requester, who is known from the case itself.
    return CaseEvent.objects.create(
        case=case,
        action=action,
        label=label,
        actor=None if hidden else actor,
        actor_hidden=hidden,
        text=text,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
    )


def _audit(case: Case, *, actor, action: int, changes: dict, step: str) -> None:
    """One audit row per change. An anonymous requester's own steps carry no actor.

    bulk_create, not save(): auditlog's request context fills in the actor and the client's
    address on every saved LogEntry, and either would unmask an anonymous requester.
    """
    hidden = is_anonymous_requester(case, actor)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(Case),
                object_pk=str(case.pk),
                object_id=case.pk,
                object_repr=f"{case.number} {case.title}"[:200],
                action=action,
                changes={k: [str(old), str(new)] for k, (old, new) in changes.items()},
                actor=None if hidden else actor,
                remote_addr=None if hidden else audit_context.current_address(),
                additional_data={"step": step, "kind": case.kind, **({"actor": "匿名职工"} if hidden else {})},
            )
        ]
    )


@transaction.atomic
def case_open(
    *,
    kind: str,
    requester,
    title: str,
    body: str,
    category: str,
    anonymous: bool = False,
    attachments=(),
    lead_unit=None,
    union_id: int | None = None,
    subject=None,
) -> Case:
    """Raise a case. With `lead_unit` it goes straight to that unit (a question about the unit's
    own disclosure, say), due after the kind's default days, with no triage by the union.
    With `subject` it is about that employee, raised on their behalf (the kind's `may_open`
    says who may).

    It belongs to `union_id` when given (a congress's proposal), else to the lead unit's union,
    else to the subject's, else to the requester's own."""
    spec = get_kind(kind)
    if spec.may_open is not None and not spec.may_open(requester, subject):
        raise PermissionDenied(f"您不能为其提出{spec.label}" if subject is not None else f"您不能提出{spec.label}")
    if subject is not None and spec.may_open is None:
        raise ValidationError(f"{spec.label}只能由本人提出")
    union_id = (
        union_id
        or union_id_of(lead_unit.path if lead_unit is not None else None)
        or union_id_of(subject.unit_path if subject is not None else None)
        or own_union_id(requester)
    )
    if union_id is None:
        raise ValidationError("您不在任何工会的职工名册中，无法提出")
    if lead_unit is not None and not lead_unit.path.startswith(union_path(union_id)):
        raise ValidationError({"lead_unit": "承办单位不属于本工会"})
    with audit_context.anonymous() if anonymous else nullcontext():
        return _open(
            union_id=union_id,
            kind=kind,
            requester=requester,
            title=title,
            body=body,
            category=category,
            anonymous=anonymous,
            attachments=attachments,
            lead_unit=lead_unit,
            subject=subject,
        )


def _open(*, union_id, kind, requester, title, body, category, anonymous, attachments, lead_unit, subject) -> Case:
    spec = get_kind(kind)
    if category not in spec.categories:
        raise ValidationError({"category": "请选择类别"})
    if anonymous and not spec.allow_anonymous:
        raise ValidationError("此类事项不能匿名提出")
    case = Case.objects.create(
        union_id=union_id,
        kind=kind,
        number=_next_number(spec, union_id),
        title=title,
        body=body,
        category=category,
        requester=requester,
        subject=subject,
        anonymous=anonymous,
        state=spec.initial,
    )
    if lead_unit is not None:
        due_at = timezone.now() + timedelta(days=spec.default_days)
        CaseUnit.objects.create(case=case, unit=lead_unit, unit_path=lead_unit.path, is_lead=True, due_at=due_at)
        Case.objects.filter(pk=case.pk).update(lead_unit=lead_unit, due_at=due_at)
        case.lead_unit, case.due_at = lead_unit, due_at
        search_index.reindex(case)
    event = _event(case, action="submit", label="提出", actor=requester, to_state=spec.initial)
    _audit(
        case,
        actor=requester,
        action=LogEntry.Action.CREATE,
        step="提出",
        changes={
            "number": (None, case.number),
            "category": (None, category),
            "state": (None, spec.initial),
            **({"subject": (None, subject.name)} if subject is not None else {}),
        },
    )
    _attach(case, event, attachments)
    _sync_waiting(case)
    if lead_unit is not None:
        url = case_url(case)
        notify_users(unit_handlers(lead_unit), title=f"新{spec.label} {case.number}", body=title, url=url)
        notify_units([lead_unit], title=f"新{spec.label} {case.number}", body=title, url=url)
    elif spec.initial == spec.waiting_state:
        recipients = [u for u in office_of(case) if u.pk != requester.pk]
        notify_users(recipients, title=f"新{spec.label} {case.number}", body=title, url=case_url(case))
    return case


def _sync_waiting(case: Case) -> None:
    """Mark which of the case's units owe something now (CaseUnit.waiting), after any step."""
    fresh = Case.objects.only("kind", "state", "answered_at", "closed_at").get(pk=case.pk)
    units = CaseUnit.objects.filter(case_id=case.pk)
    if fresh.closed_at is not None or fresh.answered_at is not None or fresh.state not in fresh.kind_spec.unit_states:
        units.filter(waiting=True).update(waiting=False)
        return
    owes = Q(active=True) & (Q(is_lead=True) | Q(replied_at__isnull=True))
    units.filter(owes, waiting=False).update(waiting=True)
    units.exclude(owes).filter(waiting=True).update(waiting=False)


def _locked(case: Case, version: int) -> Case:
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    if fresh.version != version:
        raise Conflict
    return fresh


@transaction.atomic
def case_act(
    *,
    actor,
    case: Case,
    transition: str,
    version: int,
    text: str = "",
    lead_unit=None,
    co_units=(),
    due_at=None,
    co_due_at=None,
    attachments=(),
    data=None,
    people=(),
) -> Case:
    """Take a step of the case's kind. `data` is the step's own form data, `people` the persons
    it assigns (one, or a panel)."""
    spec = case.kind_spec
    step = spec.transition(transition)
    case = _locked(case, version)
    if case.merged_into_id:
        raise PermissionDenied(f"该{spec.label}已并案，请在主办{spec.label} {case.merged_into.number} 中办理")
    if step is None or case.state not in step.sources or not step.allowed(actor, case):
        raise PermissionDenied("您不能对该事项执行此操作")
    _check_who(case, step, actor)
    text = reason = (text or "").strip()
    if step.needs_text and not text:
        raise ValidationError(f"请填写{step.text_label}")
    values = form_values(step.form, data)
    now = timezone.now()
    updates = {"state": step.target, "version": F("version") + 1}
    changes = {"state": (case.state, step.target)}
    step_due = now + step.deadline(case, values) if step.deadline is not None else None
    if step.assigns_people:
        people = list(dict.fromkeys(people))
        if len(people) != step.assigns_people:
            raise ValidationError(f"请指定 {step.assigns_people} 人" if step.assigns_people > 1 else "请指定负责人")
        if any(
            not p.is_active or not p.employee_id or not p.employee.unit_path.startswith(case.union_path) for p in people
        ):
            raise ValidationError("指定的人须是本工会在用的账号")
        CaseAssignee.objects.filter(case=case, active=True).update(active=False)
        CaseAssignee.objects.bulk_create([CaseAssignee(case=case, user=p, step=step.name) for p in people])
        names = "、".join(p.display_name for p in people)
        changes["assignees"] = ("", names)
        text = f"指定：{names}" + (f"。{text}" if text else "")
    if step.reviews:
        mine = CaseAssignee.objects.filter(case=case, user=actor, active=True, reviewed_at__isnull=True)
        if not mine.update(reviewed_at=now, data=values):
            raise PermissionDenied("只有尚未提交的指定人员可以提交")
    if step_due is not None and not step.assigns:
        updates.update(due_at=step_due, overdue_notified_at=None, escalated_at=None)
        CaseUnit.objects.filter(case=case, active=True, is_lead=True).update(due_at=step_due)
    if step.assigns:
        if lead_unit is None:
            raise ValidationError("请选择主办单位")
        # A time without a zone (the API allows one) is Beijing time, as the page's fields are.
        due_at, co_due_at = (
            timezone.make_aware(t) if t is not None and timezone.is_naive(t) else t for t in (due_at, co_due_at)
        )
        due_at = due_at or step_due or now + timedelta(days=spec.default_days)
        if due_at <= now:
            raise ValidationError("办理期限须晚于现在")
        CaseUnit.objects.filter(case=case, active=True).update(active=False)
        units = [lead_unit, *[u for u in co_units if u.pk != lead_unit.pk]]
        # Co-units usually owe their part before the lead unit can answer: their own deadline.
        co_due_at = co_due_at or due_at
        if co_due_at > due_at:
            raise ValidationError("协办期限不能晚于主办期限")
        CaseUnit.objects.bulk_create(
            [
                CaseUnit(
                    case=case,
                    unit=u,
                    unit_path=u.path,
                    is_lead=u.pk == lead_unit.pk,
                    due_at=due_at if u.pk == lead_unit.pk else co_due_at,
                )
                for u in units
            ]
        )
        updates.update(lead_unit=lead_unit, due_at=due_at, overdue_notified_at=None, escalated_at=None)
        names = "、".join(u.name for u in units[1:])
        text = (
            f"主办：{lead_unit.name}{'；协办：' + names if names else ''}；期限 {timezone.localtime(due_at):%Y-%m-%d %H:%M}"
            + (f"。{text}" if text else "")
        )
    if step.answers:
        updates.update(answer=text, answered_at=now)
    if step.reopens:
        due = now + timedelta(days=spec.default_days)
        updates.update(answered_at=None, due_at=due, overdue_notified_at=None, escalated_at=None)
        CaseUnit.objects.filter(case=case, active=True).update(due_at=due, replied_at=None)
    if case.first_response_at is None and actor.pk != case.requester_id:
        updates["first_response_at"] = now
    if step.target == spec.closed_state:
        updates["closed_at"] = now
    if step.target == spec.waiting_state:  # returned to the union for another assignment
        CaseUnit.objects.filter(case=case, active=True).update(active=False)
        updates.update(lead_unit=None, due_at=None)
    Case.objects.filter(pk=case.pk).update(**updates)
    if "lead_unit" in updates or "answer" in updates:  # the search's unit filter; the answer's words
        search_index.reindex(case)
    if step_due is not None and not step.assigns:
        changes["due_at"] = (case.due_at.isoformat() if case.due_at else "", step_due.isoformat())
    changes.update({f"data.{k}": ("", v) for k, v in values.items()})
    if step.assigns:
        # Names as they were: a unit renamed later must not rewrite what the log says.
        changes["lead_unit"] = (case.lead_unit.name if case.lead_unit_id else "", lead_unit.name)
        changes["due_at"] = (case.due_at.isoformat() if case.due_at else "", due_at.isoformat())
    if step.answers:
        changes["answer"] = (case.answer, text)
    _audit(case, actor=actor, action=LogEntry.Action.UPDATE, changes=changes, step=step.label)
    event = _event(
        case,
        action=step.name,
        label=step.label,
        actor=actor,
        text=text,
        from_state=case.state,
        to_state=step.target,
        data=values,
    )
    _attach(case, event, attachments)
    _sync_waiting(case)
    case.refresh_from_db()
    if step.after is not None:
        step.after(case, actor, reason, values)
    if step.assigns_people:
        notify_users(
            [p for p in people if p.pk != actor.pk],
            title=f"请处理{spec.label} {case.number}",
            body=case.title,
            url=case_url(case),
        )
    tell_about(case, step.label, actor)
    if spec.merges is not None:
        _carry_to_merged(case, step, actor, text)
    return case


def merge_problems(lead: Case, others) -> dict[int, str]:
    """Why each of `others` cannot be merged into `lead` ("" when it can), asked of them all
    in two queries whatever their number."""
    spec = lead.kind_spec
    others = list(others)
    leads = set(Case.objects.filter(merged_into__in=others).values_list("merged_into", flat=True))
    mergeable = spec.mergeable(lead, others) if spec.mergeable is not None else {o.pk for o in others}
    problems = {}
    for other in others:
        if other.pk == lead.pk or other.kind != lead.kind or other.union_id != lead.union_id:
            problems[other.pk] = f"不是同一工会的{spec.label}"
        elif other.merged_into_id:
            problems[other.pk] = "已并入其他事项"
        elif other.closed_at is not None or other.answered_at is not None:
            problems[other.pk] = "已答复或已办结"
        elif other.pk in leads:
            problems[other.pk] = f"已有其他{spec.label}并入它，请把它作为主办"
        elif other.pk not in mergeable:
            problems[other.pk] = f"不符合{spec.label}并案的条件"
        else:
            problems[other.pk] = ""
    return problems


@transaction.atomic
def case_merge(*, actor, lead: Case, others) -> list[Case]:
    """并案: the others are handled as `lead` from now on — its units, its deadline, its answer —
    and each of their requesters is told, and rates the answer for themselves."""
    spec = lead.kind_spec
    lead = Case.objects.select_for_update(of=("self",)).select_related("lead_unit").get(pk=lead.pk)
    if spec.merges is None or not spec.merges(actor, lead):
        raise PermissionDenied(f"您不能对该{spec.label}并案")
    if lead.merged_into_id or lead.closed_at is not None or lead.answered_at is not None:
        raise ValidationError(f"{lead.number} 已答复、已办结或已并入其他事项，不能作为主办{spec.label}")
    others = list(
        Case.objects.select_for_update().filter(pk__in=[o.pk for o in others]).exclude(pk=lead.pk).order_by("pk")
    )
    if not others:
        raise ValidationError(f"请选择要并入的{spec.label}")
    found = merge_problems(lead, others)
    if problems := [f"{o.number}：{found[o.pk]}" for o in others if found[o.pk]]:
        raise ValidationError("；".join(problems))
    for other in others:
        CaseUnit.objects.filter(case=other, active=True).update(active=False)
        Case.objects.filter(pk=other.pk).update(
            merged_into=lead,
            state=lead.state,
            lead_unit=lead.lead_unit,
            due_at=lead.due_at,
            overdue_notified_at=None,
            escalated_at=None,
            version=F("version") + 1,
        )
        _audit(
            other,
            actor=actor,
            action=LogEntry.Action.UPDATE,
            changes={"merged_into": ("", lead.number), "state": (other.state, lead.state)},
            step="并案",
        )
        _event(
            other,
            action="merge",
            label=f"并入 {lead.number} 一并办理",
            actor=actor,
            from_state=other.state,
            to_state=lead.state,
        )
        _sync_waiting(other)
        search_index.reindex(other)
    numbers = "、".join(o.number for o in others)
    Case.objects.filter(pk=lead.pk).update(version=F("version") + 1)
    _audit(lead, actor=actor, action=LogEntry.Action.UPDATE, changes={"merged": ("", numbers)}, step="并案")
    _event(
        lead,
        action="merge",
        label=f"并案：并入 {numbers}",
        actor=actor,
        text="\n".join(f"{o.number} {o.title}" for o in others),
    )
    for other in others:
        notify_users(
            [other.requester],
            title=f"您的{spec.label} {other.number} 已并入 {lead.number} 一并办理",
            body=other.title,
            url=case_url(other),
        )
    _changed()
    return others


def _carry_to_merged(lead: Case, step, actor, text: str) -> None:
    """What the lead's step does to the cases merged into it: each follows to the lead's
    state, units' deadline and answer until its own requester has rated it; closing the lead
    closes them all."""
    followers = Case.objects.select_for_update().filter(merged_into=lead, closed_at__isnull=True)
    closing = lead.closed_at is not None
    if not closing:
        followers = followers.filter(rating="")
    for follower in followers:
        Case.objects.filter(pk=follower.pk).update(
            state=lead.state,
            lead_unit=lead.lead_unit_id,
            due_at=lead.due_at,
            answer=lead.answer,
            answered_at=lead.answered_at,
            closed_at=lead.closed_at,
            version=F("version") + 1,
        )
        _audit(
            follower,
            actor=actor,
            action=LogEntry.Action.UPDATE,
            changes={"state": (follower.state, lead.state)} | ({"answer": ("", lead.answer)} if step.answers else {}),
            step=f"{step.label}（随 {lead.number}）",
        )
        _event(
            follower,
            action=step.name,
            label=f"{step.label}（随 {lead.number}）",
            actor=actor,
            text=text if step.answers else "",
            from_state=follower.state,
            to_state=lead.state,
        )
        follower.refresh_from_db()
        search_index.reindex(follower)
        tell_about(follower, step.label, actor)


def _check_who(case: Case, step, actor) -> None:
    """The guards a kind puts on a step beyond who may take it."""
    if step.needs_all_reviews:
        assigned = CaseAssignee.objects.filter(case=case, active=True)
        if not assigned.exists():
            raise ValidationError(f"尚未指定人员，不能{step.label}")
        if waiting := assigned.filter(reviewed_at__isnull=True).count():
            raise ValidationError(f"还有 {waiting} 人未提交，全部提交后才能{step.label}")
    if step.not_by:
        last = case.events.filter(action=step.not_by).order_by("-id").values_list("actor_id", "actor_hidden").first()
        # A step hidden as an anonymous requester's was the requester's own.
        by = (case.requester_id if last[1] else last[0]) if last else None
        if by is not None and by == actor.pk:
            done = case.kind_spec.transition(step.not_by)
            raise PermissionDenied(f"“{done.label if done else step.not_by}”的人不能{step.label}")


@transaction.atomic
def case_record(*, case: Case, actor, action: str, label: str, text: str = "") -> CaseEvent:
    """A domain's own step on the timeline (a co-signature, say), audited like the kernel's."""
    _audit(case, actor=actor, action=LogEntry.Action.UPDATE, changes={action: ("", label)}, step=label)
    return _event(case, action=action, label=label, actor=actor, text=text)


@transaction.atomic
def case_comment(*, actor, case: Case, text: str, attachments=()) -> CaseEvent:
    with as_requester(case, actor):
        return _comment(actor=actor, case=case, text=text, attachments=attachments)


def _comment(*, actor, case: Case, text: str, attachments) -> CaseEvent:
    text = (text or "").strip()
    if not text and not attachments:
        raise ValidationError("请填写内容或添加附件")
    label = "补充说明" if actor.pk == case.requester_id else "留言"
    event = _event(case, action="comment", label=label, actor=actor, text=text)
    _attach(case, event, attachments)
    _audit(
        case,
        actor=actor,
        action=LogEntry.Action.UPDATE,
        changes={"comment": ("", text), **({"attachments": ("", len(attachments))} if attachments else {})},
        step=label,
    )
    return event


@transaction.atomic
def case_rate(*, actor, case: Case, rating: str, reason: str = "", version: int) -> Case:
    with as_requester(case, actor):
        return _rate(actor=actor, case=case, rating=rating, reason=reason, version=version)


def _rate(*, actor, case: Case, rating: str, reason: str, version: int) -> Case:
    spec = case.kind_spec
    rule = spec.rating
    case = _locked(case, version)
    if rule is None:
        raise PermissionDenied(f"{spec.label}不由提出人评价")
    if actor.pk != case.requester_id or case.state != spec.answered_state:
        raise PermissionDenied("只有提出人可以在答复后评价")
    if rating not in dict(rule.values):
        raise ValidationError("请选择评价")
    reason = (reason or "").strip()
    now = timezone.now()
    label = rule.label(rating)
    if rating == rule.unhappy and case.reopen_count < rule.reopens:
        if not reason:
            raise ValidationError(f"选择“{label}”时请说明理由，事项将退回重新办理")
        target, outcome = spec.reopen_state, "，退回重办"
        due = now + timedelta(days=spec.default_days)
        updates = dict(
            reopen_count=F("reopen_count") + 1,
            answered_at=None,
            due_at=due,
            overdue_notified_at=None,
            escalated_at=None,
        )
        CaseUnit.objects.filter(case=case, active=True).update(due_at=due)
        if case.merged_into_id:
            outcome += _detach(case, due)
            updates["merged_into"] = None
    elif rating == rule.unhappy and spec.supervise_state:
        # Unhappy again after the one reopen: not closed over the requester's head, but put in
        # front of the union office, whose 督办 decides what happens next.
        if not reason:
            raise ValidationError(f"选择“{label}”时请说明理由，事项将提交工会督办")
        target, outcome, updates = spec.supervise_state, "，提交工会督办", {"escalated_at": now}
    else:
        target, outcome = spec.after_rating_state, ""
        updates = {"closed_at": now if target == spec.closed_state else None}
    Case.objects.filter(pk=case.pk).update(
        state=target, rating=rating, rating_reason=reason, version=F("version") + 1, **updates
    )
    _audit(
        case,
        actor=actor,
        action=LogEntry.Action.UPDATE,
        step="评价",
        changes={"state": (case.state, target), "rating": (case.rating, rating)},
    )
    _event(
        case,
        action="rate",
        label=f"评价：{label}{outcome}",
        actor=actor,
        text=reason,
        from_state=case.state,
        to_state=target,
    )
    _sync_waiting(case)
    case.refresh_from_db()
    if case.state == spec.reopen_state:
        tell_about(case, "被评为不满意，退回重办", actor)
    elif spec.supervise_state and case.state == spec.supervise_state:
        tell_about(case, "再次被评为不满意，请工会督办", actor)
    elif case.closed_at is None:
        tell_about(case, f"已评价（{label}），待办结", actor)
    return case


def _detach(case: Case, due=None) -> str:
    """The case is handled on its own again, by the units that handle the lead (by `due`, or
    each by its own deadline)."""
    lead = case.merged_into
    CaseUnit.objects.bulk_create(
        [
            CaseUnit(case=case, unit_id=u.unit_id, unit_path=u.unit_path, is_lead=u.is_lead, due_at=due or u.due_at)
            for u in CaseUnit.objects.filter(case=lead, active=True)
        ]
    )
    return f"（不再随 {lead.number} 办理）"


@transaction.atomic
def case_unmerge(*, actor, case: Case) -> Case:
    """撤销并案: a case merged by mistake is handled on its own again from where the lead is now
    (its state, units and deadlines), while the lead is still unanswered; after the answer, an
    unsatisfied requester's rating takes it out instead."""
    spec = case.kind_spec
    lead_id = Case.objects.filter(pk=case.pk).values_list("merged_into", flat=True).get()
    # The lead first, as its steps lock it before the cases merged into it.
    lead = Case.objects.select_for_update().filter(pk=lead_id).first() if lead_id else None
    case = Case.objects.select_for_update().get(pk=case.pk)
    if lead is None or case.merged_into_id != lead.pk:
        raise ValidationError(f"{case.number} 没有并入其他{spec.label}")
    case.merged_into = lead
    if spec.merges is None or not spec.merges(actor, lead):
        raise PermissionDenied(f"您不能对该{spec.label}撤销并案")
    # The merged case's own answer counts too: a lead sent back by its own proposer's rating
    # is unanswered again, while the cases merged into it keep the answer they were given.
    if any(c.answered_at is not None or c.closed_at is not None for c in (lead, case)):
        raise ValidationError(f"{lead.number} 已答复或已办结，不能撤销并案；提出人对答复不满意时评价后会单独重办")
    outcome = _detach(case)
    Case.objects.filter(pk=case.pk).update(merged_into=None, version=F("version") + 1)
    Case.objects.filter(pk=lead.pk).update(version=F("version") + 1)
    _audit(
        case, actor=actor, action=LogEntry.Action.UPDATE, changes={"merged_into": (lead.number, "")}, step="撤销并案"
    )
    _audit(lead, actor=actor, action=LogEntry.Action.UPDATE, changes={"merged": (case.number, "")}, step="撤销并案")
    _event(case, action="unmerge", label=f"撤销并案{outcome}", actor=actor)
    _event(lead, action="unmerge", label=f"撤销并案：{case.number} 单独办理", actor=actor)
    _sync_waiting(case)
    notify_users(
        [case.requester],
        title=f"您的{spec.label} {case.number} 已撤销并案，单独办理",
        body=case.title,
        url=case_url(case),
    )
    _changed()
    case.refresh_from_db()
    return case


def replying_unit(user, case: Case) -> CaseUnit | None:
    """The co-unit (not the lead) this user handles and which has not replied yet."""
    if case.closed_at is not None or case.answered_at is not None:
        return None
    if not (paths := handler_paths(user)):
        return None
    for cu in case.units.filter(active=True, is_lead=False, replied_at__isnull=True).select_related("unit"):
        if any(cu.unit.path.startswith(path) for path in paths):
            return cu
    return None


@transaction.atomic
def case_unit_reply(*, actor, case: Case, text: str) -> CaseUnit:
    """A co-unit's part of the answer, for the lead unit to build on."""
    text = (text or "").strip()
    unit = replying_unit(actor, case)
    if unit is None:
        raise PermissionDenied("只有尚未答复的协办部门可以提交协办意见")
    if not text:
        raise ValidationError("请填写协办意见")
    CaseUnit.objects.filter(pk=unit.pk).update(reply=text, replied_at=timezone.now(), waiting=False)
    _audit(
        case,
        actor=actor,
        action=LogEntry.Action.UPDATE,
        changes={"co_reply": ("", text)},
        step=f"{unit.unit.name}协办意见",
    )
    _event(case, action="co_reply", label=f"协办意见（{unit.unit.name}）", actor=actor, text=text)
    lead = case.units.filter(active=True, is_lead=True).select_related("unit").first()
    if lead is not None:
        title = f"{case.kind_spec.label} {case.number}：{unit.unit.name}已提交协办意见"
        notify_users(unit_handlers(lead.unit), title=title, body=case.title, url=case_url(case))
    unit.refresh_from_db()
    return unit


@transaction.atomic
def case_urge(*, actor, case: Case, text: str = "") -> CaseEvent:
    if not can(actor, "cases.urge", case) or case.closed_at is not None or case.lead_unit_id is None:
        raise PermissionDenied("只有工会办公室可以督办未办结、已转办的事项")
    event = _event(case, action="urge", label="督办", actor=actor, text=text.strip())
    tell_about(case, "被督办", actor)
    return event
