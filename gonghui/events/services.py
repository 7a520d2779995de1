"""Organising, signing up, waiting, cancelling and checking in: one atomic function each, used by
pages, the API and every domain that declares an event kind."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.cache import changed
from gonghui.core.forms import form_values
from gonghui.core.uploads import clean_upload, is_image_name
from gonghui.notify.services import notify_users
from gonghui.org.models import OrgUnit, under
from gonghui.org.rules import can
from gonghui.org.scopes import union_id_of, union_path

from .kinds import get_kind
from .models import Audience, Event, Mark, Quota, Registration, Team


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
def dated_event(*, actor, event: Event | None, kind: str, title: str, union_id: int, day, place: str = "", **fields):
    """The event a domain's dated record stands for (a congress session, a patrol), made
    with the record and moved with it: from nine on the day, for the kind's hours, no sign-up."""
    spec = get_kind(kind)
    title, place = title[:200], place[:200]
    if event is not None and timezone.localtime(event.starts_at).date() == day:
        return event_update(actor=actor, event=event, title=title, place=place)
    starts = timezone.make_aware(datetime.combine(day, time(9)))
    ends = starts + timedelta(hours=spec.default_hours)
    if event is not None:
        if day > timezone.localdate() and event.registrations.filter(state=Registration.State.REGISTERED).exists():
            raise ValidationError("已登记出席或缺席，不能改到以后的日期；请先清除出席登记")
        return event_update(actor=actor, event=event, title=title, place=place, starts_at=starts, ends_at=ends)
    organiser = OrgUnit.objects.get(pk=union_id)
    return event_create(
        actor=actor,
        kind=kind,
        title=title,
        organiser=organiser,
        starts_at=starts,
        ends_at=ends,
        place=place,
        needs_signup=False,
        hours=spec.default_hours,
        **fields,
    )


@transaction.atomic
def event_update(*, actor, event: Event, **fields) -> Event:
    """New times, place or title for an event (its domain's record changed): its organiser."""
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以修改活动")
    for name, value in fields.items():
        setattr(event, name, value)
    if event.ends_at <= event.starts_at:
        raise ValidationError("结束时间须晚于开始时间")
    _changed()
    event.save(update_fields=list(fields))
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event) -> Event:
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以取消活动")
    if not event.kind_spec.standalone:
        raise ValidationError(f"{event.kind_spec.label}的记录在其本身的页面修改，不在这里取消")
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
def registration_create(*, actor, event: Event, person=None, team=None, data=None) -> Registration:
    """Sign `person` (the actor, or someone the actor nominates) up for the event: in its
    audience, eligible by its kind's rule, with the kind's own data. With approvers the
    sign-up waits for them; otherwise it takes a place (its unit's quota's, when the places
    are shared out) or joins the waiting list."""
    event = _locked(event)
    person = person or actor
    spec = get_kind(event.kind)
    if person.pk != actor.pk and not (spec.may_nominate is not None and spec.may_nominate(actor, event, person)):
        raise PermissionDenied("您不能替这位职工报名")
    if spec.team_size is not None and team is None:
        raise ValidationError("本活动以队伍报名：请由队长组队报名")
    return _register(actor=actor, event=event, person=person, team=team, data=data)


def _register(*, actor, event: Event, person, team, data, quota=None) -> Registration:
    spec = get_kind(event.kind)
    yourself = person.pk == actor.pk
    if not in_audience(person, event):
        raise PermissionDenied(
            "您不在本次活动的参加范围内" if yourself else f"{person.display_name}不在本次活动的参加范围内"
        )
    if not event.signup_open():
        raise ValidationError("不在报名时间内" if not event.cancelled_at else "活动已取消")
    if spec.ineligible is not None and (reason := spec.ineligible(person, event)):
        raise ValidationError(reason if yourself else f"{person.display_name}：{reason}")
    existing = Registration.objects.filter(event=event, user=person).first()
    if existing and existing.state not in Registration.ENDED:
        who = "您" if yourself else person.display_name
        raise ValidationError(
            {
                Registration.State.REGISTERED: f"{who}已经报名了",
                Registration.State.WAITING: f"{who}已在候补名单中",
                Registration.State.PENDING: f"{who}的报名正在审批中",
                Registration.State.LEAVE: f"{who}已请假",
            }[existing.state]
        )
    values = form_values(spec.form, data)
    registration = existing or Registration(event=event, user=person)
    registration.team, registration.data, registration.approvals, registration.decision_note = team, values, 0, ""
    registration.nominated_by = None if yourself else actor
    # A team's members share its quota, which counts teams (checked by team_create).
    registration.quota = quota if team is not None else _quota_for(event, person)
    if spec.approvers:
        registration.state, registration.queued_at = Registration.State.PENDING, None
        registration.save()
        if not yourself:
            notify_users([person], title=f"{actor.display_name}为您报名了：{event.title}（待审批）", url=_url(event))
        return registration
    if team is not None:
        registration.state, registration.queued_at = Registration.State.REGISTERED, None
    else:
        _take_place(event, registration)
    registration.save()
    if not yourself:
        notify_users([person], title=f"{actor.display_name}为您报名了：{event.title}", url=_url(event))
    return registration


@transaction.atomic
def quota_set(*, actor, event: Event, unit, places: int) -> Quota | None:
    """Keeps `places` of the event for `unit`'s people (0: the unit's share is withdrawn).
    Never below the places its people already hold; one audit row on the event, by the actor."""
    event = _locked(event)
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以分配名额")
    if not event.needs_signup:
        raise ValidationError("无需报名的活动不分配名额")
    if not unit.path.startswith(event.organiser.path):
        raise ValidationError({"unit": f"名额只能分给{event.organiser.name}及其下级单位"})
    if places < 0:
        raise ValidationError({"places": "名额不能是负数"})
    quota = Quota.objects.filter(event=event, unit=unit).first()
    if (
        quota is None
        and event.registrations.exclude(state__in=Registration.ENDED).exists()
        and not event.quotas.exists()
    ):
        raise ValidationError("已有人报名：名额只能在报名开始前按单位分配")
    before = quota.places if quota else 0
    if event.capacity is not None:
        others = event.quotas.exclude(pk=getattr(quota, "pk", None)).aggregate(n=Sum("places"))["n"] or 0
        if others + places > event.capacity:
            raise ValidationError({"places": f"各单位名额合计不能超过活动名额 {event.capacity}"})
    # A team kind's quota counts teams, any other's people.
    if quota is None:
        held, what = 0, "人"
    elif get_kind(event.kind).team_size is not None:
        held, what = Team.objects.filter(event=event, members__quota=quota).distinct().count(), "支队伍"
    else:
        held, what = quota.registrations.filter(state=Registration.State.REGISTERED).count(), "人"
    if places < held:
        raise ValidationError({"places": f"{unit.name}已有 {held} {what}占用名额，不能少于 {held}"})
    if quota is not None and places == 0:
        if quota.registrations.exclude(state__in=Registration.ENDED).exists():
            raise ValidationError({"places": f"{unit.name}还有人在候补或审批中，不能取消其名额"})
        quota.delete()
        quota = None
    elif quota is None:
        quota = Quota.objects.create(event=event, unit=unit, places=places)
    else:
        quota.places = places
        quota.save(update_fields=["places"])
    _audit(event, actor=actor, changes={f"名额分配·{unit.name}": (before, places)})
    _changed()
    changed("event_rows")  # the kept quota rows of the event's page
    while quota is not None and _promote(event, quota):  # the new places go to those waiting
        pass
    return quota


def _audit(event: Event, *, actor, changes: dict) -> None:
    """An audit row on the event for a change kept in a table of its own (quotas)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Event),
        object_pk=str(event.pk),
        object_id=event.pk,
        object_repr=str(event)[:200],
        action=LogEntry.Action.UPDATE,
        changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
        actor=actor,
    )


def _quota_for(event: Event, person):
    """The quota of the person's unit (the nearest unit above them that has one), if the
    event shares its places out; a person with none gets no place."""
    if not event.quotas.exists():
        return None
    quota = _nearest_quota(event, getattr(getattr(person, "employee", None), "unit_path", ""))
    if quota is None:
        raise ValidationError("您所在单位没有本次活动的名额")
    return quota


def _nearest_quota(event: Event, path: str):
    """The quota of the nearest unit at or above `path` that has one, if any."""
    mine = [q for q in event.quotas.select_related("unit") if path and path.startswith(q.unit.path)]
    return max(mine, key=lambda q: len(q.unit.path)) if mine else None


def _places_left(event: Event, quota) -> bool:
    if quota is not None:
        return quota.registrations.filter(state=Registration.State.REGISTERED).count() < quota.places
    taken = event.registrations.filter(state=Registration.State.REGISTERED).count()
    return event.capacity is None or taken < event.capacity


def _take_place(event: Event, registration: Registration) -> None:
    if _places_left(event, registration.quota):
        registration.state, registration.queued_at = Registration.State.REGISTERED, None
    else:
        registration.state, registration.queued_at = Registration.State.WAITING, timezone.now()


@transaction.atomic
def registration_approve(*, actor, registration: Registration, approve: bool = True, note: str = "") -> Registration:
    """One level of the kind's approval: the next approver passes it on (or, last, gives it a
    place), or turns it down with a reason the person is told."""
    event = _locked(registration.event)
    registration = Registration.objects.select_related("user__employee", "quota").get(pk=registration.pk)
    spec = get_kind(event.kind)
    if registration.state != Registration.State.PENDING or registration.approvals >= len(spec.approvers):
        raise ValidationError("该报名不在审批中")
    if not spec.approvers[registration.approvals](actor, registration):
        raise PermissionDenied("您不能审批这一级")
    note = (note or "").strip()[:200]
    if not approve:
        if not note:
            raise ValidationError("请填写不通过的理由")
        registration.state, registration.decision_note = Registration.State.REJECTED, note
        registration.save(update_fields=["state", "decision_note"])
        notify_users([registration.user], title=f"报名未通过：{event.title}", body=note, url=_url(event))
        return registration
    registration.approvals += 1
    registration.decision_note = note
    if registration.approvals == len(spec.approvers):
        if registration.team_id:  # the team's place was counted when it was entered
            registration.state, registration.queued_at = Registration.State.REGISTERED, None
        else:
            _take_place(event, registration)
        told = (
            "报名已通过"
            if registration.state == Registration.State.REGISTERED
            else "报名已通过，名额已满，您在候补名单中"
        )
        notify_users([registration.user], title=f"{told}：{event.title}", url=_url(event))
    registration.save(update_fields=["approvals", "decision_note", "state", "queued_at"])
    return registration


@transaction.atomic
def team_create(*, actor, event: Event, name: str, unit, members, data=None) -> Team:
    """The captain (the actor) enters a team of the kind's size for a unit: each person in one
    team of the event, every one of them eligible; with quotas, a unit's quota counts teams."""
    event = _locked(event)
    spec = get_kind(event.kind)
    if spec.team_size is None:
        raise ValidationError("本活动不以队伍报名")
    people = list({p.pk: p for p in [actor, *members]}.values())
    low, high = spec.team_size
    if not low <= len(people) <= high:
        raise ValidationError(f"每队 {low}–{high} 人（含队长），现在是 {len(people)} 人")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写队名")
    if Team.objects.filter(event=event, name=name).exists():
        raise ValidationError(f"已有名为“{name}”的队伍")
    if union_id_of(unit.path) != event.union_id:
        raise ValidationError("代表单位不属于本工会")
    outside = [p.display_name for p in people if not getattr(p.employee, "unit_path", "").startswith(unit.path)]
    if outside:
        raise ValidationError(f"{'、'.join(outside)}不在{unit.name}：队员须是所代表单位的职工")
    taken = Registration.objects.filter(event=event, user__in=people).exclude(state__in=Registration.ENDED)
    if names := [r.user.display_name for r in taken.select_related("user")]:
        raise ValidationError(f"{'、'.join(names)}已经报名了：每人只能参加一支队伍")
    # A unit's quota counts its teams; without quotas the event's capacity does.
    quota = _nearest_quota(event, unit.path)
    if event.quotas.exists():
        if quota is None:
            raise ValidationError(f"{unit.name}没有本次活动的名额")
        if Team.objects.filter(event=event, members__quota=quota).distinct().count() >= quota.places:
            raise ValidationError(f"{quota.unit.name}的 {quota.places} 个参赛名额已满")
    elif event.capacity is not None and event.teams.count() >= event.capacity:
        raise ValidationError(f"本次活动限 {event.capacity} 支队伍，已满")
    team = Team.objects.create(event=event, name=name, unit=unit, captain=actor)
    for person in people:
        _register(actor=actor, event=event, person=person, team=team, data=data, quota=quota)
    return team


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration | None:
    """Gives up a place (or a place in the queue, or a sign-up awaiting approval): the person
    themselves or the organiser. A freed place goes to the first in line of the same quota,
    who is told. Returns the promoted registration, if any."""
    event = _locked(registration.event)
    mine = Registration.objects.select_related("quota").get(pk=registration.pk)
    if mine.user_id != actor.pk and not may_manage(actor, event):
        raise PermissionDenied("只有本人或组织者可以取消报名")
    if mine.state in Registration.ENDED:
        raise ValidationError("您没有报名这项活动")
    if not event.needs_signup:
        raise ValidationError("本活动无需报名，也就无需取消")
    if mine.attended:
        raise ValidationError("已签到，不能取消")
    if timezone.now() >= event.starts_at:
        raise ValidationError("活动已开始，不能取消报名")
    freed = mine.state == Registration.State.REGISTERED
    mine.state, mine.queued_at = Registration.State.CANCELLED, None
    mine.save(update_fields=["state", "queued_at"])
    return _promote(event, mine.quota) if freed else None


@transaction.atomic
def registration_result(*, actor, registration: Registration, score=None, rank=None, award: str = "") -> Registration:
    """An entry's result (score, place, award), for the event's page and any module that reads it."""
    if not may_manage(actor, registration.event):
        raise PermissionDenied("只有组织者可以登记成绩")
    if not get_kind(registration.event.kind).has_results:
        raise ValidationError("这类活动不登记成绩")
    if registration.state != Registration.State.REGISTERED:
        raise ValidationError("只有正式报名的人可以登记成绩")
    registration.score, registration.rank, registration.award = score, rank, (award or "").strip()[:50]
    registration.save(update_fields=["score", "rank", "award"])
    return registration


def results(event: Event):
    """The event's entries with a result, best first: what a contest or an honours module reads."""
    return (
        event.registrations.filter(state=Registration.State.REGISTERED)
        .exclude(score__isnull=True, rank__isnull=True, award="")
        .select_related("user__employee", "team")
        .order_by("rank", "-score", "id")
    )


def signup(*, user, event: Event) -> Registration:
    return registration_create(actor=user, event=event)


def cancel(*, user, event: Event) -> Registration | None:
    mine = Registration.objects.filter(event=event, user=user).exclude(state__in=Registration.ENDED).first()
    if mine is None:
        raise ValidationError("您没有报名这项活动")
    return registration_cancel(actor=user, registration=mine)


def _promote(event: Event, quota=None) -> Registration | None:
    if not _places_left(event, quota):
        return None
    waiting = event.registrations.filter(state=Registration.State.WAITING)
    if quota is not None:
        waiting = waiting.filter(quota=quota)
    first = waiting.order_by("queued_at", "id").select_related("user").first()
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


def registration_checkin(*, actor, event: Event, token: str = "", person=None) -> Registration:
    """Present: the actor scanning the event's code, or (with `person`) ticked by the organiser."""
    if person is not None:
        return checkin_by_organiser(actor=actor, event=event, user=person)
    return checkin(user=actor, event=event, token=token)


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
        if not _may_walk_in(user, event):
            raise PermissionDenied("您不在本次活动的参加范围内")
        if registration is None:
            registration = Registration.objects.create(event=event, user=user, state=Registration.State.REGISTERED)
        elif registration.state == Registration.State.LEAVE:  # came after all
            registration.state = Registration.State.REGISTERED
            registration.save(update_fields=["state"])
    registration.event = event
    return _credit(registration, by=user)


@transaction.atomic
def checkin_by_organiser(*, actor, event: Event, user) -> Registration:
    """The organiser ticks somebody present: on the list or not (a walk-in)."""
    event = _locked(event)
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以代为签到")
    if get_kind(event.kind).roll is not None and not expected(event).filter(pk=user.pk).exists():
        raise ValidationError(f"{user.display_name}不在应到名单中")
    registration, _ = Registration.objects.get_or_create(
        event=event, user=user, defaults={"state": Registration.State.REGISTERED}
    )
    if registration.state in (Registration.State.PENDING, Registration.State.REJECTED):
        # Signing someone in must not pass over the approvers' decision.
        raise ValidationError(f"{user.display_name}的报名尚未审批通过，不能签到")
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


def _may_walk_in(user, event: Event) -> bool:
    """Who may check in without signing up: those on the kind's roll, or else its audience."""
    if get_kind(event.kind).roll is None:
        return in_audience(user, event)
    return expected(event).filter(pk=user.pk).exists()


def attendance_marks(event: Event) -> dict[int, str]:
    """Each marked person's attendance (user id -> Mark); the unmarked are left out."""
    return {r.user_id: r.mark for r in event.registrations.exclude(state__in=Registration.ENDED)}


@transaction.atomic
def attendance_take(*, actor, event: Event, marks: dict[int, str]) -> int:
    """The organiser takes the roll of a meeting (an event without sign-up): each person (user
    id) present, on leave or absent, or "" to clear the mark. The present are credited the
    event's hours, as if they had checked in. Only marks that change are checked: they must be
    for people on the kind's roll (when it has one, else of the event's union) and, present or
    absent, from the event's day. Returns how many people are marked."""
    event = _locked(event)
    if not may_manage(actor, event):
        raise PermissionDenied("只有组织者可以登记出席情况")
    if event.needs_signup:
        raise ValidationError("需要报名的活动请在活动页面现场签到，不按名单登记出席")
    if any(mark not in (*Mark.values, "") for mark in marks.values()):
        raise ValidationError("出席情况填写有误，请刷新页面后重试")
    # A cancelled or rejected row holds no mark, but it is the person's row: it is reused.
    existing = {r.user_id: r for r in event.registrations.filter(user__in=list(marks))}
    current = {pk: r.mark for pk, r in existing.items() if r.state not in Registration.ENDED}
    changing = {pk: mark for pk, mark in marks.items() if current.get(pk, "") != mark}
    marked = {pk: mark for pk, mark in changing.items() if mark}
    if timezone.localdate() < timezone.localtime(event.starts_at).date() and any(
        mark != Mark.LEAVE for mark in marked.values()
    ):
        raise ValidationError("尚未开始：当天起才能登记出席或缺席，之前只能登记请假")
    if set(marked) - set(expected(event).filter(pk__in=list(marked)).values_list("pk", flat=True)):
        raise ValidationError("有人不在应到名单中，请刷新页面后重试")
    now = timezone.now()
    for user_id, mark in changing.items():
        registration = existing.get(user_id)
        if not mark:
            registration.delete()  # only a mark that is there changes to ""
            continue
        registration = registration or Registration(event=event, user_id=user_id)
        present = mark == Mark.PRESENT
        registration.state = Registration.State.LEAVE if mark == Mark.LEAVE else Registration.State.REGISTERED
        registration.queued_at = None
        registration.attended = present
        registration.checked_in_at = now if present else None
        registration.checked_in_by = actor if present else None
        registration.hours = event.hours if present else 0
        registration.save()
    _changed()
    return sum(1 for mark in marks.values() if mark)


def expected(event: Event):
    """Who may be marked at or check in to an event without sign-up: its kind's roll, or
    else the people of its union."""
    roll = get_kind(event.kind).roll
    return roll(event) if roll is not None else people_of_union(event)


def people_of_union(event: Event):
    """The active accounts of the event's union's people: whom an employee number names."""
    return User.objects.filter(under("employee__unit_path", union_path(event.union_id)), is_active=True)


def person_of_union(event: Event, employee_no: str):
    return people_of_union(event).filter(employee__employee_no=employee_no).first()
