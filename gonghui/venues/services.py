from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.db import save_fields
from gonghui.events.rules import may_organise_for_unit
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion, acting_union_id, union_id_of

from .models import Booking, Venue


def may_book(user, venue: Venue) -> bool:
    return may_organise_for_unit(user, venue.unit)


@transaction.atomic
def booking_make(*, actor, venue: Venue, title: str, starts_at, ends_at, event=None) -> Booking:
    """Books a venue. Two bookings of one venue never overlap: the venue row is locked while
    the calendar is checked, so two people booking the same hour cannot both succeed."""
    if not may_book(actor, venue):
        raise PermissionDenied(f"只有{venue.unit.name}的负责人或工会办公室可以预约{venue.name}")
    if ends_at <= starts_at:
        raise ValidationError("结束时间须晚于开始时间")
    if starts_at < timezone.now():
        raise ValidationError("不能预约过去的时间")
    Venue.objects.select_for_update().get(pk=venue.pk)
    clash = venue.bookings.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if clash:
        raise ValidationError(
            f"{venue.name}在 {timezone.localtime(clash.starts_at):%m月%d日 %H:%M}—"
            f"{timezone.localtime(clash.ends_at):%H:%M} 已被“{clash.title}”预约"
        )
    return Booking.objects.create(
        venue=venue, title=title.strip(), starts_at=starts_at, ends_at=ends_at, event=event, booked_by=actor
    )


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> None:
    if not (may_book(actor, booking.venue) or booking.booked_by_id == actor.pk):
        raise PermissionDenied("无权取消该预约")
    if booking.event_id and not booking.event.cancelled_at:
        from gonghui.events.services import event_cancel

        # A lecture without its hall does not take place: those signed up are told.
        event_cancel(actor=actor, event=booking.event)
    booking.delete()


@transaction.atomic
def venue_create(*, actor, name: str, unit, **fields) -> Venue:
    """A venue (职工书屋, 活动室…) of the actor's union, managed by one of its units."""
    union_id = acting_union_id(actor)
    if not can(actor, "venues.manage", InUnion(union_id)):
        raise PermissionDenied("只有工会办公室可以登记阵地")
    if union_id_of(unit.path) != union_id:
        raise ValidationError({"unit": "管理单位不属于本工会"})
    taken = {"name": "本工会已有同名阵地"}
    if Venue.objects.filter(union_id=union_id, name=name).exists():
        raise ValidationError(taken)
    return save_fields(Venue(union_id=union_id), {"name": name, "unit": unit, **fields}, conflict=taken)
