"""Organising, signing up, waiting, cancelling and checking in: one atomic function each, used by
pages, the API and every domain that declares an event kind."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.core.cache import changed
from gonghui.core.uploads import clean_upload, is_image_name
from gonghui.notify.services import notify_users
from gonghui.org.rules import can
from gonghui.org.scopes import union_id_of

from .kinds import get_kind
from .models import Audience, Event, Registration


def may_manage(user, event: Event) -> bool:
    return can(user, "events.manage", event)


def in_audience(user, event: Event) -> bool:
    return Event.objects.for_audience_of(user).filter(pk=event.pk).exists()


def _url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


@transaction.atomic
def event_create(*, actor, kind: str, title: str, organiser, starts_at, ends_at, group=None, **fields) -> Event:
    spec = get_kind(kind)
    leads_group = group is not None and group.memberships.filter(user=actor, is_leader=True).exists()
    if not (spec.may_organise(actor, organiser) or leads_group):
        raise PermissionDenied(f"您不能以{organiser.name}的名义组织{spec.label}")
    if ends_at <= starts_at:
        raise ValidationError("结束时间须晚于开始时间")
    union_id = union_id_of(organiser.path)
    if fields.get("audience_unit") is not None and union_id_of(fields["audience_unit"].path) != union_id:
        raise ValidationError({"audience_unit": "参加范围的单位不属于本工会"})
    for association in (group, fields.get("audience_group")):
        if association is not None and association.union_id != union_id:
            raise ValidationError("所选协会不属于本工会")
    audience = fields.get("audience", Audience.ALL)
    if audience == Audience.UNIT and not fields.get("audience_unit"):
        raise ValidationError("请选择参加范围的单位")
    if audience == Audience.GROUP and not fields.get("audience_group"):
        raise ValidationError("请选择参加的协会")
    if audience == Audience.ROLE and not fields.get("audience_role"):
        raise ValidationError("请选择参加的角色")
    closes = fields.get("signup_closes")
    if closes and closes > starts_at:
        raise ValidationError("报名截止须不晚于活动开始")
    if fields.get("category") and fields["category"] not in spec.categories:
        raise ValidationError("请选择类别")
    _changed()
    return Event.objects.create(
        union_id=union_id,
        kind=kind,
        title=title.strip(),
        organiser=organiser,
        organised_by_group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
        **fields,
    )


@transaction.atomic
def event_cancel(*, actor, event: Event) -> Event:
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以取消活动")
    if event.cancelled_at:
        raise ValidationError("活动已取消")
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at"])
    people = [r.user for r in event.registrations.exclude(state=Registration.State.CANCELLED).select_related("user")]
    notify_users(people, title=f"活动取消：{event.title}", url=_url(event))
    return event


def _locked(event: Event) -> Event:
    # One sign-up or cancellation at a time per event: the last place goes to one person.
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def signup(*, user, event: Event) -> Registration:
    event = _locked(event)
    if not in_audience(user, event):
        raise PermissionDenied("您不在本次活动的参加范围内")
    if not event.signup_open():
        raise ValidationError("不在报名时间内" if not event.cancelled_at else "活动已取消")
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing and existing.state != Registration.State.CANCELLED:
        raise ValidationError("您已经报名了" if existing.state == Registration.State.REGISTERED else "您已在候补名单中")
    taken = event.registrations.filter(state=Registration.State.REGISTERED).count()
    full = event.capacity is not None and taken >= event.capacity
    state = Registration.State.WAITING if full else Registration.State.REGISTERED
    now = timezone.now()
    if existing:
        existing.state, existing.queued_at = state, now if full else None
        existing.save(update_fields=["state", "queued_at"])
        return existing
    return Registration.objects.create(event=event, user=user, state=state, queued_at=now if full else None)


@transaction.atomic
def cancel(*, user, event: Event) -> Registration | None:
    """Gives up a place (or a place in the queue). A freed place goes to the first in line,
    who is told. Returns the promoted registration, if any."""
    event = _locked(event)
    mine = Registration.objects.filter(event=event, user=user).exclude(state=Registration.State.CANCELLED).first()
    if mine is None:
        raise ValidationError("您没有报名这项活动")
    if mine.attended:
        raise ValidationError("已签到，不能取消")
    if timezone.now() >= event.starts_at:
        raise ValidationError("活动已开始，不能取消报名")
    freed = mine.state == Registration.State.REGISTERED
    mine.state, mine.queued_at = Registration.State.CANCELLED, None
    mine.save(update_fields=["state", "queued_at"])
    if not freed:
        return None
    return _promote(event)


def _promote(event: Event) -> Registration | None:
    taken = event.registrations.filter(state=Registration.State.REGISTERED).count()
    if event.capacity is not None and taken >= event.capacity:
        return None
    first = (
        event.registrations.filter(state=Registration.State.WAITING).order_by("queued_at", "id").select_related("user")
    ).first()
    if first is None:
        return None
    first.state, first.queued_at = Registration.State.REGISTERED, None
    first.save(update_fields=["state", "queued_at"])
    notify_users(
        [first.user],
        title=f"候补成功：{event.title}",
        body=f"有人取消报名，您已从候补转为正式报名。{timezone.localtime(event.starts_at):%m月%d日 %H:%M}，{event.place}",
        url=_url(event),
    )
    return first


def _changed() -> None:
    # Event lists and coverage figures are cached per generation.
    changed("events")


def _credit(registration: Registration, *, by) -> Registration:
    if registration.attended:
        raise ValidationError("已经签到过了")
    # Coverage figures are cached per generation: a check-in makes them stale.
    _changed()
    registration.attended = True
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.hours = registration.event.hours
    registration.save(update_fields=["attended", "checked_in_at", "checked_in_by", "hours"])
    return registration


@transaction.atomic
def checkin(*, user, event: Event, token: str) -> Registration:
    """The attendee scans the event's QR code: signed up, or — for an event without sign-up —
    anybody in its audience. A waiting-list place is not a place."""
    import secrets

    event = _locked(event)
    # Bytes: compare_digest refuses a str with non-ASCII characters, and a token is whatever was typed.
    if not secrets.compare_digest((token or "").encode(), event.checkin_token.encode()):
        raise PermissionDenied("签到码无效，请扫描现场的二维码")
    if not event.checkin_open():
        raise ValidationError("不在签到时间内（活动开始前 1 小时至结束后 2 小时）")
    registration = Registration.objects.filter(event=event, user=user).first()
    if event.needs_signup:
        if registration is None or registration.state != Registration.State.REGISTERED:
            raise ValidationError("您没有报名（或仍在候补），请联系组织者现场签到")
    else:
        if not in_audience(user, event):
            raise PermissionDenied("您不在本次活动的参加范围内")
        if registration is None:
            registration = Registration.objects.create(event=event, user=user, state=Registration.State.REGISTERED)
    registration.event = event
    return _credit(registration, by=user)


@transaction.atomic
def checkin_by_organiser(*, actor, event: Event, user) -> Registration:
    """The organiser ticks somebody present: on the list or not (a walk-in)."""
    event = _locked(event)
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以代为签到")
    registration, _ = Registration.objects.get_or_create(
        event=event, user=user, defaults={"state": Registration.State.REGISTERED}
    )
    if registration.state != Registration.State.REGISTERED:
        registration.state, registration.queued_at = Registration.State.REGISTERED, None
        registration.save(update_fields=["state", "queued_at"])
    registration.event = event
    return _credit(registration, by=actor)


@transaction.atomic
def photo_add(*, actor, event: Event, upload, caption: str = ""):
    from .models import Photo

    if not may_manage(actor, event) and not event.registrations.filter(user=actor, attended=True).exists():
        raise PermissionDenied("组织者和参加者可以上传照片")
    if not is_image_name(upload.name or ""):
        raise ValidationError(f"“{upload.name}”不是照片：请上传 JPG、PNG 或 WEBP")
    photo = clean_upload(upload)
    return Photo.objects.create(
        event=event, file=photo.content, thumbnail=photo.thumbnail, caption=caption.strip()[:200], uploaded_by=actor
    )
