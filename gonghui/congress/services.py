"""Every change to the congress's data: atomic, checked, audited (models are registered with
auditlog; the case steps go through the cases kernel, which audits them itself)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.cases.services import case_act, case_open, case_record
from gonghui.core.db import save_fields
from gonghui.events.models import Audience
from gonghui.events.services import attendance_take, dated_event
from gonghui.notify.services import notify_users
from gonghui.org.models import Role, RoleAssignment
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion, acting_union_id, union_id_of

from .meetings import CONGRESS_SESSION
from .models import (
    Congress,
    Cosigner,
    CosignState,
    Delegation,
    DutyReport,
    Evaluation,
    EvaluationKind,
    Proposal,
    Representative,
    Session,
)


def active_representative(user, congress) -> Representative | None:
    return Representative.objects.filter(congress=congress, user=user, is_active=True).first()


def enough_cosigners(proposal: Proposal) -> bool:
    confirmed = proposal.cosigners.filter(state=CosignState.CONFIRMED).count()
    return confirmed >= proposal.session.min_cosigners


def _check_cosigners(session: Session, proposer, cosigners) -> list:
    unique = {u.pk: u for u in cosigners if u.pk != proposer.pk}
    eligible = set(
        Representative.objects.filter(congress=session.congress_id, is_active=True, user__in=unique).values_list(
            "user_id", flat=True
        )
    )
    strangers = [u.display_name for pk, u in unique.items() if pk not in eligible]
    if strangers:
        raise ValidationError(f"附议人须是本届在任职工代表：{'、'.join(strangers)} 不是")
    if len(unique) < session.min_cosigners:
        raise ValidationError(f"本次会议要求至少 {session.min_cosigners} 名代表附议，目前只有 {len(unique)} 名")
    return list(unique.values())


@transaction.atomic
def proposal_submit(
    *,
    actor,
    session: Session,
    title: str,
    category: str,
    reasons: str,
    measures: str,
    cosigners,
    suggested_unit=None,
    confidential: bool = False,
    attachments=(),
) -> Case:
    if active_representative(actor, session.congress_id) is None:
        raise PermissionDenied("只有本届在任职工代表可以提交提案")
    if not session.collecting():
        raise ValidationError(
            f"{session.title}的提案征集时间为 {session.proposals_open:%Y-%m-%d} 至 {session.proposals_close:%Y-%m-%d}，"
            "现在不在征集期内"
        )
    if not (title or "").strip() or not (reasons or "").strip() or not (measures or "").strip():
        raise ValidationError("请填写标题、案由和建议措施")
    cosigners = _check_cosigners(session, actor, cosigners)
    if suggested_unit is not None and not suggested_unit.path.startswith(session.congress.union_path):
        raise ValidationError({"suggested_unit": "建议承办单位不属于本工会"})
    case = case_open(
        kind="proposal",
        requester=actor,
        title=title.strip(),
        body=reasons.strip(),
        category=category,
        attachments=attachments,
        union_id=session.congress.union_id,
    )
    proposal = Proposal.objects.create(
        case=case,
        session=session,
        measures=measures.strip(),
        suggested_unit=suggested_unit,
        confidential=confidential,
    )
    Cosigner.objects.bulk_create([Cosigner(proposal=proposal, user=u) for u in cosigners])
    notify_users(
        cosigners,
        title=f"{actor.display_name}邀请您附议提案 {case.number}",
        body=case.title,
        url=f"/cases/{case.pk}/",
    )
    if session.min_cosigners == 0:
        case = case_act(actor=actor, case=case, transition="submit", version=case.version)
    return case


@transaction.atomic
def proposal_cosign(*, actor, case: Case, agree: bool) -> Cosigner:
    cosigner = (
        Cosigner.objects.select_for_update()
        .select_related("proposal__session")
        .filter(proposal_id=case.pk, user=actor)
        .first()
    )
    if cosigner is None:
        raise PermissionDenied("您不是该提案的附议人")
    if cosigner.state != CosignState.PENDING:
        raise ValidationError(f"您已{cosigner.get_state_display()}，不能再次确认")
    if case.closed_at is not None:
        raise ValidationError("提案已办结")
    cosigner.state = CosignState.CONFIRMED if agree else CosignState.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["state", "responded_at"])
    case_record(case=case, actor=actor, action="cosign", label="附议" if agree else "不附议")
    case.refresh_from_db()
    proposal = cosigner.proposal
    if agree and case.state == "cosigning" and enough_cosigners(proposal):
        case = case_act(actor=actor, case=case, transition="submit", version=case.version)
        notify_users(
            [case.requester], title=f"提案 {case.number} 附议人数已够，已提交提案委员会", url=f"/cases/{case.pk}/"
        )
    elif not agree:
        notify_users(
            [case.requester],
            title=f"{actor.display_name}不附议提案 {case.number}",
            body="附议人数不足时，请在提案页面补充附议人。",
            url=f"/cases/{case.pk}/",
        )
    return cosigner


@transaction.atomic
def proposal_add_cosigners(*, actor, case: Case, users) -> list[Cosigner]:
    proposal = Proposal.objects.select_related("session").get(pk=case.pk)
    if actor.pk != case.requester_id or case.state != "cosigning":
        raise PermissionDenied("只有提案人在征集附议期间可以补充附议人")
    taken = set(proposal.cosigners.values_list("user_id", flat=True))
    fresh = [u for u in users if u.pk not in taken and u.pk != actor.pk]
    if not fresh:
        raise ValidationError("请选择尚未邀请过的代表")
    eligible = set(
        Representative.objects.filter(
            congress=proposal.session.congress_id, is_active=True, user__in=fresh
        ).values_list("user_id", flat=True)
    )
    if strangers := [u.display_name for u in fresh if u.pk not in eligible]:
        raise ValidationError(f"附议人须是本届在任职工代表：{'、'.join(strangers)} 不是")
    added = Cosigner.objects.bulk_create([Cosigner(proposal=proposal, user=u) for u in fresh])
    case_record(
        case=case, actor=actor, action="cosigners", label=f"补充附议人：{'、'.join(u.display_name for u in fresh)}"
    )
    notify_users(
        fresh, title=f"{actor.display_name}邀请您附议提案 {case.number}", body=case.title, url=f"/cases/{case.pk}/"
    )
    return added


@transaction.atomic
def attendance_record(*, actor, session: Session, statuses: dict[int, str]) -> int:
    """Sets each representative's attendance at a session (present, on leave, absent) through
    the events kernel; returns how many were recorded."""
    if not can(actor, "congress.manage", session.congress):
        raise PermissionDenied("只有工会办公室可以登记出席情况")
    users = dict(
        Representative.objects.filter(congress=session.congress_id, is_active=True, pk__in=statuses).values_list(
            "pk", "user_id"
        )
    )
    if set(statuses) - users.keys():
        raise ValidationError("出席情况填写有误，请刷新页面后重试")
    session = session_event(actor=actor, session=session)
    return attendance_take(actor=actor, event=session.event, marks={users[rep]: s for rep, s in statuses.items()})


def session_event(*, actor, session: Session) -> Session:
    """The session's event in the events kernel, made or moved to the session's day."""
    session.event = dated_event(
        actor=actor,
        event=session.event,
        kind=CONGRESS_SESSION.key,
        title=session.title,
        union_id=session.congress.union_id,
        day=session.held_on,
        place=session.place,
        audience=Audience.ROLE,
        audience_role=Role.REPRESENTATIVE,
    )
    session.save(update_fields=["event"])
    return session


@transaction.atomic
def representative_add(*, actor, delegation, user, kind: str, elected_on) -> Representative:
    if not can(actor, "congress.manage", delegation.congress):
        raise PermissionDenied("只有工会办公室可以登记职工代表")
    if (
        not delegation.unit.path.startswith(delegation.congress.union_path)
        or union_id_of(user.employee.unit_path if user.employee_id else None) != delegation.congress.union_id
    ):
        raise ValidationError(f"{user.display_name}不是本工会的职工")
    if Representative.objects.filter(congress=delegation.congress_id, user=user).exists():
        raise ValidationError(f"{user.display_name}已是本届职工代表")
    rep = Representative.objects.create(
        congress_id=delegation.congress_id, delegation=delegation, user=user, kind=kind, elected_on=elected_on
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.REPRESENTATIVE, unit=delegation.unit)
    return rep


@transaction.atomic
def representative_end(*, actor, representative: Representative, left_on) -> Representative:
    """A representative who leaves office (调离, 罢免): keeps the history, loses the role."""
    if not can(actor, "congress.manage", representative.congress):
        raise PermissionDenied("只有工会办公室可以终止代表资格")
    representative.is_active = False
    representative.left_on = left_on
    representative.save(update_fields=["is_active", "left_on"])
    for grant in RoleAssignment.objects.filter(
        user=representative.user, role=Role.REPRESENTATIVE, unit=representative.delegation.unit
    ):
        grant.delete()
    return representative


EVALUATION_DAYS = 7
CONGRESS_QUESTIONS = [
    "会议筹备和组织",
    "工作报告的审议",
    "提案征集和办理",
    "职工代表的知情权、参与权、表达权、监督权落实",
    "会议决议的落实",
]


def constituents(delegation) -> list:
    """Every active employee in the delegation's unit: those who elected its representatives.
    Those who have never logged in get an account now, so nobody is left off the ballot."""
    from gonghui.accounts.services import accounts_for
    from gonghui.org.models import Employee, EmploymentStatus, under

    return accounts_for(
        Employee.objects.filter(under("unit_path", delegation.unit.path), status=EmploymentStatus.ACTIVE)
    )


@transaction.atomic
def duty_report_file(*, actor, representative: Representative, year: int, text: str) -> DutyReport:
    if actor.pk != representative.user_id:
        raise PermissionDenied("只能提交本人的述职报告")
    if not representative.is_active:
        raise ValidationError("代表资格已终止")
    text = (text or "").strip()
    if len(text) < 20:
        raise ValidationError("述职内容太短：请写明一年来参加会议、提出提案、联系职工、参与检查等履职情况")
    report, created = DutyReport.objects.get_or_create(
        representative=representative, year=year, defaults={"text": text}
    )
    if not created:
        if report.ballot_id:
            raise ValidationError(f"{year} 年度述职已进入评议，不能再修改")
        report.text = text
        report.save(update_fields=["text"])
    else:
        notify_users(
            union_office(representative.congress.union_id),
            title=f"{representative.user.display_name}提交了 {year} 年度述职报告",
            url=f"/congress/representatives/{representative.pk}/",
        )
    return report


def union_office(union_id: int):
    from gonghui.cases.notices import union_office_users

    return union_office_users(union_id)


@transaction.atomic
def duty_report_evaluate(*, actor, report: DutyReport) -> DutyReport:
    """Opens the constituents' secret ballot on a duty report, for a week."""
    from gonghui.ballots.services import RATINGS, Item, ballot_create

    report = (
        DutyReport.objects.select_for_update()
        .select_related("representative__delegation__unit", "representative__congress")
        .get(pk=report.pk)
    )
    if not can(actor, "congress.manage", report.representative.congress):
        raise PermissionDenied("只有工会办公室可以发起述职评议")
    if report.ballot_id:
        raise ValidationError("该述职已在评议中")
    rep = report.representative
    now = timezone.now()
    report.ballot = ballot_create(
        actor=actor,
        title=f"{rep.user.display_name}代表 {report.year} 年度述职评议",
        description=f"请{rep.delegation.name}选区的职工对{rep.user.display_name}代表的履职情况作出评价。\n\n{report.text}",
        choices=RATINGS,
        items=[Item(f"{rep.user.display_name} {report.year} 年度履职", subject=rep)],
        voters=constituents(rep.delegation),
        opens_at=now,
        closes_at=now + timedelta(days=EVALUATION_DAYS),
        purpose="duty_report",
        union_id=rep.congress.union_id,
        results_public=True,
    )
    report.save(update_fields=["ballot"])
    return report


@transaction.atomic
def evaluation_open(*, actor, kind: str, delegation=None, session=None) -> Evaluation:
    """民主评议 of a delegation's representatives by their constituents, or 职代会评估 of a
    session by its representatives."""
    from gonghui.ballots.services import RATINGS, SATISFACTION, Item, ballot_create

    congress = delegation.congress if kind == EvaluationKind.REPRESENTATIVES and delegation else None
    congress = congress or (session.congress if session is not None else None)
    if congress is None:
        raise ValidationError("请选择要评议的代表团或会议")
    if not can(actor, "congress.manage", congress):
        raise PermissionDenied("只有工会办公室可以发起民主评议")
    now = timezone.now()
    if kind == EvaluationKind.REPRESENTATIVES:
        reps = Representative.objects.filter(delegation=delegation, is_active=True).select_related("user__employee")
        congress = delegation.congress
        ballot = ballot_create(
            actor=actor,
            title=f"{timezone.localdate():%Y} 年度{delegation.name}职工代表民主评议",
            description="请对本选区职工代表一年来的履职情况逐一评价。无记名。",
            choices=RATINGS,
            items=[Item(r.user.display_name, subject=r) for r in reps],
            voters=constituents(delegation),
            opens_at=now,
            closes_at=now + timedelta(days=EVALUATION_DAYS),
            purpose="rep_evaluation",
            results_public=True,
            union_id=congress.union_id,
        )
    elif kind == EvaluationKind.CONGRESS:
        congress = session.congress
        ballot = ballot_create(
            actor=actor,
            title=f"{session.title}评估",
            description="请职工代表对本次职代会的各项工作作出评价。无记名。",
            choices=SATISFACTION,
            items=CONGRESS_QUESTIONS,
            voters=[
                r.user for r in Representative.objects.filter(congress=congress, is_active=True).select_related("user")
            ],
            opens_at=now,
            closes_at=now + timedelta(days=EVALUATION_DAYS),
            purpose="congress_evaluation",
            results_public=True,
            union_id=congress.union_id,
        )
    else:
        raise ValidationError("未知的评议类型")
    return Evaluation.objects.create(
        kind=kind, congress=congress, delegation=delegation, session=session, ballot=ballot
    )


# The congress's own records: a term, its sessions, its delegations.


@transaction.atomic
def congress_create(*, actor, number: int, title: str, term_start, term_end) -> Congress:
    """A new term of the actor's union (届次); its number is the union's own."""
    union_id = acting_union_id(actor)
    if not can(actor, "congress.manage", InUnion(union_id)):
        raise PermissionDenied("只有工会办公室可以登记职代会届次")
    if term_end <= term_start:
        raise ValidationError({"term_end": "任期结束须晚于任期开始"})
    taken = {"number": "本工会已登记这一届"}
    if Congress.objects.filter(union_id=union_id, number=number).exists():
        raise ValidationError(taken)
    fields = {"number": number, "title": title, "term_start": term_start, "term_end": term_end}
    return save_fields(Congress(union_id=union_id), fields, conflict=taken)


@transaction.atomic
def session_save(*, actor, session: Session, **fields) -> Session:
    """A session of the congress, new or changed; its number is unique within the term."""
    if not can(actor, "congress.manage", session.congress):
        raise PermissionDenied("只有工会办公室可以安排会议")
    taken = {"number": "本届已有这一次会议"}
    number = fields.get("number", session.number)
    if Session.objects.filter(congress=session.congress_id, number=number).exclude(pk=session.pk).exists():
        raise ValidationError(taken)
    return session_event(actor=actor, session=save_fields(session, fields, conflict=taken))


@transaction.atomic
def delegation_create(*, actor, congress: Congress, name: str, unit) -> Delegation:
    """A delegation elected by one branch (or department) of the congress's union."""
    if not can(actor, "congress.manage", congress):
        raise PermissionDenied("只有工会办公室可以建立代表团")
    if union_id_of(unit.path) != congress.union_id:
        raise ValidationError({"unit": "选区不属于本工会"})
    taken = {"name": "本届已有同名代表团"}
    if congress.delegations.filter(name=name).exists():
        raise ValidationError(taken)
    return save_fields(Delegation(congress=congress), {"name": name, "unit": unit}, conflict=taken)
