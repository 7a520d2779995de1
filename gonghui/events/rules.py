import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import has_role


@rules.predicate
def branch_chair(user):
    return user.is_authenticated and has_role(user, Role.BRANCH_CHAIR)


rules.add_perm("events.view_coverage", union_office | branch_chair)
