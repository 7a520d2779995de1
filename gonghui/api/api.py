"""The JSON API at /api/v1/: the same selectors and permission rules as the pages."""

import ninja.security
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from gonghui.accounts.models import ApiToken
from gonghui.audit.context import act_as
from gonghui.cases.services import Conflict
from gonghui.core.api.schemas import Error, error_body


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class PasswordChangeRequired(Exception):
    """A one-time password still in use: it opens the page that changes it, nothing else."""


def _usable(user):
    if user.must_change_password:
        raise PasswordChangeRequired
    return user


class SessionAuth(ninja.security.SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return _usable(user) if user is not None else None


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.find_active(token)
        if found is None:
            return None
        _usable(found.user)
        if found.last_used_at is None or (timezone.now() - found.last_used_at).total_seconds() > 300:
            # Telemetry, not a change anyone made: no audit row for every five minutes of use.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        # The audit middleware ran before the token was read: name the token's owner now.
        act_as(found.user)
        return found.user


# Every operation may answer these, whatever it declares for itself.
COMMON_ERRORS = {401: "未登录或令牌无效", 403: "无权执行，或须先修改初始密码", 422: "参数不符合要求"}


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


# An operation's id reads area_thing_action: "list_units" in org is org_units_list.
VERBS = {"list", "get", "create", "submit", "checkin", "act", "rate", "cosign", "vote", "cancel", "signup", "ask"}


class GonghuiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        area = operation.view_func.__module__.split(".")[1]
        verb, _, thing = operation.view_func.__name__.partition("_")
        thing = thing.removeprefix("on_")
        return f"{area}_{thing}_{verb}" if verb in VERBS and thing else f"{area}_{operation.view_func.__name__}"

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
    "错误一律为 `{code: 英文错误码, message: 中文说明}`（另有与 message 相同的 detail）。",
    auth=[TokenAuth(), SessionAuth()],
    # The endpoints and their schemas are for people who may use them: the docs need a login.
    docs_decorator=login_required,
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
)


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


def _error(request, status: int, code: str, message: str):
    return api.create_response(request, error_body(code, message), status=status)


@api.exception_handler(NinjaValidationError)
def _unreadable(request, exc):
    problems = list(dict.fromkeys(_problem(item) for item in exc.errors))
    return _error(request, 422, "invalid", "；".join(problems) or "参数不符合要求")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 400, "invalid", "；".join(exc.messages) or "输入不符合要求")


@api.exception_handler(PasswordChangeRequired)
def _password_change_required(request, exc):
    return _error(request, 403, "password_change_required", "请先登录网页修改初始密码，再使用接口")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or "无权执行此操作")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "找不到该对象，或无权查看")


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return _error(request, 409, "conflict", exc.message)


@api.exception_handler(IntegrityError)
def _duplicate(request, exc):
    # Two requests raced past the same check (the same sign-up twice, say): the loser is told,
    # not given a 500.
    return _error(request, 409, "conflict", "这项操作与刚刚的另一次操作冲突（可能已重复提交），请刷新后查看结果")


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(request, 401, "unauthorized", "未登录或令牌无效：请在 Authorization 头中提供 Bearer 令牌")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, "error", str(exc))


# Each area's endpoints live beside its code; their URL names stay in the "api" namespace.
for area in (
    "accounts",
    "org",
    "cases",
    "appeals",
    "ballots",
    "congress",
    "supervision",
    "disclosure",
    "events",
    "search",
):
    api.add_router("", f"gonghui.{area}.api.router")
