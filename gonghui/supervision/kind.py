"""Follow-ups (落实事项), declared to the cases kernel: what a joint meeting decided, a patrol
found or a contract inspection found, tracked until the department has done it and whoever
recorded it is satisfied."""

from django.db.models import Q

from gonghui.cases.kinds import CaseKind, Transition, department_steps, office_or_units, office_todo, register
from gonghui.org.models import Role
from gonghui.org.scopes import in_office_unions, is_union_office

from .models import FindingSource

STATES = {
    "submitted": "待交办",
    "assigned": "已交办",
    "processing": "落实中",
    "answered": "已反馈",
    "closed": "已落实",
}


def office(user, case) -> bool:
    return is_union_office(user, case.union_path)


def handler_filter(user) -> Q:
    from .models import Finding

    # Company leaders follow every follow-up of their union; representatives what their own
    # patrols found.
    led = in_office_unions(user, roles=(Role.LEADER,))
    patrolled = Q(
        pk__in=Finding.objects.filter(
            patrol__event__registrations__user=user, patrol__event__registrations__attended=True
        ).values("case_id")
    )
    return led | patrolled | office_or_units(user)


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
        todo_filter=office_todo,
        default_days=30,
        allow_anonymous=False,
        body_label="事项内容",
        panel_template="supervision/_finding_panel.html",
        panel_context=lambda case, user: {"finding": getattr(case, "finding", None)},
        transitions=(
            Transition("assign", "交办", ("submitted",), "assigned", office, assigns=True),
            *department_steps(reassign=office, answer_label="反馈落实情况", answer_text="落实情况"),
            Transition("close", "确认已落实", ("answered",), "closed", office, style="outline-secondary"),
        ),
    )
)
