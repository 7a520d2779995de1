"""Every may-I question about people and the tree, answered in one place.

Views ask `can(user, "org.change_employee", employee)`; nothing else re-derives a rule.
Anything not declared here is denied.
"""

import rules

from .models import Role
from .scopes import grants, is_office_somewhere, is_union_office, managed_paths, people_scope_paths, scope_path


@rules.predicate
def union_office(user, obj=None):
    """The union office over `obj` (its union's chair or staff); without one, of some union:
    what it then lists or creates is its own union's."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return is_office_somewhere(user)
    return is_union_office(user, scope_path(obj))


@rules.predicate
def handles_cases(user):
    """A department handler or branch chair somewhere: they work the cases of their units."""
    return user.is_authenticated and any(g.role in (Role.HANDLER, Role.BRANCH_CHAIR) for g in grants(user))


@rules.predicate
def is_self(user, employee):
    return employee is not None and user.is_authenticated and user.employee_id == employee.pk


@rules.predicate
def manages_person(user, employee):
    if employee is None or not user.is_authenticated:
        return False
    paths = managed_paths(user)
    return paths is None or any(employee.unit_path.startswith(p) for p in paths)


@rules.predicate
def manages_unit(user, unit):
    if unit is None or not user.is_authenticated:
        return False
    paths = managed_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in paths)


@rules.predicate
def sees_unit(user, unit):
    from .models import OrgUnit

    return unit is not None and OrgUnit.objects.visible_to(user).filter(pk=unit.pk).exists()


@rules.predicate
def manages_some_people(user):
    if not user.is_authenticated:
        return False
    paths = managed_paths(user)
    return paths is None or bool(paths)


@rules.predicate
def sees_some_people(user):
    if not user.is_authenticated:
        return False
    paths = people_scope_paths(user)
    return paths is None or bool(paths)


rules.add_perm("org.browse_people", sees_some_people)
rules.add_perm("org.view_sensitive", manages_person | is_self)
rules.add_perm("org.change_employee", manages_person)
rules.add_perm("org.manage_membership", manages_person)
rules.add_perm("org.issue_accounts", manages_unit)
rules.add_perm("org.export_roster", manages_some_people)
rules.add_perm("org.import_roster", union_office)
rules.add_perm("org.manage_units", union_office)
rules.add_perm("org.view_unit", sees_unit)
rules.add_perm("org.manage_roles", union_office)
rules.add_perm("audit.view_log", union_office)


def can(user, action: str, obj=None) -> bool:
    return user.has_perm(action, obj)
