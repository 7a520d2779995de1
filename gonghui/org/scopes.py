"""Who holds which role over which part of the tree.

Roles are read once per request and kept on the user object: every permission check
and every visible_to() in the request reuses them without another query. Between requests
they are kept in the shared cache until any role or unit changes (the "roles" and "people"
generations, bumped by every save and delete of either): a role taken away is gone from the
very next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from gonghui.cache import generation

from .models import Role, RoleAssignment

GRANTS_SECONDS = 300

COMPANY_WIDE_PEOPLE_ROLES = {Role.CHAIR, Role.STAFF}
SUBTREE_PEOPLE_ROLES = {Role.BRANCH_CHAIR, Role.HANDLER}


@dataclass(frozen=True)
class Grant:
    role: str
    path: str
    unit_id: int
    unit_name: str

    def covers(self, path: str) -> bool:
        return path.startswith(self.path)


def grants(user) -> list[Grant]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gonghui_grants", None)
    if cached is None:
        key = f"grants:{generation('roles')}.{generation('people')}:{user.pk}"
        cached = cache.get(key)
        if cached is None:
            cached = [
                Grant(role, path, unit_id, unit_name)
                for role, path, unit_id, unit_name in RoleAssignment.objects.filter(user=user)
                .order_by("role", "unit__path")
                .values_list("role", "unit__path", "unit_id", "unit__name")
            ]
            cache.set(key, cached, GRANTS_SECONDS)
        user._gonghui_grants = cached
    return cached


def forget_grants(user) -> None:
    user.__dict__.pop("_gonghui_grants", None)


def roles_of(user) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user, *roles: str, over: str | None = None) -> bool:
    """True if the user holds one of `roles`, over the tree path `over` when given."""
    return any(g.role in roles and (over is None or g.covers(over)) for g in grants(user))


def is_union_office(user) -> bool:
    return has_role(user, Role.CHAIR, Role.STAFF)


def people_scope_paths(user) -> list[str] | None:
    """Tree paths whose people the user may see; None means the whole union.

    Everyone may also see themselves; that is added by the caller.
    """
    if getattr(user, "is_superuser", False) or is_union_office(user):
        return None
    return [g.path for g in grants(user) if g.role in SUBTREE_PEOPLE_ROLES]


def managed_paths(user) -> list[str] | None:
    """Tree paths whose people and membership the user may change; None is everywhere."""
    if getattr(user, "is_superuser", False) or is_union_office(user):
        return None
    return [g.path for g in grants(user) if g.role == Role.BRANCH_CHAIR]
