"""The JSON API at /api/v1/: the same selectors and permission rules as the pages."""

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.renderers import JSONRenderer
from ninja.responses import Status
from ninja.security import HttpBearer, django_auth

from gonghui.accounts.models import ApiToken
from gonghui.org.models import Employee, OrgUnit
from gonghui.org.rules import can
from gonghui.org.selectors import people_filtered


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.find_active(token)
        if found is None:
            return None
        if found.last_used_at is None or (timezone.now() - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


# Bearer tokens are tried first: a session-authenticated POST must pass the CSRF check,
# a token-authenticated one must not be made to.
api = NinjaAPI(
    title="工会工作平台 API",
    version="1",
    description="组织、人员等数据接口。认证：`Authorization: Bearer <令牌>`，或已登录浏览器的会话。",
    auth=[TokenAuth(), django_auth],
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
)


class Error(Schema):
    detail: str


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


class PeoplePage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


class PeopleFilter(Schema):
    q: str | None = None
    unit: int | None = None
    status: str | None = "active"
    member: str | None = None
    page: int = 1


class MeOut(Schema):
    username: str
    name: str
    employee_id: int | None
    roles: list[str]


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
        "id_number": e.id_number if sensitive else e.masked_id_number,
    }


@api.get("/me", response=MeOut, tags=["账号"], summary="当前用户")
def me(request):
    from gonghui.org.scopes import grants

    user = request.auth
    return {
        "username": user.username,
        "name": user.display_name,
        "employee_id": user.employee_id,
        "roles": sorted({g.role for g in grants(user)}),
    }


@api.get("/org/units", response=list[UnitOut], tags=["组织"], summary="组织单位（树序）")
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


@api.get("/org/people", response={200: PeoplePage, 403: Error}, tags=["组织"], summary="职工名册（按权限范围）")
def list_people(request, filters: Query[PeopleFilter]):
    user = request.auth
    if not can(user, "org.browse_people"):
        return Status(403, {"detail": "无权查看职工名册"})
    params = {k: v for k, v in filters.dict().items() if v is not None}
    params["status"] = filters.status or "all"
    qs, _ = people_filtered(user, {k: str(v) for k, v in params.items()})
    page = Paginator(qs.select_related("unit").order_by("employee_no"), 50).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_person_out(user, e) for e in page.object_list],
    }


@api.get("/org/people/{person_id}", response={200: PersonOut, 404: Error}, tags=["组织"], summary="职工详情")
def get_person(request, person_id: int):
    person = get_object_or_404(Employee.objects.visible_to(request.auth).select_related("unit"), pk=person_id)
    return _person_out(request.auth, person)
