"""Joint meetings and representatives' patrols, declared to the events kernel: who went is
their attendance, counted in each person's record and the union's coverage."""

from gonghui.accounts.models import User
from gonghui.events.kinds import EventKind, register
from gonghui.events.rules import union_office_of_unit
from gonghui.org.models import under
from gonghui.org.scopes import union_path

from .models import MINUTES_ROLES


def representatives(union_id: int):
    """The union's serving representatives: who goes on its patrols."""
    from gonghui.org.models import Role

    return _holders(union_id, (Role.REPRESENTATIVE,))


def minutes_people(union_id: int):
    """Whoever reads the union's minutes (its office, company leaders, representatives): who
    sits at its joint meetings."""
    return _holders(union_id, MINUTES_ROLES)


def _holders(union_id: int, roles):
    return User.objects.filter(
        under("role_assignments__unit__path", union_path(union_id)),
        is_active=True,
        role_assignments__role__in=roles,
    ).distinct()


JOINT_MEETING = register(
    EventKind(
        key="joint_meeting",
        label="联席会议",
        counts_as="meeting",
        may_organise=union_office_of_unit,
        categories={},
        icon="bi-people",
        default_hours=2,
        roll=lambda event: minutes_people(event.union_id),
        standalone=False,
    )
)
PATROL = register(
    EventKind(
        key="patrol",
        label="代表巡察",
        counts_as="meeting",
        may_organise=union_office_of_unit,
        categories={},
        icon="bi-binoculars",
        default_hours=4,
        roll=lambda event: representatives(event.union_id),
        standalone=False,
    )
)
