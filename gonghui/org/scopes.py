"""Who holds which role over which part of the tree, and which union each part belongs to.

Each enterprise union is a tree of its own: a root unit (depth 1) and its subtree. Every
record a union keeps belongs to one union (`UnionOwned.union`), and every scope question
takes the path of what it asks about: the union office is the chair and staff *over that
path*, so a chair of one union is nobody in another.

Roles are read once per request and kept on the user object: every permission check
and every visible_to() in the request reuses them without another query. Between requests
they are kept in the shared cache until any role or unit changes (the "roles" and "people"
generations, bumped by every save and delete of either): a role taken away is gone from the
very next request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from gonghui.core.cache import generation

from .models import STEPLEN, OrgUnit, Role, RoleAssignment

GRANTS_SECONDS = 300

OFFICE_ROLES = (Role.CHAIR, Role.STAFF)
SUBTREE_PEOPLE_ROLES = {Role.BRANCH_CHAIR, Role.HANDLER}
NOBODY = Q(pk__in=[])


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


def union_path_of(path: str) -> str:
    return path[:STEPLEN]


_tree_memo: dict = {}
# The tree a request has already checked against the "units" generation: like the grants, it is
# read once per request, not once per permission check (a generation read is a Redis round trip).
_request = threading.local()


def tree_request_began(**kwargs) -> None:
    _request.active, _request.tree = True, None


def tree_request_ended(**kwargs) -> None:
    _request.active, _request.tree = False, None


def forget_tree() -> None:
    """A unit changed in this request: the rest of it reads the tree afresh."""
    _request.tree = None


def _tree() -> tuple[dict[int, str], dict[str, str], dict[int, str]]:
    """Every union's root (id -> path), every unit's kind (path -> kind) and every union's name
    (id -> name), kept until a unit changes: a few hundred rows, read by nearly every
    permission check."""
    if getattr(_request, "active", False) and _request.tree is not None:
        return _request.tree
    key = f"tree-named:{generation('units')}"
    kept = _tree_memo.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is None:
            rows = list(OrgUnit.objects.order_by("path").values_list("pk", "path", "kind", "depth", "name"))
            kept = (
                {pk: path for pk, path, _, depth, _ in rows if depth == 1},
                {path: kind for _, path, kind, _, _ in rows},
                {pk: name for pk, _, _, depth, name in rows if depth == 1},
            )
            cache.set(key, kept, GRANTS_SECONDS)
        _tree_memo.clear()
        _tree_memo[key] = kept
    if getattr(_request, "active", False):
        _request.tree = kept
    return kept


def union_paths() -> dict[int, str]:
    """Each enterprise union's root unit id and its tree path."""
    return _tree()[0]


def union_path(union_id: int | None) -> str | None:
    return union_paths().get(union_id)


def union_name(union_id: int | None) -> str:
    return _tree()[2].get(union_id, "")


def union_id_of(path: str | None) -> int | None:
    """The union whose tree holds `path`."""
    if not path:
        return None
    root = union_path_of(path)
    return next((pk for pk, p in union_paths().items() if p == root), None)


def own_union_id(user) -> int | None:
    """The union of the person's own unit."""
    employee = getattr(user, "employee", None) if getattr(user, "employee_id", None) else None
    return union_id_of(employee.unit_path) if employee is not None else None


def unit_kinds() -> dict[str, str]:
    return _tree()[1]


def nearest_of_kind(path: str, kind: str) -> str | None:
    """The path of the closest unit of `kind` at or above `path`: a branch is what the node
    says it is, not whatever sits at the second level."""
    kinds = unit_kinds()
    for end in range(len(path), 0, -STEPLEN):
        if kinds.get(path[:end]) == kind:
            return path[:end]
    return None


@dataclass(frozen=True)
class InUnion:
    """A record not made yet, of one union: what "may I add one here?" is asked about."""

    union_id: int | None


def require_same_union(union_id: int, fields: dict) -> None:
    """The units and union-kept records a change points at are of the record's own union."""
    from django.core.exceptions import ValidationError

    from .models import UnionOwned

    root = union_path(union_id)
    for name, value in fields.items():
        if isinstance(value, OrgUnit) and not value.path.startswith(root):
            raise ValidationError({name: "所选单位不属于本工会"})
        if isinstance(value, UnionOwned) and value.union_id != union_id:
            raise ValidationError({name: f"所选{value._meta.verbose_name}不属于本工会"})


def scope_path(obj) -> str | None:
    """Where in the tree a record sits, for scope questions: a unit's own path, a person's
    unit, or the root of the union that keeps the record."""
    if isinstance(obj, OrgUnit):
        return obj.path
    if hasattr(obj, "unit_path"):
        return obj.unit_path
    if hasattr(obj, "union_id"):
        return union_path(obj.union_id)
    return None


def is_union_office(user, path: str | None) -> bool:
    """Chair or staff over the subtree holding `path` (a record's unit, or its union's root)."""
    if path is None:
        return False
    return getattr(user, "is_superuser", False) or has_role(user, *OFFICE_ROLES, over=path)


def _office_unions(user, roles) -> dict[int, str]:
    if not getattr(user, "is_authenticated", False):
        return {}
    everywhere = getattr(user, "is_superuser", False)
    return {pk: path for pk, path in union_paths().items() if everywhere or has_role(user, *roles, over=path)}


def office_union_ids(user, roles=OFFICE_ROLES) -> list[int]:
    """The unions whose whole tree this user holds one of `roles` over: the office's unions."""
    return list(_office_unions(user, roles))


def office_root_paths(user, roles=OFFICE_ROLES) -> list[str]:
    """The root paths of the unions this user is office of."""
    return list(_office_unions(user, roles).values())


def in_office_unions(user, field: str = "union", roles=OFFICE_ROLES) -> Q:
    """Records of the unions this user is office of (`roles`), as a filter."""
    ids = office_union_ids(user, roles)
    return Q(**{f"{field}__in": ids}) if ids else NOBODY


def has_role_in_union(user, *roles: str, path: str | None) -> bool:
    """Holds one of `roles` anywhere in the union whose tree holds `path` (a representative is
    elected in a department, yet reads the minutes of the whole union's contract)."""
    if path is None:
        return False
    root = union_path_of(path)
    return getattr(user, "is_superuser", False) or any(
        g.role in roles and g.path.startswith(root) for g in grants(user)
    )


def role_union_ids(user, roles) -> list[int]:
    """The unions in which this user holds one of `roles` anywhere."""
    if not getattr(user, "is_authenticated", False):
        return []
    everywhere = getattr(user, "is_superuser", False)
    held = {union_path_of(g.path) for g in grants(user) if g.role in roles}
    return [pk for pk, path in union_paths().items() if everywhere or path in held]


def under_office(user, path_field: str) -> Q:
    """Rows whose tree path (`path_field`) lies in a union this user is office of."""
    from .models import under

    condition = NOBODY
    for root in office_root_paths(user):
        condition |= under(path_field, root)
    return condition


def is_office_somewhere(user) -> bool:
    return bool(office_union_ids(user))


def member_union_ids(user) -> list[int]:
    """The unions a person belongs to: their own unit's, and any they hold a role in."""
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "is_superuser", False):
        return list(union_paths())
    paths = {union_path_of(g.path) for g in grants(user)}
    employee = getattr(user, "employee", None) if user.employee_id else None
    if employee is not None:
        paths.add(union_path_of(employee.unit_path))
    return [pk for pk, path in union_paths().items() if path in paths]


def in_member_unions(user, field: str = "union") -> Q:
    ids = member_union_ids(user)
    return Q(**{f"{field}__in": ids}) if ids else NOBODY


def acting_union_id(user) -> int | None:
    """The union a new record of this office user belongs to: their own if they are office
    there, else the first union they are office of."""
    offices = office_union_ids(user)
    own = own_union_id(user)
    if own in offices or (own is not None and not offices):
        return own
    return offices[0] if offices else None


def outermost(paths) -> list[str]:
    """The paths not inside another of them: one index range per subtree, none twice."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def people_scope_paths(user) -> list[str] | None:
    """Tree paths whose people the user may see; None means every union (a superuser).

    Everyone may also see themselves; that is added by the caller.
    """
    if getattr(user, "is_superuser", False):
        return None
    return outermost(g.path for g in grants(user) if g.role in SUBTREE_PEOPLE_ROLES or g.role in OFFICE_ROLES)


def managed_paths(user) -> list[str] | None:
    """Tree paths whose people and membership the user may change; None is everywhere."""
    if getattr(user, "is_superuser", False):
        return None
    return outermost(g.path for g in grants(user) if g.role == Role.BRANCH_CHAIR or g.role in OFFICE_ROLES)
