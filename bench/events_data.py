"""Fills a bench database with a busy year of events: `python bench/events_data.py N` makes N
events with attendance (run with the bench's environment). Prints one large event's id."""

import os
import random
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from gonghui.accounts.models import User  # noqa: E402
from gonghui.core.db import refresh_planner_statistics  # noqa: E402
from gonghui.events.models import Event, Registration  # noqa: E402
from gonghui.org.demo import demo_root  # noqa: E402
from gonghui.org.models import OrgUnit, UnitKind  # noqa: E402

KINDS = [("activity", "badminton"), ("activity", "hiking"), ("study", "theory"), ("lecture", "health")]


@transaction.atomic
def fill(count: int) -> int:
    rng = random.Random(2024)
    staff = User.objects.get(username="HD900002")
    root = demo_root()  # the power plant's union, not the demo's small second one
    branches = list(OrgUnit.objects.filter(kind=UnitKind.BRANCH, path__startswith=root.path))
    people = list(
        User.objects.filter(employee__unit_path__startswith=root.path, is_active=True).values_list(
            "pk", "employee__unit_path"
        )
    )
    now = timezone.now()
    events = []
    for i in range(count):
        kind, category = KINDS[i % len(KINDS)]
        unit = root if i % 3 == 0 else branches[i % len(branches)]
        start = now - timedelta(days=rng.randint(1, 330), hours=rng.randint(0, 10))
        events.append(
            Event(
                union=root,
                kind=kind,
                category=category,
                title=f"{['羽毛球赛', '登山', '学习会', '健康讲座'][i % 4]} 第{i + 1}期",
                organiser=unit,
                audience="all" if unit == root else "unit",
                audience_unit=None if unit == root else unit,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place="职工活动中心",
                capacity=400,
                hours=2,
                created_by=staff,
                checkin_token=f"bench{i}",
            )
        )
    events = Event.objects.bulk_create(events, batch_size=1000)
    registrations = []
    for event in events:
        audience = (
            people if event.audience == "all" else [p for p in people if p[1].startswith(event.audience_unit.path)]
        )
        for user_id, _ in rng.sample(audience, k=min(len(audience), rng.randint(20, 300))):
            registrations.append(Registration(event=event, user_id=user_id, state="registered", attended=True, hours=2))
        if len(registrations) > 50_000:
            Registration.objects.bulk_create(registrations, batch_size=5000)
            registrations = []
    Registration.objects.bulk_create(registrations, batch_size=5000)
    refresh_planner_statistics()
    return max(events, key=lambda e: e.registrations.count() if e.pk % 97 == 0 else 0).pk


if __name__ == "__main__":
    print(fill(int(sys.argv[1])))
