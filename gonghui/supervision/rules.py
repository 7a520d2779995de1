import rules

from gonghui.org.rules import union_office
from gonghui.org.scopes import has_role, has_role_in_union, scope_path

from .models import MINUTES_ROLES


@rules.predicate
def sees_minutes(user, obj=None):
    """Drafts, negotiation minutes, meetings and patrols: the union office, company leaders and
    representatives of the record's union (without a record: of some union)."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return user.is_superuser or has_role(user, *MINUTES_ROLES)
    return has_role_in_union(user, *MINUTES_ROLES, path=scope_path(obj))


rules.add_perm("supervision.manage", union_office)
rules.add_perm("supervision.view_minutes", sees_minutes)
