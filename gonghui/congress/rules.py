import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import grants, has_role


@rules.predicate
def handles_cases(user):
    return user.is_authenticated and any(g.role in (Role.HANDLER, Role.BRANCH_CHAIR) for g in grants(user))


@rules.predicate
def leader(user):
    return user.is_authenticated and has_role(user, Role.LEADER)


rules.add_perm("congress.manage", union_office)
rules.add_perm("congress.handle_proposals", union_office | handles_cases)
rules.add_perm("congress.view_report", union_office | leader)
