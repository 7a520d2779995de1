from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from gonghui.core.cache import generation

from .models import Case


def todo_for(user) -> QuerySet:
    """Cases waiting for this user or their unit: to rate, to handle, or (by the kinds' own
    rules) to triage and supervise.

    The two waits every kind shares are asked once, not once per kind: the requester's rating,
    and the units' handling — a single `id IN (the units' waiting cases)`, which the database
    turns into one hash however many kinds there are. Every condition names only cases the
    user may see, so the wider visibility filter is not applied on top (it would cost a scan).
    """
    from .kinds import NOBODY, all_kinds, handler_paths
    from .models import CaseAssignee, waiting_unit_scope

    kinds = all_kinds()
    rated = [kind for kind in kinds if kind.rating is not None]
    waiting = Q(requester=user) & _in_states(rated, lambda kind: (kind.answered_state,))
    for kind in kinds:
        if (own := kind.todo_filter(user)) != NOBODY:
            waiting |= Q(kind=kind.key) & own
    # The people a case is assigned to by name (an inspector, a panel's reviewer), until they
    # have given their part; asked only when some kind assigns people.
    if named := [kind.key for kind in kinds if kind.has_assignees]:
        mine = CaseAssignee.objects.filter(user=user, active=True, reviewed_at__isnull=True).values("case_id")
        waiting |= Q(kind__in=named, pk__in=mine)
    if paths := handler_paths(user):
        waiting |= waiting_unit_scope(paths) & _in_states(kinds, lambda kind: kind.unit_states)
    return Case.objects.filter(waiting, closed_at__isnull=True)


def _in_states(kinds, states_of) -> Q:
    """Cases of these kinds in each kind's own states, as few conditions as the kinds allow:
    kinds sharing their states are asked together (`kind IN (…) AND state IN (…)`), not one
    OR branch each, which costs compiling and planning on every to-do."""
    grouped: dict[tuple, list[str]] = {}
    for kind in kinds:
        grouped.setdefault(tuple(states_of(kind)), []).append(kind.key)
    condition = Q(pk__in=[])
    for states, keys in grouped.items():
        condition |= Q(kind__in=keys, state__in=states)
    return condition


def case_row(case: Case) -> dict:
    """A case as a list row: plain values, cheap to keep (see cached_rows) and to draw. Whether
    it is overdue is asked when shown (mark_overdue), so a kept row is never late about it."""
    return {
        "href": reverse("cases:detail", args=[case.pk]),
        "number": case.number,
        "title": Truncator(case.title).chars(30),
        "anonymous": case.anonymous,
        "category": case.category_label,
        "state": case.state_label,
        "rating": case.get_rating_display() if case.rating else "",
        "unit": case.lead_unit.name if case.lead_unit_id else "—",
        "due": f"{timezone.localtime(case.due_at):%m-%d %H:%M}" if case.due_at else "—",
        "created": f"{timezone.localtime(case.created_at):%Y-%m-%d}",
        "open_due": case.due_at if case.closed_at is None and case.answered_at is None else None,
    }


def mark_overdue(rows: list[dict], now=None) -> list[dict]:
    now = now or timezone.now()
    for row in rows:
        if "open_due" in row:
            row["overdue"] = row["open_due"] is not None and row["open_due"] < now
    return rows


_SOURCES: list = []


def register_todo(source) -> None:
    """Work that is not a case but waits for a user all the same (a disclosure due from their unit):
    source(user) -> list of rows shaped like the to-do page's (href, number, title, category,
    state, unit, due, overdue). Kept short: they are shown above the cases, unpaged."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def other_todo(user) -> list[dict]:
    return [row for source in _SOURCES for row in source(user)]


def todo_counts(user) -> dict:
    """The landing pages' to-do figures, kept for a minute (see CachedCountPaginator)."""
    from django.core.cache import cache

    def count():
        qs = todo_for(user)
        others = other_todo(user)
        return {
            "total": qs.count() + len(others),
            "overdue": qs.filter(due_at__lt=timezone.now(), answered_at__isnull=True).count()
            + sum(1 for row in others if row["overdue"]),
        }

    return cache.get_or_set(f"todo-counts:{generation('cases')}:{user.pk}", count, 60)


def timeline(case: Case, viewer) -> list:
    """The events as this viewer may see them: an anonymous requester stays anonymous."""
    events = list(case.events.select_related("actor__employee").prefetch_related("attachments"))
    for event in events:
        if event.actor_hidden:
            event.who = "我（匿名）" if viewer.pk == case.requester_id else "匿名职工"
        elif event.actor is None:
            event.who = "系统"
        else:
            event.who = event.actor.display_name
    return events


def requester_label(case: Case, viewer) -> str:
    if case.anonymous and viewer.pk != case.requester_id:
        return "匿名职工"
    employee = case.requester.employee
    return f"{employee.name}（{employee.unit.name}）" if employee else case.requester.username


def people_by_number(case, text: str) -> list:
    """The active logins of the case's union with these employee numbers, in the order given."""
    from django.core.exceptions import ValidationError

    from gonghui.accounts.models import User
    from gonghui.org.models import under

    numbers = list(dict.fromkeys(text.replace("，", " ").replace(",", " ").split()))
    if not numbers:
        return []
    found = {
        u.employee.employee_no: u
        for u in User.objects.filter(
            under("employee__unit_path", case.union_path), employee__employee_no__in=numbers, is_active=True
        ).select_related("employee")
    }
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError(f"本工会没有这些工号的在用账号：{'、'.join(missing[:5])}")
    return [found[n] for n in numbers]


def step_people(user, case, transition: str, numbers: str) -> list:
    """The people a step names, looked up only for a step that names people and that `user`
    may take: "no such number" would otherwise tell anybody who can see a case who has a login."""
    step = case.kind_spec.transition(transition)
    if step is None or not step.assigns_people or step not in case.kind_spec.available(user, case):
        return []
    return people_by_number(case, numbers)


def merging(case: Case, user) -> dict:
    """The case page's 并案 part: the case it was merged into, those merged into it, and for
    whoever may merge, the similar cases of its kind it could take in (most similar first)."""
    from gonghui.search.selectors import similar

    from .services import merge_problems

    spec = case.kind_spec
    context = {
        "lead": Case.objects.filter(pk=case.merged_into_id).first() if case.merged_into_id else None,
        "followers": list(case.merged.order_by("pk")),
        "candidates": [],
    }
    if case.merged_into_id or case.closed_at or case.answered_at or not spec.merges(user, case):
        return context
    hits = similar(user, case.title, kinds=[case.kind], exclude=(case.kind, case.pk), limit=10)
    found = Case.objects.in_bulk([hit.entry.object_id for hit in hits])
    similar_cases = [found[hit.entry.object_id] for hit in hits if hit.entry.object_id in found]
    problems = merge_problems(case, similar_cases)
    context["candidates"] = [c for c in similar_cases if not problems[c.pk]][:6]
    context["may_merge"] = True
    return context
