"""Online appeals and legal questions (plan tasks 14, 16), declared to the cases kernel.

An employee raises it; the union office triages and assigns a department; the department
accepts, answers or returns it; the employee rates the answer. Complaints about the union's
own work (作风) go to the union chair alone.
"""

from django.db.models import Q

from gonghui.cases.kinds import (
    SUPERVISING,
    CaseKind,
    Transition,
    department_steps,
    handler_paths,
    handles,
    office_covers_own_units,
    register,
    supervision_steps,
)
from gonghui.cases.models import unit_scope
from gonghui.cases.notices import union_office_users
from gonghui.org.models import Role
from gonghui.org.scopes import has_role, in_office_unions, is_office_somewhere, is_union_office, office_union_ids

UNION_CONDUCT = "union_conduct"

CATEGORIES = {
    "wages": "工资待遇",
    "social_insurance": "社会保险",
    "safety": "安全生产",
    "welfare": "福利待遇",
    "legal": "法律咨询",
    UNION_CONDUCT: "对工会工作的意见",
    "other": "其他",
}

STATES = {
    "submitted": "待受理",
    "assigned": "已转办",
    "processing": "办理中",
    "answered": "已答复",
    SUPERVISING: "工会督办",
    "closed": "已办结",
}


def triages(user, case) -> bool:
    """The union office triages; complaints about the union itself only the chair."""
    if case.category == UNION_CONDUCT:
        return has_role(user, Role.CHAIR, over=case.union_path)
    return is_union_office(user, case.union_path)


def handles_or_chair_answers(user, case) -> bool:
    return handles(user, case) or (case.category == UNION_CONDUCT and has_role(user, Role.CHAIR, over=case.union_path))


def handler_filter(user) -> Q:
    chaired = in_office_unions(user, roles=(Role.CHAIR,))
    if office_union_ids(user, (Role.CHAIR,)) == office_union_ids(user) and office_covers_own_units(user):
        return chaired  # the chair sees every appeal of the union, their own department's too
    visible = chaired | (in_office_unions(user) & ~Q(category=UNION_CONDUCT))
    if paths := handler_paths(user):
        visible |= unit_scope(paths) & ~Q(category=UNION_CONDUCT)
    return visible


def todo_filter(user) -> Q:
    waiting = Q(pk__in=[])
    if is_office_somewhere(user):
        office = in_office_unions(user) & ~Q(category=UNION_CONDUCT)
        waiting |= office & Q(state="submitted")
        waiting |= office & Q(escalated_at__isnull=False, answered_at__isnull=True)
        waiting |= office & Q(state=SUPERVISING)
        waiting |= in_office_unions(user, roles=(Role.CHAIR,)) & Q(
            state__in=["submitted", SUPERVISING], category=UNION_CONDUCT
        )
    return waiting


# The union itself may answer an appeal it has not assigned: the department steps but that one.
DEPARTMENT = {step.name: step for step in department_steps(reassign=triages)}

APPEAL = register(
    CaseKind(
        key="appeal",
        label="诉求",
        prefix="SQ",
        states=STATES,
        initial="submitted",
        answered_state="answered",
        closed_state="closed",
        reopen_state="processing",
        supervise_state=SUPERVISING,
        categories=CATEGORIES,
        handler_filter=handler_filter,
        todo_filter=todo_filter,
        # Complaints about the union's own work are heard by its chair alone.
        office=lambda case: union_office_users(case.union_id, chair_only=case.category == UNION_CONDUCT),
        default_days=7,
        transitions=(
            Transition("assign", "转办", ("submitted",), "assigned", triages, assigns=True),
            DEPARTMENT["accept"],
            Transition(
                "answer",
                "答复",
                ("submitted", "assigned", "processing"),
                "answered",
                lambda u, c: handles_or_chair_answers(u, c) or (c.state == "submitted" and triages(u, c)),
                needs_text=True,
                text_label="答复内容",
                answers=True,
            ),
            DEPARTMENT["return"],
            DEPARTMENT["reassign"],
            Transition("close", "办结", ("answered",), "closed", triages, style="outline-secondary"),
            *supervision_steps(who=triages),
        ),
    )
)
