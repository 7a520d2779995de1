from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.events import services as events
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id

from . import services
from .forms import BookingForm, VenueForm
from .models import Booking, Venue


def venue_list(request):
    now = timezone.now()
    venues = list(Venue.objects.visible_to(request.user).select_related("unit"))
    upcoming = {}
    for booking in Booking.objects.filter(ends_at__gte=now).select_related("event").order_by("starts_at"):
        upcoming.setdefault(booking.venue_id, []).append(booking)
    for venue in venues:
        venue.next = upcoming.get(venue.pk, [])[:3]
    return render(request, "venues/list.html", {"venues": venues, "may_create": can(request.user, "venues.manage")})


def venue_detail(request, pk):
    venue = get_object_or_404(Venue.objects.visible_to(request.user).select_related("unit"), pk=pk)
    now = timezone.now()
    form = BookingForm()
    form.fields["series"].queryset = venue.series.all()
    return render(
        request,
        "venues/detail.html",
        {
            "venue": venue,
            "programme": venue.bookings.filter(ends_at__gte=now).select_related("event", "booked_by__employee"),
            "past": venue.bookings.filter(ends_at__lt=now).select_related("event").order_by("-starts_at")[:20],
            "series": venue.series.prefetch_related("lectures"),
            "may_book": services.may_book(request.user, venue),
            "form": form,
        },
    )


@require_POST
def book(request, pk):
    venue = get_object_or_404(Venue.objects.visible_to(request.user), pk=pk)
    form = BookingForm(request.POST)
    form.fields["series"].queryset = venue.series.all()
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{'；'.join(e)}" for f, e in form.errors.items()))
        return redirect("venues:detail", pk=pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            event = None
            if data["lecture"]:
                event = events.event_create(
                    actor=request.user,
                    kind="lecture",
                    title=data["title"],
                    organiser=venue.unit,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=f"{venue.name}（{venue.place}）",
                    capacity=data["capacity"] or venue.capacity,
                    hours=1.5,
                    category="health" if "健康" in data["title"] else "",
                )
                if data["series"]:
                    data["series"].lectures.add(event)
            services.booking_make(
                actor=request.user,
                venue=venue,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                event=event,
            )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, "已预约。" + ("讲座已发布，职工可以报名。" if data["lecture"] else ""))
    return redirect("venues:detail", pk=pk)


@require_POST
def unbook(request, pk, booking_pk):
    booking = get_object_or_404(Booking.objects.of_member_unions(request.user), pk=booking_pk, venue_id=pk)
    try:
        services.booking_cancel(actor=request.user, booking=booking)
    except PermissionDenied:
        raise
    messages.success(request, "已取消预约。")
    return redirect("venues:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def venue_new(request):
    if not can(request.user, "venues.manage"):
        raise PermissionDenied
    union_id = acting_union_id(request.user)
    form = VenueForm(request.POST or None, instance=Venue(union_id=union_id))
    limit_units(form, OrgUnit.objects.subtree(OrgUnit.objects.get(pk=union_id)))
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记阵地：{venue.name}")
            return redirect("venues:detail", pk=venue.pk)
    return render(request, "venues/form.html", {"form": form})
