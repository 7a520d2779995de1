"""Follow-ups (落实事项), declared to the cases kernel: what a joint meeting decided, a patrol
found or a contract inspection found, tracked until the department has done it and whoever
recorded it is satisfied."""

from django.db.models import Q

from gonghui.cases.kinds import CaseKind, Transition, register
from gonghui.cases.models import unit_scope, waiting_unit_scope
from gonghui.org.models import Role
from gonghui.org.scopes import grants, has_role, is_union_office

from .models import FindingSource

STATES = {
    "submitted": "待交办",
    "assigned": "已交办",
    "processing": "落实中",
    "answered": "已反馈",
    "closed": "已落实",
}


def office(user, case) -> bool:
    return is_union_office(user)


def handles(user, case) -> bool:
    return case.lead_unit_id is not None and has_role(user, Role.HANDLER, Role.BRANCH_CHAIR, over=case.lead_unit.path)


def _handler_paths(user) -> list[str]:
    return [g.path for g in grants(user) if g.role in (Role.HANDLER, Role.BRANCH_CHAIR)]


def handler_filter(user) -> Q:
    if is_union_office(user) or has_role(user, Role.LEADER):
        return Q()
    from .models import Finding

    # Representatives follow what their own patrols found.
    patrolled = Q(pk__in=Finding.objects.filter(patrol__participants=user).values("case_id"))
    return patrolled | unit_scope(_handler_paths(user))


def todo_filter(user) -> Q:
    waiting = Q(pk__in=[])
    if is_union_office(user):
        waiting |= Q(state="submitted") | Q(escalated_at__isnull=False, answered_at__isnull=True)
    if paths := _handler_paths(user):
        waiting |= Q(state__in=["assigned", "processing"]) & waiting_unit_scope(paths)
    return waiting


FOLLOWUP = register(
    CaseKind(
        key="followup",
        label="落实事项",
        prefix="LS",
        states=STATES,
        initial="submitted",
        answered_state="answered",
        closed_state="closed",
        reopen_state="processing",
        categories=dict(FindingSource.choices),
        handler_filter=handler_filter,
        todo_filter=todo_filter,
        default_days=30,
        allow_anonymous=False,
        body_label="事项内容",
        panel_template="supervision/_finding_panel.html",
        panel_context=lambda case, user: {"finding": getattr(case, "finding", None)},
        transitions=(
            Transition("assign", "交办", ("submitted",), "assigned", office, assigns=True),
            Transition("accept", "受理", ("assigned",), "processing", handles),
            Transition(
                "answer",
                "反馈落实情况",
                ("assigned", "processing"),
                "answered",
                handles,
                needs_text=True,
                text_label="落实情况",
                answers=True,
            ),
            Transition(
                "return",
                "退回工会",
                ("assigned", "processing"),
                "submitted",
                handles,
                needs_text=True,
                text_label="退回理由",
                style="outline-secondary",
            ),
            Transition(
                "reassign",
                "改派",
                ("assigned", "processing"),
                "assigned",
                office,
                assigns=True,
                style="outline-secondary",
            ),
            Transition("close", "确认已落实", ("answered",), "closed", office, style="outline-secondary"),
        ),
    )
)
