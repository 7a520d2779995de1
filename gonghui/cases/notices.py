"""Who hears of a case: the union office of its own union, the units handling it, the requester."""

from __future__ import annotations

from django.urls import reverse

from gonghui.notify.services import notify_units, notify_users
from gonghui.org.models import OrgUnit, Role, RoleAssignment, paths_above

from .models import Case


def case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def union_office_users(union_id: int, *, chair_only: bool = False):
    """The union's chair and staff (its chair alone with `chair_only`): nobody of another union."""
    roles = [Role.CHAIR] if chair_only else [Role.CHAIR, Role.STAFF]
    return [
        a.user
        for a in RoleAssignment.objects.filter(role__in=roles, unit_id=union_id, user__is_active=True).select_related(
            "user"
        )
    ]


def office_of(case: Case) -> list:
    """Who in the union office hears of this case and triages it: the kind's say, else the
    chair and staff of the case's union."""
    spec = case.kind_spec
    return list(spec.office(case)) if spec.office is not None else union_office_users(case.union_id)


def escalation_recipients(kind: str, union_id: int) -> list:
    from .kinds import get_kind

    spec = get_kind(kind)
    return list(spec.escalate_to(union_id)) if spec.escalate_to is not None else union_office_users(union_id)


def unit_handlers(unit: OrgUnit):
    """Department handlers and branch chairs whose scope covers the unit: grants held on the
    unit or on a unit above it, looked up by those units' paths."""
    grants = RoleAssignment.objects.filter(
        role__in=[Role.HANDLER, Role.BRANCH_CHAIR], user__is_active=True, unit__path__in=paths_above(unit.path)
    ).select_related("user")
    return list({g.user_id: g.user for g in grants}.values())


def tell_about(case: Case, what: str, actor) -> None:
    spec = case.kind_spec
    title = f"{spec.label} {case.number} {what}"
    url = case_url(case)
    if case.state == spec.answered_state:
        notify_users([case.requester], title=f"您的{spec.label} {case.number} 已答复，请评价", body=case.title, url=url)
    elif case.state in (spec.waiting_state, spec.rated_state, spec.supervise_state):
        notify_users(
            [u for u in office_of(case) if u.pk != actor.pk],
            title=title,
            body=case.title,
            url=url,
        )
    elif case.closed_at is not None:
        notify_users(
            [case.requester] if case.requester_id != actor.pk else [],
            title=f"您的{spec.label} {case.number} 已办结",
            body=case.title,
            url=url,
        )
    elif case.lead_unit_id:
        units = [cu.unit for cu in case.units.filter(active=True).select_related("unit")]
        notify_users(
            [u for unit in units for u in unit_handlers(unit) if u.pk != actor.pk],
            title=title,
            body=case.title,
            url=url,
        )
        notify_units(units, title=title, body=case.title, url=url)
