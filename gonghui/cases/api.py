"""Any case (appeal, proposal, follow-up …) over the API: read one, take a step, rate the
answer. The schemas and helpers here are what the other areas' case endpoints build on."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, Id, PathId, Text
from gonghui.org.models import OrgUnit

router = Router(tags=["事项"])


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


CasePage = page_of(CaseOut)


class ActIn(Schema):
    transition: Text(30)
    version: Id
    text: Text(5000, required=False) = ""
    lead_unit_id: Id | None = None
    co_unit_ids: list[Id] = Field(default=[], max_length=50)
    due_at: datetime | None = Field(default=None, description="带时区的时间；不带时区按北京时间")
    co_due_at: datetime | None = None
    data: dict[Text(40), Text(2000) | int | float | bool | None] = Field(
        default={}, description="该环节自己的字段（如等级、评分、费用）", max_length=50
    )
    people: list[Text(30)] = Field(default=[], description="该环节指定的人员工号", max_length=20)


class RateIn(Schema):
    rating: Text(12)
    version: Id
    reason: Text(500, required=False) = ""


def case_out(user, case) -> dict:
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


def case_page(user, qs, params: PageParams) -> dict:
    """Newest first, a page at a time."""
    return cursor_page(
        qs.select_related("lead_unit", "requester__employee__unit"),
        params,
        order=("-id",),
        row=lambda case: case_out(user, case),
    )


def visible_case(user, case_id: int):
    from gonghui.cases.models import Case

    return get_object_or_404(
        Case.objects.visible_to(user).select_related("lead_unit", "requester__employee__unit"), pk=case_id
    )


@router.get("/cases/{case_id}", response={200: CaseOut, 404: Error}, summary="事项详情（诉求、提案等）")
def get_case(request, case_id: PathId):
    return case_out(request.auth, visible_case(request.auth, case_id))


@router.post(
    "/cases/{case_id}/act",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="办理：转办、立案交办、受理、答复、退回、改派、办结（actions 列出当前可做的）",
)
def act_on_case(request, case_id: PathId, payload: ActIn):
    from gonghui.cases.selectors import step_people
    from gonghui.cases.services import case_act

    user = request.auth
    case = visible_case(user, case_id)
    units = OrgUnit.objects.in_bulk([payload.lead_unit_id, *payload.co_unit_ids]) if payload.lead_unit_id else {}
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
        data=payload.data,
        people=step_people(user, case, payload.transition, " ".join(payload.people)),
    )
    return case_out(user, visible_case(user, case.pk))


@router.post(
    "/cases/{case_id}/rate",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="提出人评价答复",
)
def rate_case(request, case_id: PathId, payload: RateIn):
    from gonghui.cases.services import case_rate

    user = request.auth
    case = visible_case(user, case_id)
    case = case_rate(actor=user, case=case, rating=payload.rating, reason=payload.reason, version=payload.version)
    return case_out(user, visible_case(user, case.pk))
