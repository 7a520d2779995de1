"""Appeals over the API: raise one, list one's own, the handlers' list."""

from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from gonghui.cases.api import CaseOut, CasePage, case_out, case_page, visible_case
from gonghui.core.api.paging import PageParams
from gonghui.core.api.schemas import Error, Text, error

router = Router(tags=["诉求"])


class AppealIn(Schema):
    category: str = Field(description="类别代码，见 /appeals 的 category")
    title: Text(100)
    body: Text(5000)
    anonymous: bool = False


@router.post("/appeals", response={201: CaseOut, 400: Error}, summary="提出诉求或法律咨询")
def create_appeal(request, payload: AppealIn):
    from gonghui.cases.services import case_open

    case = case_open(kind="appeal", requester=request.auth, **payload.dict())
    return Status(201, case_out(request.auth, visible_case(request.auth, case.pk)))


@router.get("/appeals/mine", response={200: CasePage, 400: Error}, summary="我提出的诉求")
def my_appeals(request, page: Query[PageParams]):
    from gonghui.cases.models import Case

    return case_page(request.auth, Case.objects.filter(kind="appeal", requester=request.auth), page)


@router.get("/appeals", response={200: CasePage, 400: Error, 403: Error}, summary="诉求办理列表（按权限范围）")
def list_appeals(
    request,
    page: Query[PageParams],
    state: Text(20, required=False) | None = None,
    category: Text(30, required=False) | None = None,
):
    from gonghui.cases.models import Case
    from gonghui.org.rules import can

    user = request.auth
    if not can(user, "appeals.handle"):
        return error(403, "无权查看诉求办理列表", "forbidden")
    qs = Case.objects.visible_to(user, kind="appeal").exclude(requester=user, anonymous=True)
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    return case_page(user, qs, page)
