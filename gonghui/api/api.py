"""The JSON API at /api/v1/: the same selectors and permission rules as the pages."""

from datetime import date, datetime
from typing import Annotated

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer
from ninja.responses import Status
from ninja.security import HttpBearer, django_auth
from pydantic import Field, StringConstraints

from gonghui.accounts.models import ApiToken
from gonghui.audit.context import act_as
from gonghui.org.models import Employee, OrgUnit
from gonghui.org.rules import can
from gonghui.org.selectors import people_filtered, people_order
from gonghui.params import MAX_ID

# Ids the databases can hold: a larger number is refused with a 422, never sent to SQLite.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=1_000_000)]


def Text(max_length: int, *, required: bool = True):  # noqa: N802  a type, read like one
    """A string with the limits of the page's form field: trimmed, at most `max_length`, and
    without NUL characters (a form refuses them too; PostgreSQL would answer with an error)."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1 if required else 0, max_length=max_length, pattern=r"^[^\x00]*$"
        ),
    ]


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
        # The audit middleware ran before the token was read: name the token's owner now.
        act_as(found.user)
        return found.user


class Error(Schema):
    detail: str
    code: str = Field(description="稳定的英文错误码，如 not_found、invalid、conflict")


# Every operation may answer these, whatever it declares for itself.
COMMON_ERRORS = {401: "未登录或令牌无效", 422: "参数不符合要求"}


class GonghuiOpenAPISchema(OpenAPISchema):
    def responses(self, operation):
        result = super().responses(operation)
        error = self._create_schema_from_model(Error, by_alias=operation.by_alias, mode="serialization")[0]
        extra = dict(COMMON_ERRORS)
        if "{" in operation.path:
            extra[404] = "找不到该对象，或无权查看"
        for status, description in extra.items():
            result.setdefault(
                status, {"description": description, "content": {self.api.renderer.media_type: {"schema": error}}}
            )
        return result


class GonghuiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return GonghuiOpenAPISchema(api=self, path_prefix=path_prefix)


# Bearer tokens are tried first: a session-authenticated POST must pass the CSRF check,
# a token-authenticated one must not be made to.
api = GonghuiAPI(
    title="工会工作平台 API",
    version="1",
    description="组织、人员等数据接口。认证：`Authorization: Bearer <令牌>`，或已登录浏览器的会话。"
    "错误一律为 `{detail: 中文说明, code: 英文错误码}`。",
    auth=[TokenAuth(), django_auth],
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
)


def error(status: int, detail: str, code: str) -> Status:
    return Status(status, {"detail": detail, "code": code})


_LOCATIONS = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}


def _problem(item: dict) -> str:
    where = _LOCATIONS.get(item["loc"][0], item["loc"][0]) if item["loc"] else ""
    field = ".".join(str(part) for part in item["loc"][1:])
    ctx = item.get("ctx") or {}
    kind = item.get("type", "")
    if kind == "missing":
        what = "必填"
    elif kind in ("string_too_short",) and ctx.get("min_length") == 1:
        what = "不能为空"
    elif kind == "string_too_long":
        what = f"不能超过 {ctx.get('max_length')} 个字"
    elif kind.startswith("greater_than") or kind.startswith("less_than"):
        what = "数值超出范围"
    elif kind.startswith("int") or kind.startswith("float"):
        what = "应为整数"
    elif kind.startswith("bool"):
        what = "应为 true 或 false"
    elif kind.startswith("datetime") or kind.startswith("date"):
        what = "应为日期时间，如 2026-03-01T09:00:00+08:00"
    elif kind.startswith("string"):
        what = "应为文本"
    elif kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        what = "格式不对"
    else:
        what = "不符合要求"
    return f"{where} {field}：{what}".strip() if field else f"{where}：{what}"


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    problems = list(dict.fromkeys(_problem(item) for item in exc.errors))
    return api.create_response(
        request, {"detail": "；".join(problems) or "参数不符合要求", "code": "invalid"}, status=422
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "找不到该对象，或无权查看", "code": "not_found"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return api.create_response(
        request,
        {"detail": "未登录或令牌无效：请在 Authorization 头中提供 Bearer 令牌", "code": "unauthorized"},
        status=401,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc), "code": "error"}, status=exc.status_code)


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
    q: Text(50, required=False) | None = None
    unit: Id | None = None
    status: str | None = "active"
    member: str | None = None
    page: PageNumber = 1


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
        # Masked for everyone: the full number is shown only on an audited request in the roster.
        "id_number": e.masked_id_number,
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
        return error(403, "无权查看职工名册", "forbidden")
    params = {k: v for k, v in filters.dict().items() if v is not None}
    params["status"] = filters.status or "all"
    qs, applied = people_filtered(user, {k: str(v) for k, v in params.items()})
    page = Paginator(qs.select_related("unit").order_by(*people_order(applied)), 50).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_person_out(user, e) for e in page.object_list],
    }


@api.get("/org/people/{person_id}", response={200: PersonOut, 404: Error}, tags=["组织"], summary="职工详情")
def get_person(request, person_id: PathId):
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
    category: str = Field(description="类别代码，见 /appeals 的 category")
    title: Text(100)
    body: Text(5000)
    anonymous: bool = False


class ActIn(Schema):
    transition: Text(30)
    version: Id
    text: Text(5000, required=False) = ""
    lead_unit_id: Id | None = None
    co_unit_ids: list[Id] = Field(default=[], max_length=50)
    due_at: datetime | None = Field(default=None, description="带时区的时间；不带时区按北京时间")
    co_due_at: datetime | None = None


class RateIn(Schema):
    rating: Text(12)
    version: Id
    reason: Text(500, required=False) = ""


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
    page = Paginator(qs.select_related("lead_unit", "requester__employee__unit").order_by("-id"), 50).get_page(
        page_number
    )
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
        return error(409, exc.message, "conflict")
    if isinstance(exc, ValidationError):
        return error(400, "；".join(exc.messages), "invalid")
    return error(403, str(exc) or "无权执行此操作", "forbidden")


@api.post("/appeals", response={201: CaseOut, 400: Error}, tags=["诉求"], summary="提出诉求或法律咨询")
def create_appeal(request, payload: AppealIn):
    from django.core.exceptions import ValidationError

    from gonghui.cases.services import case_open

    try:
        case = case_open(kind="appeal", requester=request.auth, **payload.dict())
    except ValidationError as exc:
        return error(400, "；".join(exc.messages), "invalid")
    return Status(201, _case_out(request.auth, _visible_case(request.auth, case.pk)))


@api.get("/appeals/mine", response=CasePage, tags=["诉求"], summary="我提出的诉求")
def my_appeals(request, page: PageNumber = 1):
    from gonghui.cases.models import Case

    return _case_page(request.auth, Case.objects.filter(kind="appeal", requester=request.auth), page)


@api.get("/appeals", response={200: CasePage, 403: Error}, tags=["诉求"], summary="诉求办理列表（按权限范围）")
def list_appeals(
    request,
    state: Text(20, required=False) | None = None,
    category: Text(30, required=False) | None = None,
    page: PageNumber = 1,
):
    from gonghui.appeals.views import may_handle_appeals
    from gonghui.cases.models import Case

    user = request.auth
    if not may_handle_appeals(user):
        return error(403, "无权查看诉求办理列表", "forbidden")
    qs = Case.objects.visible_to(user, kind="appeal").exclude(requester=user, anonymous=True)
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    return _case_page(user, qs, page)


@api.get("/cases/{case_id}", response={200: CaseOut, 404: Error}, tags=["事项"], summary="事项详情（诉求、提案等）")
def get_case(request, case_id: PathId):
    return _case_out(request.auth, _visible_case(request.auth, case_id))


@api.post(
    "/cases/{case_id}/act",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    tags=["事项"],
    summary="办理：转办、立案交办、受理、答复、退回、改派、办结（actions 列出当前可做的）",
)
def act_on_case(request, case_id: PathId, payload: ActIn):
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
def rate_case(request, case_id: PathId, payload: RateIn):
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
