import rules

from gonghui.org.rules import union_office


@rules.predicate
def sees_minutes(user):
    from .views import sees_minutes as check

    return user.is_authenticated and check(user)


rules.add_perm("supervision.manage", union_office)
rules.add_perm("supervision.view_minutes", sees_minutes)
