"""The organiser's tools: publish an event, show its check-in code, check people in, cancel it."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.params import parse_id, parse_int
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can

from . import services
from .forms import EventForm
from .views import error_text, event_or_404


def qr(request, pk):
    event = event_or_404(request, pk)
    if not services.may_manage(request.user, event):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("events:checkin", args=[event.pk, event.checkin_token]))
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#111")
    return render(request, "events/qr.html", {"event": event, "svg": svg, "url": url})


@require_POST
def mark(request, pk):
    event = event_or_404(request, pk)
    number = request.POST.get("employee_no", "").strip()
    wanted = Q(pk=parse_id(request.POST.get("user")) or 0)
    if number:
        wanted |= Q(employee__employee_no=number)
    user = services.people_of_union(event).filter(wanted).first()
    if user is None:
        messages.error(request, f"找不到工号为 {number} 的职工（须已开通账号）" if number else "请选择签到的人")
        return redirect("events:detail", pk=event.pk)
    try:
        services.checkin_by_organiser(actor=request.user, event=event, user=user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{user.display_name}已签到。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def nominate(request, pk):
    """An organiser or branch chair puts someone's name down, with the kind's own data."""
    event = event_or_404(request, pk)
    if not can(request.user, "events.nominate", event):
        raise PermissionDenied
    number = request.POST.get("employee_no", "").strip()
    person = services.person_of_union(event, number) if number else None
    if person is None:
        messages.error(request, f"找不到工号为 {number} 的职工（须已开通账号）" if number else "请填写要报名的职工工号")
        return redirect("events:detail", pk=event.pk)
    data = {k.removeprefix("for-"): v for k, v in request.POST.items() if k.startswith("for-")}
    try:
        registration = services.registration_create(actor=request.user, event=event, person=person, data=data)
    except (ValidationError, PermissionDenied) as exc:  # this person: not in the audience, not one's branch
        messages.error(request, error_text(exc))
    else:
        told = {
            "pending": "已提交，等待审批",
            "waiting": "名额已满，已进入候补",
        }.get(registration.state, "已报名")
        messages.success(request, f"已为{person.display_name}报名：{told}。本人会收到通知。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def quota(request, pk):
    """The organiser keeps places for a unit's people, or withdraws them (0)."""
    event = event_or_404(request, pk)
    unit = OrgUnit.objects.filter(pk=parse_id(request.POST.get("unit")) or 0).first()
    places = parse_int(request.POST.get("places"), minimum=0, maximum=100_000)
    if unit is None or places is None:
        messages.error(request, "请选择单位并填写名额（0 为取消该单位的名额）")
        return redirect("events:detail", pk=event.pk)
    try:
        services.quota_set(actor=request.user, event=event, unit=unit, places=places)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{unit.name}：{places} 个名额。" if places else f"已取消{unit.name}的名额。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def cancel_event(request, pk):
    event = event_or_404(request, pk)
    try:
        services.event_cancel(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "活动已取消，报名的人都已收到通知。")
    return redirect("events:detail", pk=event.pk)


@require_http_methods(["GET", "POST"])
def event_new(request):
    # A week ahead at nine in the morning, Beijing time: not at whatever hour the form was opened.
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=7)
    form = EventForm(
        request.POST or None,
        user=request.user,
        initial={
            "kind": request.GET.get("kind", "activity"),
            "starts_at": now,
            "ends_at": now + timedelta(hours=2),
            "needs_signup": True,
            "hours": 2,
        },
    )
    if not form.fields["organiser"].queryset.exists() and not form.fields["group"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind, title, organiser, group = data.pop("kind"), data.pop("title"), data.pop("organiser"), data.pop("group")
        starts_at, ends_at = data.pop("starts_at"), data.pop("ends_at")
        try:
            event = services.event_create(
                actor=request.user,
                kind=kind,
                title=title,
                organiser=organiser,
                group=group,
                starts_at=starts_at,
                ends_at=ends_at,
                **data,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已发布：{event.title}")
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form})
