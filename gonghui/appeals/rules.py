import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import grants


@rules.predicate
def handles_cases(user):
    """A department handler or branch chair somewhere: they work the cases of their units."""
    return user.is_authenticated and any(g.role in (Role.HANDLER, Role.BRANCH_CHAIR) for g in grants(user))


rules.add_perm("appeals.handle", union_office | handles_cases)
rules.add_perm("appeals.view_stats", union_office)
