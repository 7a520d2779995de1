import rules

from gonghui.events.models import Registration
from gonghui.org.rules import union_office
from gonghui.org.scopes import has_role, has_role_in_union, scope_path

from .models import MINUTES_ROLES, Patrol


@rules.predicate
def sees_minutes(user, obj=None):
    """Drafts, negotiation minutes, meetings and patrols: the union office, company leaders and
    representatives of the record's union (without a record: of some union)."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return user.is_superuser or has_role(user, *MINUTES_ROLES)
    return has_role_in_union(user, *MINUTES_ROLES, path=scope_path(obj))


@rules.predicate
def went_on_patrol(user, record=None):
    """On a patrol, the representatives who went on it add what they found."""
    return (
        isinstance(record, Patrol)
        and record.event_id is not None
        and Registration.objects.filter(event=record.event_id, user=user.pk, attended=True).exists()
    )


rules.add_perm("supervision.manage", union_office)
# A finding of a meeting, patrol or inspection: its union's office; on a patrol, its members too.
rules.add_perm("supervision.add_finding", union_office | went_on_patrol)
rules.add_perm("supervision.view_minutes", sees_minutes)
