"""Every change to contracts, meetings, patrols and their findings: atomic, checked, audited
(the models are registered with auditlog; follow-up cases go through the cases kernel)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.cases.notices import union_office_users
from gonghui.cases.services import case_act, case_open
from gonghui.core.db import save_fields
from gonghui.events.models import Audience, Mark
from gonghui.events.services import attendance_marks, attendance_take, dated_event
from gonghui.notify.services import notify_users
from gonghui.org.models import Role
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion, acting_union_id

from .meetings import JOINT_MEETING, PATROL, representatives
from .models import Contract, ContractState, Finding, FindingSource, Inspection, JointMeeting, NegotiationRound, Patrol

EXPIRY_NOTICE_DAYS = 90

# 全体职工代表过半数同意：the congress passes a contract by more than half of all representatives.
CONTRACT_RULE = "majority_eligible"


def _office_only(actor, what: str, union_id: int | None) -> None:
    if not can(actor, "supervision.manage", InUnion(union_id)):
        raise PermissionDenied(f"只有工会办公室可以{what}")


@transaction.atomic
def contract_create(*, actor, title: str, kind: str, text: str) -> Contract:
    union_id = acting_union_id(actor)
    _office_only(actor, "起草集体合同", union_id)
    return Contract.objects.create(union_id=union_id, title=title.strip(), kind=kind, text=text.strip())


@transaction.atomic
def contract_update(*, actor, contract: Contract, **fields) -> Contract:
    """The text of a draft under negotiation; a voted contract changes only by a new version."""
    _office_only(actor, "修改集体合同", contract.union_id)
    if contract.state not in (ContractState.DRAFT, ContractState.NEGOTIATING):
        raise ValidationError("已表决的合同不能修改；如需修改请起草新版本。")
    return save_fields(contract, fields)


@transaction.atomic
def minutes_save(*, actor, record: JointMeeting | Patrol, participants=None, **fields) -> JointMeeting | Patrol:
    """A joint meeting or a representatives' patrol, new or changed: the union office records
    both. Who went (`participants`, people on its kind's roll) is the attendance of its event."""
    _office_only(actor, "记录联席会议和代表巡察", record.union_id)
    record = save_fields(record, fields)
    patrol = isinstance(record, Patrol)
    record.event = dated_event(
        actor=actor,
        event=record.event,
        kind=PATROL.key if patrol else JOINT_MEETING.key,
        title=record.topic if patrol else record.title,
        union_id=record.union_id,
        day=record.held_on,
        place=record.places if patrol else record.place,
        audience=Audience.ROLE,
        audience_role=Role.REPRESENTATIVE if patrol else Role.LEADER,
    )
    record.save(update_fields=["event"])
    if participants is not None:
        went = {person.pk for person in participants}
        before = {pk for pk, mark in attendance_marks(record.event).items() if mark == Mark.PRESENT}
        marks = {pk: Mark.PRESENT for pk in went} | {pk: "" for pk in before - went}
        try:
            attendance_take(actor=actor, event=record.event, marks=marks)
        except ValidationError as exc:
            raise ValidationError({"participants": exc.messages}) from None
    return record


def participants_of(record: JointMeeting | Patrol):
    """Who went: those marked present at its event."""
    from gonghui.accounts.models import User

    if record.event_id is None:
        return User.objects.none()
    return User.objects.filter(registrations__event=record.event_id, registrations__attended=True).order_by(
        "registrations__checked_in_at", "pk"
    )


@transaction.atomic
def contract_new_version(*, actor, contract: Contract) -> Contract:
    """The next version starts as a draft copy of this one; the old one stays as it was."""
    _office_only(actor, "起草新版本", contract.union_id)
    return Contract.objects.create(
        union_id=contract.union_id,
        title=contract.title,
        kind=contract.kind,
        text=contract.text,
        version=contract.version + 1,
        previous=contract,
    )


@transaction.atomic
def contract_round_add(*, actor, contract: Contract, held_on, place: str, participants: str, minutes: str):
    _office_only(actor, "记录协商会议", contract.union_id)
    if contract.state not in (ContractState.DRAFT, ContractState.NEGOTIATING):
        raise ValidationError("合同已表决，不能再增加协商轮次；如需修改请起草新版本")
    number = (contract.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    record = NegotiationRound.objects.create(
        contract=contract, number=number, held_on=held_on, place=place, participants=participants, minutes=minutes
    )
    if contract.state == ContractState.DRAFT:
        contract.state = ContractState.NEGOTIATING
        contract.save(update_fields=["state"])
    return record


@transaction.atomic
def contract_open_vote(*, actor, contract: Contract, closes_at) -> Contract:
    """The congress votes on the draft by secret ballot: every serving representative, once."""
    from gonghui.ballots.services import MOTION, Item, ballot_create

    _office_only(actor, "发起合同表决", contract.union_id)
    if contract.state not in (ContractState.DRAFT, ContractState.NEGOTIATING):
        raise ValidationError("只有起草或协商中的合同可以提交表决")
    if contract.ballot_id and not contract.ballot.is_closed():
        raise ValidationError("表决正在进行中")
    contract.ballot = ballot_create(
        actor=actor,
        title=f"职代会表决：{contract.title}（第 {contract.version} 版）",
        description="请职工代表对集体合同草案进行表决。无记名，全体代表过半数同意为通过。",
        choices=MOTION,
        items=[Item(contract.title, subject=contract)],
        voters=list(representatives(contract.union_id)),
        opens_at=timezone.now(),
        closes_at=closes_at,
        purpose="contract_vote",
        decision=CONTRACT_RULE,
        results_public=True,
        union_id=contract.union_id,
    )
    contract.save(update_fields=["ballot"])
    return contract


@transaction.atomic
def contract_record_vote(
    *, actor, contract: Contract, votes_for: int, votes_against: int, votes_abstain: int, voted_on, eligible: int
) -> Contract:
    """The congress's decision: passed when more than half of all representatives agree."""
    _office_only(actor, "登记表决结果", contract.union_id)
    if contract.state not in (ContractState.DRAFT, ContractState.NEGOTIATING):
        raise ValidationError("该合同已表决")
    if min(votes_for, votes_against, votes_abstain) < 0 or votes_for + votes_against + votes_abstain > eligible:
        raise ValidationError("票数有误：同意、反对、弃权之和不能超过应到代表人数")
    contract.votes_for, contract.votes_against, contract.votes_abstain = votes_for, votes_against, votes_abstain
    contract.voted_on = voted_on
    from gonghui.ballots.purposes import RULES

    passed = RULES[CONTRACT_RULE].passes(votes_for, voted=votes_for + votes_against + votes_abstain, eligible=eligible)
    if passed:
        contract.state = ContractState.VOTED
    contract.save(update_fields=["votes_for", "votes_against", "votes_abstain", "voted_on", "state"])
    return contract


def ballot_counts(contract: Contract) -> dict | None:
    """The closed ballot's figures, to fill in the recorded vote."""
    from gonghui.ballots.services import MOTION, ballot_results

    if not contract.ballot_id or not contract.ballot.is_closed():
        return None
    results = ballot_results(contract.ballot)
    item = results.about(contract)
    if results.withheld or item is None:
        return None
    yes, no, abstain = (item.count(choice) for choice in MOTION)
    return {
        "votes_for": yes,
        "votes_against": no,
        "votes_abstain": abstain,
        "passed": results.passes(item, yes=MOTION[0]),
        "verdict": results.verdict(item, yes=MOTION[0]),
        "eligible": results.eligible,
        "voted_on": timezone.localdate(contract.ballot.closed_at or contract.ballot.closes_at),
    }


@transaction.atomic
def contract_file(
    *, actor, contract: Contract, signed_on, filed_on, authority: str, effective_from, expires_on
) -> Contract:
    _office_only(actor, "登记备案", contract.union_id)
    if contract.state != ContractState.VOTED:
        raise ValidationError("职代会表决通过后才能备案")
    if expires_on <= effective_from:
        raise ValidationError("到期日期须晚于生效日期")
    # The contract it replaces ends when this one takes effect.
    for old in Contract.objects.filter(
        union_id=contract.union_id, kind=contract.kind, state=ContractState.FILED
    ).exclude(pk=contract.pk):
        old.state = ContractState.EXPIRED
        old.save(update_fields=["state"])
    contract.state = ContractState.FILED
    contract.signed_on, contract.filed_on, contract.filing_authority = signed_on, filed_on, authority.strip()
    contract.effective_from, contract.expires_on = effective_from, expires_on
    contract.save(update_fields=["state", "signed_on", "filed_on", "filing_authority", "effective_from", "expires_on"])
    return contract


def remind_expiring(now=None) -> dict:
    """Tells the union office once when a filed contract has 90 days left, and marks the
    ones past their end as expired. Idempotent: each contract records when it was reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        expired = Contract.objects.filter(state=ContractState.FILED, expires_on__lt=today)
        for contract in expired:
            contract.state = ContractState.EXPIRED
            contract.save(update_fields=["state"])
        due = list(
            Contract.objects.select_for_update().filter(
                state=ContractState.FILED,
                expiry_reminded_at__isnull=True,
                expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
            )
        )
        for contract in due:
            contract.expiry_reminded_at = now
            contract.save(update_fields=["expiry_reminded_at"])
            notify_users(
                union_office_users(contract.union_id),
                title=f"{contract.title}将于 {contract.expires_on:%Y年%m月%d日} 到期",
                body=f"还有 {contract.days_left(today)} 天。请启动续签协商。",
                url=reverse("supervision:contract", args=[contract.pk]),
            )
    return {"contracts_reminded": len(due)}


@transaction.atomic
def inspection_add(*, actor, contract: Contract, year: int, held_on, inspectors: str, summary: str) -> Inspection:
    _office_only(actor, "记录履约检查", contract.union_id)
    if contract.state not in (ContractState.FILED, ContractState.EXPIRED):
        raise ValidationError("只有已备案的合同才有履约检查")
    return Inspection.objects.create(
        union_id=contract.union_id,
        contract=contract,
        year=year,
        held_on=held_on,
        inspectors=inspectors,
        summary=summary,
    )


def may_add_finding(user, *, record) -> bool:
    return can(user, "supervision.add_finding", record)


@transaction.atomic
def finding_add(
    *,
    actor,
    source: str,
    title: str,
    body: str,
    meeting=None,
    patrol=None,
    inspection=None,
    lead_unit=None,
    due_at=None,
) -> Case:
    """A follow-up case for what was decided or found. The union office may assign it at once;
    a representative's finding waits for the union to assign it."""
    record = {FindingSource.MEETING: meeting, FindingSource.PATROL: patrol}.get(source, inspection)
    if record is None or not may_add_finding(actor, record=record):
        raise PermissionDenied("只有工会办公室或参加本次巡察的代表可以登记")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationError("请填写事项标题和具体内容")
    case = case_open(
        kind="followup",
        requester=actor,
        title=title.strip(),
        body=body.strip(),
        category=source,
        union_id=record.union_id,
    )
    Finding.objects.create(case=case, source=source, meeting=meeting, patrol=patrol, inspection=inspection)
    if lead_unit is not None:
        case = case_act(
            actor=actor, case=case, transition="assign", version=case.version, lead_unit=lead_unit, due_at=due_at
        )
    return case
