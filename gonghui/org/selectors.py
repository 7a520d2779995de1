from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q, QuerySet

from gonghui.core.params import parse_id, parse_text

from .models import Employee, EmploymentStatus, OrgUnit, in_display_order, under


def people_filtered(user, params) -> tuple[QuerySet, dict]:
    """The people list as `user` may see it, narrowed by the GET filters shared by the page,
    the Excel export and the API."""
    qs = Employee.objects.visible_to(user)
    applied = {}
    q = parse_text(params.get("q"))
    if q:
        # Prefix matches, as index ranges: a name from its surname, a number or phone from its
        # first digits. A substring match would read every row of a 50,000-person roster.
        if q.isascii():
            qs = qs.filter(starts_with("employee_no", q.upper()) | starts_with("phone", q) | starts_with("name", q))
        else:
            qs = qs.filter(starts_with("name", q))
            applied["by_name"] = True
        applied["q"] = q
    if (unit_id := parse_id(params.get("unit"))) is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).only("path", "name").first()
        if unit is not None:
            qs = qs.filter(under("unit_path", unit.path))
            applied["unit"] = unit
    status = params.get("status", EmploymentStatus.ACTIVE)
    if status in EmploymentStatus.values:
        qs = qs.filter(status=status)
        applied["status"] = status
    member = params.get("member")
    if member in ("1", "0"):
        qs = qs.filter(is_member=member == "1")
        applied["member"] = member
    return qs, applied


def people_order(applied: dict) -> tuple[str, ...]:
    """The list's order, the one an index gives: by name for a name search, else by unit and
    number (a roster grouped by department and team, as the office keeps it)."""
    return ("name", "employee_no") if applied.get("by_name") else ("unit_path", "employee_no")


def starts_with(field: str, prefix: str) -> Q:
    """A prefix match that SQLite answers from an index (its LIKE is case-insensitive and never
    uses one). Ranges follow code points, so PostgreSQL, whose collation may sort by pinyin,
    keeps LIKE, which its btree indexes serve under the C collation."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field}__startswith": prefix})


def unit_tree_with_counts(user) -> list[OrgUnit]:
    """Every unit of the user's unions in tree order with its own active headcount and members;
    subtree totals are summed in Python."""
    units = list(OrgUnit.objects.visible_to(user))
    in_unions = Q(pk__in=[])
    for root in (u for u in units if u.depth == 1):
        in_unions |= under("unit_path", root.path)
    own = {
        row["unit_id"]: row
        for row in Employee.objects.filter(in_unions, status=EmploymentStatus.ACTIVE)
        .values("unit_id")
        .annotate(people=Count("id"), members=Count("id", filter=Q(is_member=True)))
    }
    by_path = {u.path: u for u in units}
    for u in units:
        u.total_people = 0
        u.total_members = 0
    for u in units:
        counts = own.get(u.pk)
        if not counts:
            continue
        for depth in range(1, u.depth + 1):
            ancestor = by_path.get(u.path[: depth * OrgUnit.steplen])
            if ancestor is not None:
                ancestor.total_people += counts["people"]
                ancestor.total_members += counts["members"]
    return in_display_order(units)


def units_in_office(user, *, kind: str | None = None):
    """The units of the unions this user is office of: what their pickers offer."""
    from .scopes import office_root_paths

    if getattr(user, "is_superuser", False):
        return units_within(None, kind=kind)
    return units_within(office_root_paths(user), kind=kind)


def units_in_scope(user, *, kind: str | None = None):
    """The units a user acts for: their unions' whole trees as the union office, else the
    subtrees they handle or chair. A picker offers these and no other."""
    from .models import Role
    from .scopes import grants, office_root_paths

    if getattr(user, "is_superuser", False):
        return units_within(None, kind=kind)
    paths = office_root_paths(user)
    paths += [g.path for g in grants(user) if g.role in (Role.HANDLER, Role.BRANCH_CHAIR)]
    return units_within(paths, kind=kind)


def units_within(paths: list[str] | None, *, kind: str | None = None):
    """Units inside these subtrees (None: the whole union), for a scoped user's filters: a
    branch chair chooses among the branch's units, not the company's."""
    units = OrgUnit.objects.all()
    if kind:
        units = units.filter(kind=kind)
    if paths is None:
        return units
    condition = Q(pk__in=[])
    for path in paths:
        condition |= under("path", path)
    return units.filter(condition)


def unit_choices(paths: list[str] | None = None) -> list[tuple[int, str]]:
    """Branches, departments and teams indented by depth, for filter and form selects; only
    those inside `paths` when given."""
    return [
        (pk, "　" * (depth - 1) + name) for pk, name, depth in units_within(paths).values_list("pk", "name", "depth")
    ]


def ancestors_of(unit: OrgUnit) -> list[OrgUnit]:
    paths = [unit.path[: d * OrgUnit.steplen] for d in range(1, unit.depth + 1)]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("depth"))
