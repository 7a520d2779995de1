"""How a domain declares a kind of case to the kernel: its states, categories and transitions,
and who may take each. The kernel does numbering, assignment, timeline, rating, deadlines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class RatingRule:
    """How a kind's requester judges the answer: the values offered, which of them is unhappy,
    and how many times unhappy sends the case back to be handled again before it goes to the
    union's supervision (or, without one, stands as rated)."""

    values: tuple[tuple[str, str], ...] = (("satisfied", "满意"), ("basically", "基本满意"), ("unsatisfied", "不满意"))
    unhappy: str = "unsatisfied"
    # The values counted as satisfied in every figure (满意率 counts 基本满意).
    satisfied: tuple[str, ...] = ("satisfied", "basically")
    reopens: int = 1

    def label(self, value: str) -> str:
        return dict(self.values).get(value, value)


@dataclass(frozen=True)
class Flow:
    """The state names the shared steps below move a case between. A kind with its own names
    passes its own Flow; the kernel itself never names a state."""

    triage: str = "submitted"
    assigned: str = "assigned"
    processing: str = "processing"
    answered: str = "answered"
    closed: str = "closed"
    supervising: str = "supervising"


STANDARD = Flow()


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: Callable  # (user, case) -> bool
    needs_text: bool = False
    text_label: str = "说明"
    assigns: bool = False  # takes a lead unit, co-units and a deadline
    answers: bool = False  # the text is the answer to the requester
    style: str = "primary"
    # The domain's own bookkeeping, in the same transaction: (case, actor, text, data) -> None.
    after: Callable | None = None
    # Sends the case back to be handled again: the answer stands on the timeline, but the unit
    # owes a new one, with a new deadline (the union's 督办 after a second 不满意).
    reopens: bool = False
    # The step's own data (a grade, scores, a cost), validated by this form class, kept on the
    # timeline event and in the audit row, and handed to `after`.
    form: type | None = None
    # The deadline the case has from this step on: (case, data) -> timedelta, or None to keep
    # the one it has (rectify a major hazard in 24 hours, verify it in 3 days). On an
    # assigning step it is the default the assigner may change.
    deadline: Callable | None = None
    # Assigns named people rather than (or besides) units: 1 for one person (an inspector), N
    # for a panel of N reviewers.
    assigns_people: int = 0
    # Taken by one of the case's assigned people, once each: their review (with `form` data).
    # The state stays unless every active assignee has reviewed.
    reviews: bool = False
    # Only when every active assignee has reviewed ("all reviews in").
    needs_all_reviews: bool = False
    # The one who took this step may not take the next one (a fix is not verified by its fixer).
    not_by: str = ""


@dataclass(frozen=True)
class CaseKind:
    key: str
    label: str
    prefix: str
    states: dict[str, str]
    initial: str
    answered_state: str  # where the requester rates
    closed_state: str
    reopen_state: str  # where 不满意 sends it, once
    categories: dict[str, str]
    transitions: tuple[Transition, ...]
    handler_filter: Callable  # (user) -> Q over Case: which cases of this kind a handler may see
    # (user) -> Q over Case: which wait for this user's own action beyond the kernel's two (a
    # requester's rating, and a unit's handling: see `unit_states`), e.g. the union's triage.
    todo_filter: Callable
    # States in which a case waits for the units it is assigned to: in their handlers' to-do.
    unit_states: tuple[str, ...] = (STANDARD.assigned, STANDARD.processing)
    url_name: str = "cases:detail"
    default_days: int = 7
    allow_anonymous: bool = True
    open_states: tuple[str, ...] = field(default=())
    # Where a case waits for the union to assign it; defaults to `initial`. A kind may start
    # earlier (a proposal first collects co-signers).
    triage_state: str = ""
    # Where a rating lands; defaults to `closed_state`. A kind may have the union close it after.
    rated_state: str = ""
    # Where 不满意 lands once the one reopen is used: the union office's 督办, rather than a case
    # closed over its requester's head. Empty: like any other rating.
    supervise_state: str = ""
    # A template shown on the case page with the domain's own fields, and its context:
    # (case, user) -> dict.
    body_label: str = "内容"
    panel_template: str = ""
    panel_context: Callable | None = None
    # How the requester rates the answer; None: they do not (a hazard is verified instead).
    rating: RatingRule | None = RatingRule()
    # Who may open one: (user, subject) -> bool, `subject` being the employee it is about when
    # that is not the requester (a branch chair applying for someone's aid). Default: anyone,
    # for themselves.
    may_open: Callable | None = None
    # The union office people who hear of its cases and triage them: (case) -> users. Default:
    # the chair and staff of the case's union.
    office: Callable | None = None
    # Whom an overdue case is escalated to: (union_id) -> users. Default: the union office.
    escalate_to: Callable | None = None
    # Who may merge (并案) cases of this kind into one: (user, lead case) -> bool; None: the
    # kind does not merge. `mergeable(lead, others)` adds the kind's own condition (the same
    # congress session): the ids of those of `others` that may be merged into `lead`, asked
    # of them all at once.
    merges: Callable | None = None
    mergeable: Callable | None = None

    @property
    def has_assignees(self) -> bool:
        return any(t.assigns_people for t in self.transitions)

    @property
    def waiting_state(self) -> str:
        return self.triage_state or self.initial

    @property
    def after_rating_state(self) -> str:
        return self.rated_state or self.closed_state

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, user, case) -> list[Transition]:
        if case.merged_into_id:  # handled as the case it was merged into
            return []
        return [t for t in self.transitions if case.state in t.sources and t.allowed(user, case)]


_REGISTRY: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> CaseKind:
    return _REGISTRY[key]


def all_kinds() -> list[CaseKind]:
    return list(_REGISTRY.values())


NOBODY = Q(pk__in=[])


def handler_paths(user) -> list[str]:
    """Subtrees whose cases this user handles: as a department handler or a branch chair."""
    from gonghui.org.models import Role
    from gonghui.org.scopes import grants

    return [g.path for g in grants(user) if g.role in (Role.HANDLER, Role.BRANCH_CHAIR)]


def handles(user, case) -> bool:
    """A handler (or branch chair) whose scope covers the lead unit."""
    from gonghui.org.models import Role
    from gonghui.org.scopes import has_role

    return case.lead_unit_id is not None and has_role(user, Role.HANDLER, Role.BRANCH_CHAIR, over=case.lead_unit.path)


def office_or_units(user) -> Q:
    """The usual visibility: the union office sees every case of the kind in its union, handlers
    and branch chairs those assigned to units in their scope."""
    from gonghui.org.scopes import in_office_unions, is_office_somewhere

    from .models import unit_scope

    if not is_office_somewhere(user):
        return unit_scope(handler_paths(user))
    if office_covers_own_units(user):
        return in_office_unions(user)
    return in_office_unions(user) | unit_scope(handler_paths(user))


def office_covers_own_units(user) -> bool:
    """The union office's own grants as a handler lie inside its unions: its union's cases
    alone are then the whole of what it sees, one condition the lists' indexes serve."""
    from gonghui.org.scopes import is_union_office

    return all(is_union_office(user, path) for path in handler_paths(user))


def office_todo_of(flow: Flow = STANDARD) -> Callable:
    """The usual to-do beyond the kernel's own: the union office triages, hears of escalations
    and supervises (departments' handling is the kernel's, see selectors.todo_for)."""

    def todo(user) -> Q:
        from gonghui.org.scopes import in_office_unions, is_office_somewhere

        if not is_office_somewhere(user):
            return NOBODY
        return in_office_unions(user) & (
            Q(state=flow.triage) | Q(escalated_at__isnull=False, answered_at__isnull=True) | Q(state=flow.supervising)
        )

    return todo


office_todo = office_todo_of(STANDARD)
SUPERVISING = STANDARD.supervising


def supervision_steps(*, who: Callable, flow: Flow = STANDARD) -> tuple[Transition, ...]:
    """What the union office does with a case its requester was twice unhappy with: send it back
    to the department with its instructions (督办重办), or close it with its reasons."""
    return (
        Transition(
            "redo",
            "督办重办",
            (flow.supervising,),
            flow.processing,
            who,
            needs_text=True,
            text_label="督办意见（承办部门据此重新办理）",
            reopens=True,
        ),
        Transition(
            "close_supervised",
            "督办后办结",
            (flow.supervising,),
            flow.closed,
            who,
            needs_text=True,
            text_label="办结说明（将告知提出人）",
            style="outline-secondary",
        ),
    )


def department_steps(
    *,
    reassign: Callable,
    answer_label: str = "答复",
    answer_text: str = "答复内容",
    return_label: str = "退回工会",
    flow: Flow = STANDARD,
) -> tuple[Transition, ...]:
    """What a lead department does with an assigned case, the same for every kind: accept it,
    answer it, or send it back; and the union's re-assignment."""
    working = (flow.assigned, flow.processing)
    return (
        Transition("accept", "受理", (flow.assigned,), flow.processing, handles),
        Transition(
            "answer",
            answer_label,
            working,
            flow.answered,
            handles,
            needs_text=True,
            text_label=answer_text,
            answers=True,
        ),
        Transition(
            "return",
            return_label,
            working,
            flow.triage,
            handles,
            needs_text=True,
            text_label="退回理由",
            style="outline-secondary",
        ),
        Transition(
            "reassign",
            "改派",
            working,
            flow.assigned,
            reassign,
            assigns=True,
            style="outline-secondary",
        ),
    )
