"""Proposals to the workers' congress (plan task 7), declared to the cases kernel.

A representative drafts it and names co-signers; once enough have confirmed it goes to the
proposal committee (the union office), which registers it (立案) or turns it into an opinion
(转意见建议, with a reason) and assigns a lead department and co-departments. The lead
department answers, co-departments add their part, the proposer rates, the union closes.
"""

from django.db.models import Q

from gonghui.cases.kinds import CaseKind, Transition, department_steps, handler_paths, office_covers_own_units, register
from gonghui.cases.models import unit_scope
from gonghui.org.scopes import in_office_unions, is_office_somewhere, is_union_office

CATEGORIES = {
    "production": "生产经营",
    "safety": "安全生产",
    "wages": "工资分配",
    "welfare": "生活福利",
    "training": "教育培训",
    "management": "企业管理",
    "culture": "文化建设",
    "other": "其他",
}

STATES = {
    "cosigning": "征集附议",
    "submitted": "待审查",
    "assigned": "已交办",
    "processing": "办理中",
    "answered": "已答复",
    "rated": "已评价",
    "closed": "已办结",
}


def _cosigner_of(user) -> Q:
    from .models import Cosigner

    return Q(pk__in=Cosigner.objects.filter(user=user).values("proposal_id"))


def committee(user, case) -> bool:
    return is_union_office(user, case.union_path)


def may_submit(user, case) -> bool:
    from .services import enough_cosigners

    return enough_cosigners(case.proposal) and (user.pk == case.requester_id or _confirmed(user, case))


def _confirmed(user, case) -> bool:
    return case.proposal.cosigners.filter(user=user, state="confirmed").exists()


def handler_filter(user) -> Q:
    if is_office_somewhere(user) and office_covers_own_units(user):
        return in_office_unions(user)  # a cosigner's proposal is one of the office's own union
    return in_office_unions(user) | _cosigner_of(user) | unit_scope(handler_paths(user))


def todo_filter(user) -> Q:
    from .models import Cosigner

    waiting = Q(pk__in=Cosigner.objects.filter(user=user, state="pending").values("proposal_id"), state="cosigning")
    if is_office_somewhere(user):
        waiting |= in_office_unions(user) & (
            Q(state__in=["submitted", "rated"]) | Q(escalated_at__isnull=False, answered_at__isnull=True)
        )
    return waiting


def _disposed(disposition):
    def record(case, actor, text, data):
        from .models import Proposal

        Proposal.objects.filter(pk=case.pk).update(disposition=disposition, disposition_reason=text)

    return record


def _panel(case, user) -> dict:
    from .selectors import proposal_panel

    return proposal_panel(case, user)


def _same_session(lead, others) -> set[int]:
    from .models import Proposal

    sessions = dict(Proposal.objects.filter(pk__in=[lead.pk, *(o.pk for o in others)]).values_list("pk", "session_id"))
    if (session := sessions.get(lead.pk)) is None:
        return set()
    return {o.pk for o in others if o.state != "cosigning" and sessions.get(o.pk) == session}


PROPOSAL = register(
    CaseKind(
        key="proposal",
        label="提案",
        prefix="TA",
        states=STATES,
        initial="cosigning",
        triage_state="submitted",
        answered_state="answered",
        rated_state="rated",
        closed_state="closed",
        reopen_state="processing",
        categories=CATEGORIES,
        handler_filter=handler_filter,
        todo_filter=todo_filter,
        default_days=30,
        allow_anonymous=False,
        body_label="案由",
        panel_template="congress/_proposal_panel.html",
        panel_context=_panel,
        # The committee merges similar proposals of one session (并案).
        merges=committee,
        mergeable=_same_session,
        transitions=(
            Transition("submit", "提交提案委员会", ("cosigning",), "submitted", may_submit),
            Transition(
                "register",
                "立案交办",
                ("submitted",),
                "assigned",
                committee,
                assigns=True,
                after=_disposed("registered"),
            ),
            Transition(
                "convert",
                "不立案，转意见建议",
                ("submitted",),
                "assigned",
                committee,
                assigns=True,
                needs_text=True,
                text_label="不立案理由",
                style="outline-primary",
                after=_disposed("suggestion"),
            ),
            *department_steps(
                reassign=committee,
                answer_text="答复内容（办理措施、结果、时间）",
                return_label="退回提案委员会",
            ),
            Transition("close", "办结", ("answered", "rated"), "closed", committee, style="outline-secondary"),
        ),
    )
)
