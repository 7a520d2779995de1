"""The disclosure catalogue, disclosures and questions over the API, scoped like the pages."""

from datetime import date, datetime

from ninja import Query, Router, Schema
from ninja.responses import Status

from gonghui.cases.api import CaseOut, case_out, visible_case
from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, PathId, Text, error

from . import services
from .models import Disclosure, Item
from .services import managed_paths, within_units

router = Router(tags=["厂务公开"])


class CatalogueItemOut(Schema):
    id: int
    title: str
    category: str
    level: str
    frequency: str
    unit: str
    audience: str


class DisclosureOut(Schema):
    id: int
    title: str
    category: str
    unit: str
    period: str
    state: str
    due_on: date
    published_at: datetime | None
    publish_until: date | None
    body: str
    table: list[list[str]]


class QuestionIn(Schema):
    title: Text(100)
    body: Text(2000)
    anonymous: bool = False


def _item(i) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "category": i.category.name,
        "level": i.get_level_display(),
        "frequency": i.get_frequency_display(),
        "unit": i.unit.name,
        "audience": i.audience.name,
    }


def _disclosure(d) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "category": d.item.category.name,
        "unit": d.unit.name,
        "period": d.period,
        "state": d.get_state_display(),
        "due_on": d.due_on,
        "published_at": d.published_at,
        "publish_until": d.publish_until,
        "body": d.body,
        "table": d.table,
    }


@router.get(
    "/disclosure/catalogue",
    response={200: page_of(CatalogueItemOut), 400: Error, 403: Error},
    summary="公开目录（工会和各单位负责人）",
)
def list_catalogue(request, page: Query[PageParams]):
    paths = managed_paths(request.auth)
    if paths == []:
        return error(403, "无权查看公开目录", "forbidden")
    items = within_units(Item.objects.select_related("category", "unit", "audience"), paths)
    return cursor_page(items, page, order=("id",), row=_item)


@router.get("/disclosures", response={200: page_of(DisclosureOut), 400: Error}, summary="向我公开的内容（公示期内）")
def list_disclosures(request, page: Query[PageParams]):
    qs = Disclosure.objects.seen_by(request.auth).select_related("item__category", "unit")
    # Published ones only: published_at is never null here.
    return cursor_page(qs, page, order=("-published_at", "-id"), row=_disclosure)


def _get(user, disclosure_id):
    d = Disclosure.objects.select_related("item__category", "unit").filter(pk=disclosure_id).first()
    if d is None:
        return None
    if services.manages_unit(user, d.unit) or Disclosure.objects.seen_by(user).filter(pk=d.pk).exists():
        return d
    return None


@router.get("/disclosures/{disclosure_id}", response={200: DisclosureOut, 404: Error}, summary="公开内容（记为已读）")
def get_disclosure(request, disclosure_id: PathId):
    d = _get(request.auth, disclosure_id)
    if d is None:
        return error(404, "找不到该公开内容", "not_found")
    services.mark_read(request.auth, d)
    return _disclosure(d)


@router.post(
    "/disclosures/{disclosure_id}/questions",
    response={201: CaseOut, 400: Error, 403: Error, 404: Error},
    summary="对公开内容提出询问（可匿名）",
)
def ask_question(request, disclosure_id: PathId, payload: QuestionIn):
    d = _get(request.auth, disclosure_id)
    if d is None:
        return error(404, "找不到该公开内容", "not_found")
    case = services.question_ask(actor=request.auth, disclosure=d, **payload.dict())
    return Status(201, case_out(request.auth, visible_case(request.auth, case.pk)))
