from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.org.models import Role
from gonghui.org.scopes import grants, has_role, is_union_office
from gonghui.web.paging import generation

from .models import Case, unit_scope


def todo_for(user) -> QuerySet:
    """Cases waiting for this user or their unit: to triage, to handle, or to rate."""
    waiting = Q(requester=user, state="answered")
    if is_union_office(user):
        waiting |= Q(state="submitted") & ~Q(category="union_conduct")
        waiting |= Q(escalated_at__isnull=False, closed_at__isnull=True, answered_at__isnull=True)
    if has_role(user, Role.CHAIR):
        waiting |= Q(state="submitted", category="union_conduct")
    paths = [g.path for g in grants(user) if g.role in (Role.HANDLER, Role.BRANCH_CHAIR)]
    if paths:
        waiting |= Q(state__in=["assigned", "processing"]) & unit_scope(paths)
    return Case.objects.visible_to(user).filter(waiting).filter(closed_at__isnull=True)


def todo_counts(user) -> dict:
    """The landing pages' to-do figures, kept for a minute (see CachedCountPaginator)."""
    from django.core.cache import cache

    def count():
        qs = todo_for(user)
        return {"total": qs.count(), "overdue": qs.filter(due_at__lt=timezone.now(), answered_at__isnull=True).count()}

    return cache.get_or_set(f"todo-counts:{generation('cases')}:{user.pk}", count, 60)


def timeline(case: Case, viewer) -> list:
    """The events as this viewer may see them: an anonymous requester stays anonymous."""
    events = list(case.events.select_related("actor__employee").prefetch_related("attachments"))
    for event in events:
        if event.actor_hidden and viewer.pk != case.requester_id:
            event.who = "匿名职工"
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
