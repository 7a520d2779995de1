"""Events over the API: the list a person may see, sign-up, cancellation and QR check-in;
for organisers and approvers, signing others up with the kind's data, deciding sign-ups,
taking a meeting's roll; results for whoever sees the event."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Count, Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, PathId, Text, error
from gonghui.core.forms import data_lines
from gonghui.org.rules import can

from . import services
from .kinds import get_kind
from .models import Event, Registration

router = Router(tags=["活动"])


class EventOut(Schema):
    id: int
    kind: str
    title: str
    organiser: str
    audience: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    taken: int
    hours: Decimal
    my_state: str | None
    attended: bool


class CheckinIn(Schema):
    token: Text(100)


def _out(event, user) -> dict:
    mine = getattr(event, "mine", None)
    if mine is None:  # not prepared by the list
        mine = event.registrations.filter(user=user).first()
    taken = getattr(event, "taken", None)
    if taken is None:
        taken = event.registrations.filter(state=Registration.State.REGISTERED).count()
    return {
        "id": event.pk,
        "kind": event.kind_spec.label,
        "title": event.title,
        "organiser": event.organiser.name,
        "audience": event.audience_label,
        "place": event.place,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
        "taken": taken,
        "hours": event.hours,
        "my_state": mine.get_state_display() if mine else None,
        "attended": bool(mine and mine.attended),
    }


def _get(user, event_id):
    return Event.objects.visible_to(user).filter(pk=event_id).select_related("organiser").first()


@router.get(
    "/events", response={200: page_of(EventOut), 400: Error}, summary="我能参加的、尚未结束的活动（先开始的在前）"
)
def list_events(request, page: Query[PageParams]):
    user = request.auth
    found = cursor_page(
        Event.objects.visible_to(user)
        .filter(ends_at__gte=timezone.now(), cancelled_at__isnull=True)
        .select_related("organiser", "audience_unit", "audience_group")
        .annotate(taken=Count("registrations", filter=Q(registrations__state="registered"), distinct=True)),
        page,
        order=("starts_at", "id"),
    )
    events = found["results"]
    # The caller's own registrations in one query, whatever the number of events.
    mine = {r.event_id: r for r in Registration.objects.filter(user=user, event__in=events)}
    for event in events:
        event.mine = mine.get(event.pk, False)
    return {"results": [_out(e, user) for e in events], "next": found["next"]}


@router.get("/events/{event_id}", response={200: EventOut, 404: Error}, summary="活动详情")
def get_event(request, event_id: PathId):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    return _out(event, request.auth)


def _step(request, event_id: PathId, step):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    step(event)
    return _out(event, request.auth)


@router.post(
    "/events/{event_id}/signup",
    response={200: EventOut, 400: Error, 403: Error, 404: Error},
    summary="报名（满员进候补）",
)
def signup_event(request, event_id: PathId):
    return _step(request, event_id, lambda e: services.signup(user=request.auth, event=e))


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventOut, 400: Error, 404: Error},
    summary="取消报名（空出的名额自动递补）",
)
def cancel_signup(request, event_id: PathId):
    return _step(request, event_id, lambda e: services.cancel(user=request.auth, event=e))


@router.post(
    "/events/{event_id}/checkin", response={200: EventOut, 400: Error, 403: Error, 404: Error}, summary="扫码签到"
)
def checkin_event(request, event_id: PathId, payload: CheckinIn):
    return _step(request, event_id, lambda e: services.checkin(user=request.auth, event=e, token=payload.token))


class RegistrationIn(Schema):
    employee_no: Text(30, required=False) = Field("", description="替他人报名时填其工号；空为本人")
    data: dict[str, str | bool] = Field(default_factory=dict, description="该类活动的报名信息（如紧急联系人）")


class DecisionIn(Schema):
    approve: bool
    note: Text(200, required=False) = Field("", description="意见；不通过时必填")


class MarkIn(Schema):
    employee_no: Text(30)
    mark: Literal["present", "leave", "absent", ""] = Field(description="出席、请假、缺席；空为清除登记")


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(max_length=2000)


class AttendanceOut(Schema):
    recorded: int


class RegistrationOut(Schema):
    id: int
    name: str
    employee_no: str
    unit: str
    state: str
    state_label: str
    attended: bool
    hours: Decimal
    team: str
    nominated: bool
    data: list[str] = Field(description="报名信息（仅组织者可见）")
    score: Decimal | None
    rank: int | None
    award: str


def _registration(r: Registration, *, organiser: bool) -> dict:
    employee = r.user.employee if r.user.employee_id else None
    return {
        "id": r.pk,
        "name": r.user.display_name,
        "employee_no": employee.employee_no if employee and organiser else "",
        "unit": employee.unit.name if employee else "",
        "state": r.state,
        "state_label": r.get_state_display(),
        "attended": r.attended,
        "hours": r.hours,
        "team": r.team.name if r.team_id else "",
        "nominated": r.nominated_by_id is not None,
        "data": [f"{label}：{value}" for label, value in data_lines(get_kind(r.event.kind).form, r.data)]
        if organiser
        else [],
        "score": r.score,
        "rank": r.rank,
        "award": r.award,
    }


def _registrations(event):
    return event.registrations.select_related("user__employee__unit", "team", "event")


@router.post(
    "/events/{event_id}/registrations",
    response={200: RegistrationOut, 400: Error, 403: Error, 404: Error},
    summary="报名（可带该类活动的报名信息；组织者或分会主席可替他人报名）",
)
def register_for_event(request, event_id: PathId, payload: RegistrationIn):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    person = None
    if payload.employee_no:
        if not can(request.auth, "events.nominate", event):
            return error(403, "您不能替他人报名", "forbidden")
        person = services.person_of_union(event, payload.employee_no)
        if person is None:
            return error(400, f"找不到工号为 {payload.employee_no} 的职工（须已开通账号）", "invalid")
    made = services.registration_create(actor=request.auth, event=event, person=person, data=payload.data)
    return _registration(_registrations(event).get(pk=made.pk), organiser=True)


@router.get(
    "/events/{event_id}/registrations",
    response={200: page_of(RegistrationOut), 400: Error, 403: Error, 404: Error},
    summary="报名与签到名单（组织者）",
)
def list_registrations(request, event_id: PathId, page: Query[PageParams]):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    if not services.may_manage(request.auth, event):
        return error(403, "只有组织者可以查看报名名单", "forbidden")
    return cursor_page(_registrations(event), page, order=("id",), row=lambda r: _registration(r, organiser=True))


@router.post(
    "/events/{event_id}/registrations/{registration_id}/decision",
    response={200: RegistrationOut, 400: Error, 403: Error, 404: Error},
    summary="审批报名（本级审批人：通过或不通过并说明理由）",
)
def decide_registration(request, event_id: PathId, registration_id: PathId, payload: DecisionIn):
    event = _get(request.auth, event_id)
    registration = _registrations(event).filter(pk=registration_id).first() if event is not None else None
    if registration is None:
        return error(404, "找不到该报名", "not_found")
    services.registration_approve(
        actor=request.auth, registration=registration, approve=payload.approve, note=payload.note
    )
    return _registration(_registrations(event).get(pk=registration.pk), organiser=True)


@router.post(
    "/events/{event_id}/attendance",
    response={200: AttendanceOut, 400: Error, 403: Error, 404: Error},
    summary="登记出席（组织者：按工号登记出席、请假或缺席）",
)
def take_attendance(request, event_id: PathId, payload: AttendanceIn):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    if not services.may_manage(request.auth, event):
        return error(403, "只有组织者可以登记出席情况", "forbidden")
    numbers = [m.employee_no for m in payload.marks]
    people = dict(
        services.people_of_union(event)
        .filter(employee__employee_no__in=numbers)
        .values_list("employee__employee_no", "pk")
    )
    if unknown := [n for n in numbers if n not in people]:
        return error(400, f"找不到这些工号的职工：{'、'.join(unknown[:10])}", "invalid")
    marks = {people[m.employee_no]: m.mark for m in payload.marks}
    return {"recorded": services.attendance_take(actor=request.auth, event=event, marks=marks)}


RESULTS_SHOWN = 500


@router.get(
    "/events/{event_id}/results",
    response={200: list[RegistrationOut], 404: Error},
    summary=f"成绩与获奖（名次在前，至多 {RESULTS_SHOWN} 条）",
)
def event_results(request, event_id: PathId):
    event = _get(request.auth, event_id)
    if event is None:
        return error(404, "找不到该活动", "not_found")
    entries = services.results(event).select_related("user__employee__unit", "team", "event")[:RESULTS_SHOWN]
    return [_registration(r, organiser=False) for r in entries]
