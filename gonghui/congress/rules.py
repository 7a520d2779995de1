import rules

from gonghui.org.models import Role
from gonghui.org.rules import handles_cases, union_office
from gonghui.org.scopes import has_role, is_office_somewhere, scope_path


@rules.predicate
def leader(user, congress=None):
    """A company leader: of the congress's union, or of some union (then their union's report)."""
    if not user.is_authenticated:
        return False
    return (
        has_role(user, Role.LEADER, over=scope_path(congress)) if congress is not None else has_role(user, Role.LEADER)
    )


@rules.predicate
def office_anywhere(user, congress=None):
    return user.is_authenticated and is_office_somewhere(user)


@rules.predicate
def representative(user):
    return user.is_authenticated and has_role(user, Role.REPRESENTATIVE)


rules.add_perm("congress.manage", union_office)
# A workers' representative: their proposals have a place of their own on the phone.
rules.add_perm("congress.represent", representative)
rules.add_perm("congress.handle_proposals", office_anywhere | handles_cases)
rules.add_perm("congress.view_report", union_office | leader)
