import rules

from gonghui.org.rules import union_office


@rules.predicate
def publishes(user):
    from .services import managed_paths

    return user.is_authenticated and managed_paths(user) != []


rules.add_perm("disclosure.manage", union_office)
rules.add_perm("disclosure.publish", publishes)
