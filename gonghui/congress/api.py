"""Proposals over the API. Review, assignment, answers and ratings are case steps:
POST /cases/{id}/act and /cases/{id}/rate, with the same rules as the pages."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from gonghui.cases.api import CaseOut, CasePage, case_out, case_page, visible_case
from gonghui.cases.models import Case
from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, Id, PathId, Text, error
from gonghui.org.models import OrgUnit
from gonghui.org.scopes import acting_union_id

from . import services
from .models import Congress, Representative
from .selectors import public_proposals, representatives_of

router = Router(tags=["职代会提案"])


class ProposalIn(Schema):
    title: Text(100)
    category: Text(30)
    reasons: Text(5000)
    measures: Text(5000)
    cosigner_ids: list[Id] = Field(default=[], max_length=100)
    suggested_unit_id: Id | None = None
    confidential: bool = False


class CosignIn(Schema):
    agree: bool


class RepresentativeOut(Schema):
    id: int
    name: str
    unit: str
    delegation: str


@router.get(
    "/representatives",
    response={200: page_of(RepresentativeOut), 400: Error},
    summary="本届在任职工代表（附议人从中选）",
)
def list_representatives(request, page: Query[PageParams]):
    user = request.auth
    congress = Congress.objects.current(acting_union_id(user))
    if congress is None:
        return {"results": [], "next": None}
    return cursor_page(
        representatives_of(congress).select_related("delegation__unit"),
        page,
        order=("delegation__unit__path", "id"),
        row=lambda r: {
            "id": r.pk,
            "name": r.user.display_name,
            "unit": r.user.employee.unit.name if r.user.employee else "",
            "delegation": r.delegation.name,
        },
    )


@router.post("/proposals", response={201: CaseOut, 400: Error, 403: Error}, summary="提交提案（征集期内，在任代表）")
def submit_proposal(request, payload: ProposalIn):
    user = request.auth
    congress = Congress.objects.current(acting_union_id(user))
    session = next((s for s in congress.sessions.all() if s.collecting()), None) if congress else None
    if session is None:
        return error(400, "现在不在提案征集期内", "invalid")
    cosigners = [r.user for r in Representative.objects.filter(pk__in=payload.cosigner_ids).select_related("user")]
    unit = OrgUnit.objects.filter(pk=payload.suggested_unit_id).first() if payload.suggested_unit_id else None
    case = services.proposal_submit(
        actor=user,
        session=session,
        title=payload.title,
        category=payload.category,
        reasons=payload.reasons,
        measures=payload.measures,
        cosigners=cosigners,
        suggested_unit=unit,
        confidential=payload.confidential,
    )
    return Status(201, case_out(user, visible_case(user, case.pk)))


@router.post(
    "/proposals/{case_id}/cosign",
    response={200: CaseOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="附议人确认附议或不附议",
)
def cosign_proposal(request, case_id: PathId, payload: CosignIn):
    user = request.auth
    case = get_object_or_404(Case.objects.visible_to(user, kind="proposal"), pk=case_id)
    services.proposal_cosign(actor=user, case=case, agree=payload.agree)
    return case_out(user, visible_case(user, case.pk))


@router.get(
    "/proposals",
    response={200: CasePage, 400: Error},
    summary="提案列表：mine 我的、handling 我能办理的、public 公开栏",
)
def list_proposals(request, page: Query[PageParams], scope: Text(10) = "public"):
    user = request.auth
    if scope == "mine":
        qs = Case.objects.filter(kind="proposal", requester=user)
    elif scope == "handling":
        qs = Case.objects.visible_to(user, kind="proposal").exclude(requester=user)
    elif scope == "public":
        qs = public_proposals(user)
    else:
        return error(400, "scope 只能是 mine、handling 或 public", "invalid")
    return case_page(user, qs, page)
