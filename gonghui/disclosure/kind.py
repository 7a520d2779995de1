"""Questions about a disclosure (plan task 8), declared to the cases kernel. They go straight to
the unit that published it; the union steps in only if the unit sends one back or lets it lapse."""

from gonghui.cases.kinds import (
    SUPERVISING,
    CaseKind,
    Transition,
    department_steps,
    office_or_units,
    office_todo,
    register,
    supervision_steps,
)
from gonghui.org.scopes import is_union_office

STATES = {
    "submitted": "待工会处理",
    "assigned": "待答复",
    "processing": "办理中",
    "answered": "已答复",
    SUPERVISING: "工会督办",
    "closed": "已办结",
}


def office(user, case) -> bool:
    return is_union_office(user, case.union_path)


def _panel(case, user) -> dict:
    from .models import Question
    from .services import manages_unit

    question = Question.objects.select_related("disclosure__unit").filter(pk=case.pk).first()
    return {
        "question": question,
        "may_publish": question is not None
        and case.answered_at is not None
        and manages_unit(user, question.disclosure.unit),
    }


QUESTION = register(
    CaseKind(
        key="disclosure_question",
        label="公开质询",
        prefix="GK",
        states=STATES,
        initial="assigned",
        triage_state="submitted",
        answered_state="answered",
        closed_state="closed",
        reopen_state="processing",
        supervise_state=SUPERVISING,
        categories={"question": "对公开内容的询问"},
        handler_filter=office_or_units,
        todo_filter=office_todo,
        default_days=5,
        body_label="询问内容",
        panel_template="disclosure/_question_panel.html",
        panel_context=_panel,
        transitions=(
            Transition("assign", "转办", ("submitted",), "assigned", office, assigns=True),
            *department_steps(reassign=office),
            Transition("close", "办结", ("answered",), "closed", office, style="outline-secondary"),
            *supervision_steps(who=office),
        ),
    )
)
