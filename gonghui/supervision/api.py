"""Contracts, joint meetings and patrols over the API, scoped like the pages."""

from datetime import date

from ninja import Query, Router, Schema

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, error
from gonghui.org.rules import can

from .models import Contract, JointMeeting, Patrol

router = Router(tags=["民主监督"])


class ContractOut(Schema):
    id: int
    title: str
    kind: str
    version: int
    state: str
    effective_from: date | None
    expires_on: date | None
    text: str


class MeetingOut(Schema):
    id: int
    title: str
    held_on: date
    minutes: str
    decisions: list[str]


class PatrolOut(Schema):
    id: int
    topic: str
    held_on: date
    places: str
    findings: list[str]


@router.get(
    "/supervision/contracts", response={200: page_of(ContractOut), 400: Error}, summary="集体合同（职工可见已备案的）"
)
def list_contracts(request, page: Query[PageParams]):
    return cursor_page(Contract.objects.visible_to(request.auth), page, order=("-created_at", "-id"))


@router.get(
    "/supervision/meetings", response={200: page_of(MeetingOut), 400: Error, 403: Error}, summary="联席会议及决定事项"
)
def list_meetings(request, page: Query[PageParams]):
    if not can(request.auth, "supervision.view_minutes"):
        return error(403, "无权查看联席会议", "forbidden")
    return cursor_page(
        JointMeeting.objects.visible_to(request.auth).prefetch_related("findings__case"),
        page,
        order=("-held_on", "-id"),
        row=lambda m: {
            **{f: getattr(m, f) for f in ("id", "title", "held_on", "minutes")},
            "decisions": [f"{x.case.number} {x.case.title}（{x.case.state_label}）" for x in m.findings.all()],
        },
    )


@router.get(
    "/supervision/patrols", response={200: page_of(PatrolOut), 400: Error, 403: Error}, summary="代表巡察及发现的问题"
)
def list_patrols(request, page: Query[PageParams]):
    if not can(request.auth, "supervision.view_minutes"):
        return error(403, "无权查看代表巡察", "forbidden")
    return cursor_page(
        Patrol.objects.visible_to(request.auth).prefetch_related("findings__case"),
        page,
        order=("-held_on", "-id"),
        row=lambda p: {
            **{f: getattr(p, f) for f in ("id", "topic", "held_on", "places")},
            "findings": [f"{x.case.number} {x.case.title}（{x.case.state_label}）" for x in p.findings.all()],
        },
    )
