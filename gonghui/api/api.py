"""The JSON API at /api/v1/: the same selectors and permission rules as the pages."""

from datetime import date, datetime

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


# ---- Cases and appeals -------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    body: str
    category: str
    category_label: str
    state: str
    state_label: str
    requester: str
    anonymous: bool
    lead_unit: str | None
    due_at: datetime | None
    answer: str
    rating: str
    version: int
    created_at: datetime
    actions: list[str]


class CasePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CaseOut]


class AppealIn(Schema):
    category: str
    title: str
    body: str
    anonymous: bool = False


class ActIn(Schema):
    transition: str
    version: int
    text: str = ""
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = []
    due_at: datetime | None = None
    co_due_at: datetime | None = None


class RateIn(Schema):
    rating: str
    version: int
    reason: str = ""


def _case_out(user, case) -> dict:
    from gonghui.cases.selectors import requester_label

    return {
        "id": case.pk,
        "number": case.number,
        "kind": case.kind,
        "title": case.title,
        "body": case.body,
        "category": case.category,
        "category_label": case.category_label,
        "state": case.state,
        "state_label": case.state_label,
        "requester": requester_label(case, user),
        "anonymous": case.anonymous,
        "lead_unit": case.lead_unit.name if case.lead_unit_id else None,
        "due_at": case.due_at,
        "answer": case.answer,
        "rating": case.rating,
        "version": case.version,
        "created_at": case.created_at,
        "actions": [t.name for t in case.kind_spec.available(user, case)],
    }


def _case_page(user, qs, page_number: int) -> dict:
    page = Paginator(
        qs.select_related("lead_unit", "requester__employee__unit").order_by("-created_at", "-id"), 50
    ).get_page(page_number)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_case_out(user, c) for c in page.object_list],
    }


def _visible_case(user, case_id: int):
    from gonghui.cases.models import Case

    return get_object_or_404(
        Case.objects.visible_to(user).select_related("lead_unit", "requester__employee__unit"), pk=case_id
    )


def _refused(exc) -> Status:
    from django.core.exceptions import ValidationError

    from gonghui.cases.services import Conflict

    if isinstance(exc, Conflict):
        return Status(409, {"detail": exc.message})
    if isinstance(exc, ValidationError):
        return Status(400, {"detail": "；".join(exc.messages)})
    return Status(403, {"detail": str(exc) or "无权执行此操作"})


@api.post("/appeals", response={201: CaseOut, 400: Error}, tags=["诉求"], summary="提出诉求或法律咨询")
def create_appeal(request, payload: AppealIn):
    from django.core.exceptions import ValidationError

    from gonghui.cases.services import case_open

    try:
        case = case_open(kind="appeal", requester=request.auth, **payload.dict())
    except ValidationError as exc:
        return Status(400, {"detail": "；".join(exc.messages)})
    return Status(201, _case_out(request.auth, _visible_case(request.auth, case.pk)))


@api.get("/appeals/mine", response=CasePage, tags=["诉求"], summary="我提出的诉求")
def my_appeals(request, page: int = 1):
    from gonghui.cases.models import Case

    return _case_page(request.auth, Case.objects.filter(kind="appeal", requester=request.auth), page)


@api.get("/appeals", response={200: CasePage, 403: Error}, tags=["诉求"], summary="诉求办理列表（按权限范围）")
def list_appeals(request, state: str | None = None, category: str | None = None, page: int = 1):
    from gonghui.appeals.views import may_handle_appeals
    from gonghui.cases.models import Case

    user = request.auth
    if not may_handle_appeals(user):
        return Status(403, {"detail": "无权查看诉求办理列表"})
    qs = Case.objects.visible_to(user).filter(kind="appeal").exclude(requester=user, anonymous=True)
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    return _case_page(user, qs, page)


@api.get("/cases/{case_id}", response={200: CaseOut, 404: Error}, tags=["事项"], summary="事项详情（诉求、提案等）")
def get_case(request, case_id: int):
    return _case_out(request.auth, _visible_case(request.auth, case_id))


@api.post(
    "/cases/{case_id}/act",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    tags=["事项"],
    summary="办理：转办、立案交办、受理、答复、退回、改派、办结（actions 列出当前可做的）",
)
def act_on_case(request, case_id: int, payload: ActIn):
    from django.core.exceptions import PermissionDenied, ValidationError

    from gonghui.cases.services import Conflict, case_act

    user = request.auth
    case = _visible_case(user, case_id)
    units = OrgUnit.objects.in_bulk([payload.lead_unit_id, *payload.co_unit_ids]) if payload.lead_unit_id else {}
    try:
        case = case_act(
            actor=user,
            case=case,
            transition=payload.transition,
            version=payload.version,
            text=payload.text,
            lead_unit=units.get(payload.lead_unit_id),
            co_units=[units[i] for i in payload.co_unit_ids if i in units],
            due_at=payload.due_at,
            co_due_at=payload.co_due_at,
        )
    except (Conflict, ValidationError, PermissionDenied) as exc:
        return _refused(exc)
    return _case_out(user, _visible_case(user, case.pk))


@api.post(
    "/cases/{case_id}/rate",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    tags=["事项"],
    summary="提出人评价答复",
)
def rate_case(request, case_id: int, payload: RateIn):
    from django.core.exceptions import PermissionDenied, ValidationError

    from gonghui.cases.services import Conflict, case_rate

    user = request.auth
    case = _visible_case(user, case_id)
    try:
        case = case_rate(actor=user, case=case, rating=payload.rating, reason=payload.reason, version=payload.version)
    except (Conflict, ValidationError, PermissionDenied) as exc:
        return _refused(exc)
    return _case_out(user, _visible_case(user, case.pk))


# Each area's endpoints live beside its code; their URL names stay in the "api" namespace.
api.add_router("", "gonghui.ballots.api.router")
api.add_router("", "gonghui.congress.api.router")
api.add_router("", "gonghui.supervision.api.router")
api.add_router("", "gonghui.disclosure.api.router")
api.add_router("", "gonghui.events.api.router")
