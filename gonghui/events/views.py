from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.cache import generation
from gonghui.core.forms import data_lines, styled
from gonghui.core.paging import paginate
from gonghui.core.params import parse_int
from gonghui.core.uploads import file_response
from gonghui.org.rules import can

from . import selectors, services
from .kinds import COUNTS_AS, all_kinds, get_kind
from .models import Event, Group, Photo, Registration

ATTENDEES_SHOWN = 50
ATTENDEES_SECONDS = 60


def error_text(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


def event_list(request):
    now = timezone.now()
    events = Event.objects.visible_to(request.user)
    applied = {}
    if (kind := request.GET.get("kind", "")) in {k.key for k in all_kinds()}:
        events, applied["kind"] = events.filter(kind=kind), kind
    if request.GET.get("when") == "past":
        events, applied["when"] = events.filter(ends_at__lt=now).order_by("-starts_at"), "past"
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")

    def event_rows(page_events):
        # Places taken and the viewer's own state, for this page's events only: counted over the
        # whole list they would cost a pass over every registration of the year.
        shown = [e.pk for e in page_events]
        taken = dict(
            Registration.objects.filter(event__in=shown, state=Registration.State.REGISTERED)
            .values("event")
            .annotate(n=Count("id"))
            .values_list("event", "n")
        )
        mine = dict(Registration.objects.filter(event__in=shown, user=request.user).values_list("event", "state"))
        return [
            {
                "pk": e.pk,
                "title": e.title,
                "cancelled_at": e.cancelled_at,
                "kind_label": e.kind_spec.label,
                "category_label": e.category_label if e.category else "",
                "starts_at": e.starts_at,
                "place": e.place,
                "capacity": e.capacity,
                "taken": taken.get(e.pk, 0),
                "my_state": mine.get(e.pk),
                "needs_signup": e.needs_signup,
            }
            for e in page_events
        ]

    # Kept until an event, a registration, a group's members or the roster change (or for a
    # minute: an event that has just ended may stay among the coming ones that long).
    paging = paginate(
        request, events, per_page=20, cache_count="events", rows=event_rows, also=("event_rows", "people")
    )
    return render(
        request,
        "events/list.html",
        {
            **paging,
            "applied": applied,
            "kinds": all_kinds(),
            "may_create": bool(selectors.organisable_units(request.user))
            or Group.objects.filter(memberships__user=request.user, memberships__is_leader=True).exists(),
        },
    )


def event_or_404(request, pk) -> Event:
    event = Event.objects.visible_to(request.user).select_related("organiser", "audience_unit").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def detail(request, pk):
    event = event_or_404(request, pk)
    mine = event.registrations.filter(user=request.user).first()
    manage = services.may_manage(request.user, event)
    counts = event.registrations.aggregate(
        taken=Count("id", filter=Q(state=Registration.State.REGISTERED)),
        waiting=Count("id", filter=Q(state=Registration.State.WAITING)),
        attended=Count("id", filter=Q(attended=True)),
    )
    # Each unit's share, for the organiser's card and for "按单位分配" when there is no capacity.
    quotas = _quotas(event) if manage or not event.capacity else []
    counts["shared"] = sum(q["places"] for q in quotas)
    # Walk-ins signed in by the organiser may go past the places: said so, not "3 / 2".
    counts["over"] = max(0, counts["taken"] - (event.capacity or counts["taken"]))
    position = None
    if mine and mine.state == Registration.State.WAITING:
        waiting = event.registrations.filter(state=Registration.State.WAITING, queued_at__lt=mine.queued_at)
        if mine.quota_id:  # the place in the queue of one's own unit's places
            waiting = waiting.filter(quota_id=mine.quota_id)
        position = waiting.count() + 1
    spec = get_kind(event.kind)
    signing_up = not mine or mine.state in Registration.ENDED
    ineligible = spec.ineligible(request.user, event) if spec.ineligible and signing_up else None
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "mine": mine,
            "position": position,
            "manage": manage,
            "counts": counts,
            "in_audience": services.in_audience(request.user, event),
            "full": event.capacity is not None and counts["taken"] >= event.capacity,
            "attendees": _attendees(event, every=bool(request.GET.get("all"))) if manage else [],
            "attendees_shown": None if request.GET.get("all") else ATTENDEES_SHOWN,
            "photos": event.photos.all(),
            "now": timezone.now(),
            "spec": spec,
            "ineligible": ineligible,
            "signup_form": styled(spec.form)(prefix="data") if spec.form and signing_up and not ineligible else None,
            "may_nominate": (may_nominate := event.signup_open() and can(request.user, "events.nominate", event)),
            "nominate_form": styled(spec.form)(prefix="for") if spec.form and may_nominate else None,
            "to_approve": _to_approve(request.user, event, spec),
            "results": list(services.results(event)[:RESULTS_SHOWN]) if spec.has_results else [],
            "signing_up": signing_up,
            "quotas": quotas if manage else [],
            "quota_units": _quota_units(event) if manage and event.needs_signup else [],
        },
    )


RESULTS_SHOWN = 50


def _quotas(event) -> list[dict]:
    """Each unit's share of the places, with how many hold one and wait for one: kept as plain
    values until a registration or a quota of any event changes (or for a minute)."""

    def fill() -> list[dict]:
        return list(
            event.quotas.annotate(
                taken=Count("registrations", filter=Q(registrations__state=Registration.State.REGISTERED)),
                waiting=Count("registrations", filter=Q(registrations__state=Registration.State.WAITING)),
            )
            .order_by("unit__path")
            .values("places", "taken", "waiting", unit_name=F("unit__name"))
        )

    return cache.get_or_set(f"event-quotas:{event.pk}:{generation('event_rows')}", fill, ATTENDEES_SECONDS)


def _quota_units(event) -> list[tuple[int, str]]:
    """Units a share can go to: the branches and departments at or under the organising unit,
    kept until a unit changes."""
    from gonghui.org.models import OrgUnit, UnitKind, in_display_order, under

    def fill() -> list[tuple[int, str]]:
        units = OrgUnit.objects.filter(
            under("path", event.organiser.path), kind__in=(UnitKind.BRANCH, UnitKind.DEPARTMENT)
        )
        return [(u.pk, u.name) for u in in_display_order(list(units))]

    return cache.get_or_set(f"quota-units:{event.organiser_id}:{generation('units')}", fill, 600)


def _to_approve(user, event, spec) -> list:
    """The sign-ups waiting for this person's level of the kind's approval, oldest first."""
    if not spec.approvers:
        return []
    pending = (
        event.registrations.filter(state=Registration.State.PENDING)
        .select_related("user__employee__unit", "event")
        .order_by("registered_at", "id")[:ATTENDEES_SHOWN]
    )
    mine = [r for r in pending if r.approvals < len(spec.approvers) and spec.approvers[r.approvals](user, r)]
    for registration in mine:
        registration.data_lines = data_lines(spec.form, registration.data)
    return mine


def _attendees(event, *, every: bool) -> list[dict]:
    """Who signed up, for the organiser: kept as plain values until a registration, an event or
    a person changes. A big event's list is long: the first fifty unless the organiser asks for all."""

    def fill() -> list[dict]:
        registrations = (
            event.registrations.exclude(state__in=Registration.ENDED)
            .select_related("user__employee__unit")
            .order_by("state", "queued_at", "registered_at")
        )
        return [
            {
                "name": r.user.display_name,
                "unit": r.user.employee.unit.name if r.user.employee_id else "",
                "attended": r.attended,
                "state": r.state,
                "user_id": r.user_id,
            }
            for r in registrations[: None if every else ATTENDEES_SHOWN]
        ]

    key = f"event-attendees:{event.pk}:{generation('event_rows')}.{generation('people')}:{int(every)}"
    return cache.get_or_set(key, fill, ATTENDEES_SECONDS)


@require_POST
def signup(request, pk):
    event = event_or_404(request, pk)
    data = {k.removeprefix("data-"): v for k, v in request.POST.items() if k.startswith("data-")}
    try:
        registration = services.registration_create(actor=request.user, event=event, data=data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        if registration.state == Registration.State.PENDING:
            messages.success(request, "已提交报名，审批通过后会通知您。")
        elif registration.state == Registration.State.WAITING:
            messages.warning(request, "名额已满，您已进入候补名单；有人取消时会按顺序递补并通知您。")
        else:
            messages.success(request, "报名成功。活动当天到场扫码签到。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def approve(request, pk, registration_pk):
    """One level of a sign-up's approval, by whoever the kind names for that level."""
    event = event_or_404(request, pk)
    registration = get_object_or_404(event.registrations.select_related("user"), pk=registration_pk)
    approve = request.POST.get("decision") != "reject"
    try:
        services.registration_approve(
            actor=request.user, registration=registration, approve=approve, note=request.POST.get("note", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        name = registration.user.display_name
        messages.success(request, f"已同意{name}的报名。" if approve else f"已退回{name}的报名，并告知理由。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def cancel(request, pk):
    event = event_or_404(request, pk)
    try:
        services.cancel(user=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已取消报名。")
    return redirect("events:detail", pk=event.pk)


@require_http_methods(["GET", "POST"])
def checkin(request, pk, token):
    """Where the QR code on site leads: one tap to sign in. The code may be passed on: another
    union's event is not there for anybody outside it."""
    event = get_object_or_404(Event.objects.of_member_unions(request.user), pk=pk)
    if request.method == "POST":
        try:
            services.checkin(user=request.user, event=event, token=token)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"签到成功，计 {event.hours} 小时。")
            return redirect("events:detail", pk=event.pk)
    if token != event.checkin_token:
        raise Http404
    done = event.registrations.filter(user=request.user, attended=True).exists()
    return render(request, "events/checkin.html", {"event": event, "done": done, "token": token})


@require_POST
def photo(request, pk):
    event = event_or_404(request, pk)
    uploads = request.FILES.getlist("photos")
    if not uploads:
        messages.error(request, "请选择照片")
        return redirect("events:detail", pk=event.pk)
    try:
        for upload in uploads:
            services.photo_add(actor=request.user, event=event, upload=upload, caption=request.POST.get("caption", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已上传 {len(uploads)} 张照片。")
    return redirect("events:detail", pk=event.pk)


def photo_file(request, pk, photo_pk):
    event = event_or_404(request, pk)
    item = get_object_or_404(Photo, pk=photo_pk, event=event)
    return file_response(request, file=item.file, name=f"照片{item.pk}.jpg", thumbnail=item.thumbnail)


def my_record(request):
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=2100) or timezone.localdate().year
    records = list(selectors.person_record(request.user, year=year))
    totals = {}
    for r in records:
        key = COUNTS_AS.get(r.event.kind_spec.counts_as, r.event.kind_spec.counts_as)
        totals[key] = totals.get(key, 0) + r.hours
    return render(
        request,
        "events/mine.html",
        {
            "records": records,
            "totals": totals,
            "year": year,
            "upcoming": Registration.objects.filter(user=request.user, event__ends_at__gte=timezone.now())
            .exclude(state=Registration.State.CANCELLED)
            .select_related("event"),
        },
    )
