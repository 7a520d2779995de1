"""Events for the test union: a badminton activity for 运行分工会 with two places, an association,
a lecture hall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from gonghui.activities.services import association_create
from gonghui.events.services import event_create
from gonghui.venues.models import Venue


@dataclass
class Fixtures:
    activity: object
    association: object
    venue: object


def make_activity(union, *, capacity=2, starts_in=timedelta(days=3), needs_signup=True, title="周末羽毛球友谊赛"):
    start = timezone.now() + starts_in
    return event_create(
        actor=union.staff,
        kind="activity",
        category="badminton",
        title=title,
        organiser=union.root,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="职工活动中心羽毛球馆",
        audience="unit",
        audience_unit=union.run_branch,
        capacity=capacity,
        needs_signup=needs_signup,
        hours=2,
    )


def make_events(union) -> Fixtures:
    association = association_create(
        actor=union.staff, name="羽毛球协会", category="羽毛球", leaders=[union.branch_chair]
    )
    venue = Venue.objects.create(
        union=union.root, name="职工大讲堂", kind="hall", unit=union.root, place="综合楼一楼", capacity=120
    )
    return Fixtures(activity=make_activity(union), association=association, venue=venue)
