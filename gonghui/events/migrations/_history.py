"""For data migrations that move a domain's own attendance into the events kernel: an event
row for a dated record, written with the migration's historical models. Kept beside the
migrations (the loader skips a name starting with "_") so that it stays as they were written."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.utils import timezone


def event_row(apps, *, kind: str, title: str, union_id: int, day, place: str, hours: float, role: str):
    """A no-sign-up event from nine on the day, for an audience of one role, opened in the
    name of the union's chair or staff (whoever recorded the original did not keep a name)."""
    Event = apps.get_model("events", "Event")
    RoleAssignment = apps.get_model("org", "RoleAssignment")
    User = apps.get_model("accounts", "User")
    # Only a name on the row: such an event is run by the union office alone, whoever opened it.
    recorder = (
        RoleAssignment.objects.filter(role__in=("chair", "staff"), unit_id=union_id)
        .order_by("role", "pk")
        .values_list("user_id", flat=True)
        .first()
        or User.objects.filter(is_superuser=True).order_by("pk").values_list("pk", flat=True).first()
        or User.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    starts = timezone.make_aware(datetime.combine(day, time(9)))
    return Event.objects.create(
        union_id=union_id,
        kind=kind,
        title=title[:200],
        organiser_id=union_id,
        audience="role",
        audience_role=role,
        place=place[:200],
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        needs_signup=False,
        hours=hours,
        checkin_token=secrets.token_urlsafe(16),
        created_by_id=recorder,
    )


def present(apps, event, user_ids) -> None:
    """Those who went, as present at the event and credited its hours."""
    Registration = apps.get_model("events", "Registration")
    Registration.objects.bulk_create(
        Registration(event=event, user_id=pk, state="registered", attended=True, hours=event.hours) for pk in user_ids
    )
