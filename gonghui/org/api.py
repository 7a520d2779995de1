"""The roster over the API: units and people, scoped like the pages."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, Id, PathId, Text, error

from .models import Employee, OrgUnit
from .rules import can
from .selectors import people_filtered, people_order

router = Router(tags=["组织"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    depth: int
    parent_id: int | None


class PersonOut(Schema):
    id: int
    employee_no: str
    name: str
    gender: str
    unit_id: int
    unit_name: str
    position: str
    status: str
    is_member: bool
    member_since: date | None
    phone: str
    id_number: str


PeoplePage = page_of(PersonOut)


class PeopleFilter(Schema):
    q: Text(50, required=False) | None = None
    unit: Id | None = None
    status: str | None = "active"
    member: str | None = None


def _person_out(user, e: Employee) -> dict:
    sensitive = can(user, "org.view_sensitive", e)
    return {
        "id": e.pk,
        "employee_no": e.employee_no,
        "name": e.name,
        "gender": e.gender,
        "unit_id": e.unit_id,
        "unit_name": e.unit.name,
        "position": e.position,
        "status": e.status,
        "is_member": e.is_member,
        "member_since": e.member_since,
        "phone": e.phone if sensitive else e.masked_phone,
        # Masked for everyone: the full number is shown only on an audited request in the roster.
        "id_number": e.masked_id_number,
    }


@router.get("/org/units", response=list[UnitOut], summary="组织单位（树序）")
def list_units(request):
    units = list(OrgUnit.objects.visible_to(request.auth))
    by_path = {u.path: u.pk for u in units}
    return [
        {
            "id": u.pk,
            "name": u.name,
            "kind": u.kind,
            "code": u.code,
            "depth": u.depth,
            "parent_id": by_path.get(u.path[: -OrgUnit.steplen]) if u.depth > 1 else None,
        }
        for u in units
    ]


@router.get("/org/people", response={200: PeoplePage, 400: Error, 403: Error}, summary="职工名册（按权限范围）")
def list_people(request, filters: Query[PeopleFilter], page: Query[PageParams]):
    user = request.auth
    if not can(user, "org.browse_people"):
        return error(403, "无权查看职工名册", "forbidden")
    params = {k: v for k, v in filters.dict().items() if v is not None}
    params["status"] = filters.status or "all"
    qs, applied = people_filtered(user, {k: str(v) for k, v in params.items()})
    return cursor_page(qs.select_related("unit"), page, order=people_order(applied), row=lambda e: _person_out(user, e))


@router.get("/org/people/{person_id}", response={200: PersonOut, 404: Error}, summary="职工详情")
def get_person(request, person_id: PathId):
    person = get_object_or_404(Employee.objects.visible_to(request.auth).select_related("unit"), pk=person_id)
    return _person_out(request.auth, person)
