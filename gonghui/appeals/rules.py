import rules

from gonghui.org.rules import union_office


@rules.predicate
def handles_appeals(user):
    from .views import may_handle_appeals

    return user.is_authenticated and may_handle_appeals(user)


rules.add_perm("appeals.handle", handles_appeals)
rules.add_perm("appeals.view_stats", union_office)
