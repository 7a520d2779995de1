"""Events over the API: the list a person may see, sign-up, cancellation and QR check-in."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from ninja import Query, Router, Schema

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, PathId, Text, error

from . import services
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
