"""Contracts, joint meetings and patrols over the API, scoped like the pages."""

from datetime import date

from ninja import Router, Schema

from gonghui.api.schemas import Error, error

from .models import JointMeeting, Patrol
from .views import sees_minutes, visible_contracts

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


@router.get("/supervision/contracts", response=list[ContractOut], summary="集体合同（职工可见已备案的）")
def list_contracts(request):
    return list(visible_contracts(request.auth).order_by("-created_at")[:100])


@router.get("/supervision/meetings", response={200: list[MeetingOut], 403: Error}, summary="联席会议及决定事项")
def list_meetings(request):
    if not sees_minutes(request.auth):
        return error(403, "无权查看联席会议", "forbidden")
    meetings = JointMeeting.objects.prefetch_related("findings__case")[:100]
    return [
        {
            **{f: getattr(m, f) for f in ("id", "title", "held_on", "minutes")},
            "decisions": [f"{x.case.number} {x.case.title}（{x.case.state_label}）" for x in m.findings.all()],
        }
        for m in meetings
    ]


@router.get("/supervision/patrols", response={200: list[PatrolOut], 403: Error}, summary="代表巡察及发现的问题")
def list_patrols(request):
    if not sees_minutes(request.auth):
        return error(403, "无权查看代表巡察", "forbidden")
    patrols = Patrol.objects.prefetch_related("findings__case")[:100]
    return [
        {
            **{f: getattr(p, f) for f in ("id", "topic", "held_on", "places")},
            "findings": [f"{x.case.number} {x.case.title}（{x.case.state_label}）" for x in p.findings.all()],
        }
        for p in patrols
    ]
