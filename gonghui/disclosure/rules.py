import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import has_role


@rules.predicate
def publishes(user):
    from .services import managed_paths

    return user.is_authenticated and managed_paths(user) != []


@rules.predicate
def covers_unit(user, unit):
    """Handlers and branch chairs publish for the units they cover."""
    return user.is_authenticated and has_role(user, Role.HANDLER, Role.BRANCH_CHAIR, over=unit.path)


rules.add_perm("disclosure.manage", union_office)
# Who publishes for a unit: its union's office, and the handlers and branch chairs covering it.
rules.add_perm("disclosure.publish_for", union_office | covers_unit)
rules.add_perm("disclosure.publish", publishes)
