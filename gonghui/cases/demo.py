"""Moving a demo case back in time without making its timeline lie.

Demo cases are made now, through the real services, and then set back to when they would have
happened. Every step moves with its case and keeps its order; the case's own times (first
response, answer, closing, deadline) are read off the steps, and the deadline written into the
assignment's text follows, so the header and the timeline tell the same story.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from django.utils import timezone

from .models import Case, CaseCounter, CaseEvent, CaseUnit

# How long after the step before it each kind of step plausibly comes, in hours.
GAPS = {
    "assign": (2, 30),
    "register": (24, 120),
    "convert": (24, 120),
    "accept": (1, 10),
    "co_reply": (24, 96),
    "answer": (20, 150),
    "rate": (6, 72),
    "close": (4, 48),
    "urge": (24, 72),
    "comment": (1, 24),
    "cosign": (1, 30),
}
RESPONSES = ("assign", "register", "convert", "accept", "answer", "return")
DEADLINE = re.compile(r"期限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def backdate(case: Case, start: datetime, rng: random.Random, *, latest: datetime | None = None) -> Case:
    """Set `case` to have been raised at `start`, its steps following in order at plausible
    intervals, none later than `latest` (default: now)."""
    latest = latest or timezone.now()
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    times = []
    moment = start
    for event in events:
        if event.action != "submit":
            low, high = GAPS.get(event.action, (2, 24))
            moment += timedelta(minutes=rng.randint(low * 60, high * 60))
        times.append(moment)
    if times and times[-1] > latest:  # squeeze the steps into the time there was
        span = (latest - start) * 0.9
        total = times[-1] - start
        times = [start + (t - start) * (span / total) for t in times]
    spec = case.kind_spec

    def assigns(event) -> bool:
        step = spec.transition(event.action)
        return step is not None and step.assigns

    assigned_at = None
    for event, when in zip(events, times, strict=True):
        if assigns(event) or (event.action == "submit" and case.lead_unit_id):
            assigned_at = when
        text = event.text
        if assigned_at is not None and assigns(event):
            due = assigned_at + timedelta(days=spec.default_days)
            text = DEADLINE.sub(f"期限 {timezone.localtime(due):%Y-%m-%d %H:%M}", text)
        CaseEvent.objects.filter(pk=event.pk).update(created_at=when, text=text)

    def last(*actions):
        found = [t for e, t in zip(events, times, strict=True) if e.action in actions]
        return found[-1] if found else None

    def first(*actions):
        found = [t for e, t in zip(events, times, strict=True) if e.action in actions]
        return found[0] if found else None

    due = assigned_at + timedelta(days=spec.default_days) if assigned_at and case.due_at else None
    Case.objects.filter(pk=case.pk).update(
        created_at=start,
        first_response_at=first(*RESPONSES) if case.first_response_at else None,
        answered_at=last("answer") if case.answered_at else None,
        closed_at=times[-1] if case.closed_at and times else None,
        due_at=due,
        # Reminders belong to the time the demo is set in, not to the moment it was made.
        overdue_notified_at=None,
        escalated_at=None,
    )
    if assigned_at is not None:
        CaseUnit.objects.filter(case=case, active=True).update(assigned_at=assigned_at, due_at=due)
        if replied := last("co_reply"):
            CaseUnit.objects.filter(case=case, active=True, replied_at__isnull=False).update(replied_at=replied)
    case.refresh_from_db()
    return case


def wipe_cases(union, kind: str) -> None:
    """A union's cases of one kind, their steps, files and numbering (for a demo reset)."""
    Case.objects.filter(union=union, kind=kind).delete()
    CaseCounter.objects.filter(union=union, kind=kind).delete()
