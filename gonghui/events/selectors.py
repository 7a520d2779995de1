"""Who was reached: the share of employees who attended at least one event in a period, per
branch or department, and those not reached at all."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gonghui.core.numbers import percent
from gonghui.org.models import Employee, EmploymentStatus, OrgUnit, UnitKind, under
from gonghui.org.scopes import nearest_of_kind

from .models import Registration


def period_bounds(year: int, quarter: int | None = None) -> tuple[datetime, datetime]:
    if quarter:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    else:
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.min)),
    )


def attended_in(start, end, kinds=None):
    """Attended registrations of events that started in [start, end)."""
    qs = Registration.objects.filter(attended=True, event__starts_at__gte=start, event__starts_at__lt=end)
    if kinds:
        qs = qs.filter(event__kind__in=kinds)
    return qs


def _reached(start, end, kinds=None) -> Q:
    """Employees who attended. An uncorrelated IN: the database reads the year's attendance
    once, where a correlated EXISTS would probe it again for every employee. DISTINCT tells
    PostgreSQL the attendees are a few thousand people, not half a million attendances: only
    then does it hold them in a hash, instead of reading them all again for each employee."""
    ids = attended_in(start, end, kinds).filter(user__employee__isnull=False).values("user__employee_id").distinct()
    return Q(pk__in=ids)


def organisable_units(user):
    """The units a user may organise events for: their union's as its office, their branch's
    as its chair."""
    from gonghui.org.models import Role
    from gonghui.org.scopes import grants, office_root_paths
    from gonghui.org.selectors import units_in_office

    if office_root_paths(user):
        return units_in_office(user)
    return OrgUnit.objects.filter(path__in=[g.path for g in grants(user) if g.role == Role.BRANCH_CHAIR])


def coverage_scope(user) -> str | None:
    """Whose coverage a user reads: the union office its whole union, a branch chair their
    branch. None: every union (a superuser)."""
    from gonghui.org.models import Role
    from gonghui.org.scopes import grants, office_root_paths

    if getattr(user, "is_superuser", False):
        return None
    if offices := office_root_paths(user):
        return offices[0]
    return next(g.path for g in grants(user) if g.role == Role.BRANCH_CHAIR)


def coverage(*, start, end, level: str = UnitKind.BRANCH, within: str | None = None, kinds=None) -> list[dict]:
    """Per unit of `level` (branch or department): active employees, how many were reached, the share."""
    employees = Employee.objects.filter(status=EmploymentStatus.ACTIVE)
    if within:
        employees = employees.filter(under("unit_path", within))
    # Counted per unit (a few hundred rows), then summed up to the unit of `level` above each:
    # what a unit is comes from the unit, not from how deep it sits.
    per_unit = (
        employees.values("unit_path")
        .annotate(total=Count("id"), hit=Count("id", filter=_reached(start, end, kinds)))
        .order_by()
    )
    groups: dict[str, list[int]] = {}
    for row in per_unit:
        group = nearest_of_kind(row["unit_path"], level)
        if group is not None:
            sums = groups.setdefault(group, [0, 0])
            sums[0] += row["total"]
            sums[1] += row["hit"]
    names = dict(OrgUnit.objects.filter(path__in=list(groups)).values_list("path", "name"))
    return [
        {
            "path": path,
            "label": names.get(path, "（直属）"),
            "total": total,
            "reached": hit,
            "share": percent(hit, total),
        }
        for path, (total, hit) in sorted(groups.items())
    ]


def overall(*, start, end, within: str | None = None, kinds=None) -> dict:
    employees = Employee.objects.filter(status=EmploymentStatus.ACTIVE)
    if within:
        employees = employees.filter(under("unit_path", within))
    row = employees.aggregate(total=Count("id"), hit=Count("id", filter=_reached(start, end, kinds)))
    hours = attended_in(start, end, kinds)
    if within:
        hours = hours.filter(under("user__employee__unit_path", within))
    return {
        "total": row["total"],
        "reached": row["hit"],
        "share": percent(row["hit"], row["total"]),
        "hours": hours.aggregate(h=Sum("hours"))["h"] or 0,
        "attendances": hours.count(),
    }


def not_reached(*, start, end, within: str | None = None, kinds=None):
    employees = Employee.objects.filter(status=EmploymentStatus.ACTIVE)
    if within:
        employees = employees.filter(under("unit_path", within))
    return employees.exclude(_reached(start, end, kinds)).select_related("unit").order_by("unit_path", "employee_no")


def person_record(user, *, year: int | None = None):
    """A person's attended events and hours, by what they count as."""
    qs = Registration.objects.filter(user=user, attended=True).select_related("event").order_by("-event__starts_at")
    if year:
        qs = qs.filter(event__starts_at__year=year)
    return qs
