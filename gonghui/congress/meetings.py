"""A congress session's attendance, declared to the events kernel: the roll is the term's
serving representatives; the hours count in their records and in the union's coverage."""

from gonghui.accounts.models import User
from gonghui.events.kinds import EventKind, register
from gonghui.events.rules import union_office_of_unit

CONGRESS_SESSION = register(
    EventKind(
        key="congress_session",
        label="职代会会议",
        counts_as="meeting",
        may_organise=union_office_of_unit,
        categories={},
        icon="bi-people",
        default_hours=4,
        roll=lambda event: User.objects.filter(
            representations__congress__sessions__event=event, representations__is_active=True
        ),
        standalone=False,
    )
)
