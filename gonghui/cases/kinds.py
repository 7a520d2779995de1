"""How a domain declares a kind of case to the kernel: its states, categories and transitions,
and who may take each. The kernel does numbering, assignment, timeline, rating, deadlines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q


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
    # The domain's own bookkeeping, in the same transaction: (case, actor, text) -> None.
    after: Callable | None = None
    # Sends the case back to be handled again: the answer stands on the timeline, but the unit
    # owes a new one, with a new deadline (the union's 督办 after a second 不满意).
    reopens: bool = False


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
    unit_states: tuple[str, ...] = ("assigned", "processing")
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

    @property
    def waiting_state(self) -> str:
        return self.triage_state or self.initial

    @property
    def after_rating_state(self) -> str:
        return self.rated_state or self.closed_state

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, user, case) -> list[Transition]:
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


def office_todo(user) -> Q:
    """The usual to-do beyond the kernel's own: the union office triages, hears of escalations
    and supervises (departments' handling is the kernel's, see selectors.todo_for)."""
    from gonghui.org.scopes import in_office_unions, is_office_somewhere

    if not is_office_somewhere(user):
        return NOBODY
    return in_office_unions(user) & (
        Q(state="submitted") | Q(escalated_at__isnull=False, answered_at__isnull=True) | Q(state=SUPERVISING)
    )


SUPERVISING = "supervising"


def supervision_steps(*, who: Callable) -> tuple[Transition, ...]:
    """What the union office does with a case its requester was twice unhappy with: send it back
    to the department with its instructions (督办重办), or close it with its reasons."""
    return (
        Transition(
            "redo",
            "督办重办",
            (SUPERVISING,),
            "processing",
            who,
            needs_text=True,
            text_label="督办意见（承办部门据此重新办理）",
            reopens=True,
        ),
        Transition(
            "close_supervised",
            "督办后办结",
            (SUPERVISING,),
            "closed",
            who,
            needs_text=True,
            text_label="办结说明（将告知提出人）",
            style="outline-secondary",
        ),
    )


def department_steps(
    *, reassign: Callable, answer_label: str = "答复", answer_text: str = "答复内容", return_label: str = "退回工会"
) -> tuple[Transition, ...]:
    """What a lead department does with an assigned case, the same for every kind: accept it,
    answer it, or send it back; and the union's re-assignment."""
    return (
        Transition("accept", "受理", ("assigned",), "processing", handles),
        Transition(
            "answer",
            answer_label,
            ("assigned", "processing"),
            "answered",
            handles,
            needs_text=True,
            text_label=answer_text,
            answers=True,
        ),
        Transition(
            "return",
            return_label,
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
            reassign,
            assigns=True,
            style="outline-secondary",
        ),
    )
