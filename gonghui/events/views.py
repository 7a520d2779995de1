from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.models import User
from gonghui.core.cache import generation
from gonghui.core.forms import LocalDateTime, StyledFormMixin, UnitChoice
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id, parse_int
from gonghui.core.uploads import file_response
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, Role, UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import (
    in_member_unions,
    union_path_of,
)

from . import selectors, services
from .kinds import COUNTS_AS, all_kinds, get_kind
from .models import Audience, Event, Group, Photo, Registration

ATTENDEES_SHOWN = 50


def _errors(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


def visible_events(user):
    return Event.objects.visible_to(user)


def event_list(request):
    now = timezone.now()
    events = visible_events(request.user)
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


def _visible(request, pk) -> Event:
    event = visible_events(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def detail(request, pk):
    event = _visible(request, pk)
    mine = event.registrations.filter(user=request.user).first()
    manage = services.may_manage(request.user, event)
    counts = event.registrations.aggregate(
        taken=Count("id", filter=Q(state=Registration.State.REGISTERED)),
        waiting=Count("id", filter=Q(state=Registration.State.WAITING)),
        attended=Count("id", filter=Q(attended=True)),
    )
    # Walk-ins signed in by the organiser may go past the places: said so, not "3 / 2".
    counts["over"] = max(0, counts["taken"] - (event.capacity or counts["taken"]))
    position = None
    if mine and mine.state == Registration.State.WAITING:
        position = (
            event.registrations.filter(state=Registration.State.WAITING, queued_at__lt=mine.queued_at).count() + 1
        )
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
            # A big event's list is long: the first fifty unless the organiser asks for all.
            "attendees": event.registrations.exclude(state=Registration.State.CANCELLED)
            .select_related("user__employee__unit")
            .order_by("state", "queued_at", "registered_at")[: None if request.GET.get("all") else ATTENDEES_SHOWN]
            if manage
            else [],
            "attendees_shown": None if request.GET.get("all") else ATTENDEES_SHOWN,
            "photos": event.photos.all(),
            "now": timezone.now(),
        },
    )


@require_POST
def signup(request, pk):
    event = _visible(request, pk)
    try:
        registration = services.signup(user=request.user, event=event)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        if registration.state == Registration.State.WAITING:
            messages.warning(request, "名额已满，您已进入候补名单；有人取消时会按顺序递补并通知您。")
        else:
            messages.success(request, "报名成功。活动当天到场扫码签到。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def cancel(request, pk):
    event = _visible(request, pk)
    try:
        services.cancel(user=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已取消报名。")
    return redirect("events:detail", pk=event.pk)


@require_http_methods(["GET", "POST"])
def checkin(request, pk, token):
    """Where the QR code on site leads: one tap to sign in. The code may be passed on: another
    union's event is not there for anybody outside it."""
    event = get_object_or_404(Event.objects.filter(in_member_unions(request.user)), pk=pk)
    if request.method == "POST":
        try:
            services.checkin(user=request.user, event=event, token=token)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, f"签到成功，计 {event.hours} 小时。")
            return redirect("events:detail", pk=event.pk)
    if token != event.checkin_token:
        raise Http404
    done = event.registrations.filter(user=request.user, attended=True).exists()
    return render(request, "events/checkin.html", {"event": event, "done": done, "token": token})


def qr(request, pk):
    import segno

    event = _visible(request, pk)
    if not services.may_manage(request.user, event):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("events:checkin", args=[event.pk, event.checkin_token]))
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#111")
    return render(request, "events/qr.html", {"event": event, "svg": svg, "url": url})


@require_POST
def mark(request, pk):
    event = _visible(request, pk)
    number = request.POST.get("employee_no", "").strip()
    user = User.objects.filter(
        Q(pk=parse_id(request.POST.get("user")) or 0) | Q(username=number), is_active=True
    ).first()
    if user is None:
        messages.error(request, f"找不到工号为 {number} 的职工（须已开通账号）" if number else "请选择签到的人")
        return redirect("events:detail", pk=event.pk)
    try:
        services.checkin_by_organiser(actor=request.user, event=event, user=user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"{user.display_name}已签到。")
    return redirect("events:detail", pk=event.pk)


@require_POST
def photo(request, pk):
    event = _visible(request, pk)
    uploads = request.FILES.getlist("photos")
    if not uploads:
        messages.error(request, "请选择照片")
        return redirect("events:detail", pk=event.pk)
    try:
        for upload in uploads:
            services.photo_add(actor=request.user, event=event, upload=upload, caption=request.POST.get("caption", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已上传 {len(uploads)} 张照片。")
    return redirect("events:detail", pk=event.pk)


def photo_file(request, pk, photo_pk):
    event = _visible(request, pk)
    item = get_object_or_404(Photo, pk=photo_pk, event=event)
    return file_response(request, file=item.file, name=f"照片{item.pk}.jpg", thumbnail=item.thumbnail)


@require_POST
def cancel_event(request, pk):
    event = _visible(request, pk)
    try:
        services.event_cancel(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "活动已取消，报名的人都已收到通知。")
    return redirect("events:detail", pk=event.pk)


class EventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型")
    category = forms.CharField(label="类别", required=False, widget=forms.Select)
    title = forms.CharField(label="名称", max_length=200)
    description = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    organiser = UnitChoice(label="组织单位", queryset=OrgUnit.objects.none())
    group = forms.ModelChoiceField(
        label="组织协会（协会负责人组织时选）", required=False, queryset=Group.objects.none()
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    starts_at = forms.DateTimeField(label="开始时间", widget=LocalDateTime())
    ends_at = forms.DateTimeField(label="结束时间", widget=LocalDateTime())
    audience = forms.ChoiceField(label="参加范围", choices=Audience.choices)
    audience_unit = UnitChoice(label="单位（范围为单位时）", required=False, queryset=OrgUnit.objects.all())
    audience_group = forms.ModelChoiceField(label="协会（范围为协会时）", required=False, queryset=Group.objects.all())
    audience_role = forms.ChoiceField(label="角色（范围为角色时）", required=False, choices=[("", "—"), *Role.choices])
    needs_signup = forms.BooleanField(label="需要报名", required=False, initial=True)
    signup_closes = forms.DateTimeField(label="报名截止（空为活动开始前）", required=False, widget=LocalDateTime())
    capacity = forms.IntegerField(label="名额（空为不限）", required=False, min_value=1)
    hours = forms.DecimalField(label="计入时长（小时）", max_digits=4, decimal_places=1, min_value=0, initial=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in all_kinds()]
        self.fields["category"].widget.choices = [("", "—")] + [
            (key, f"{k.label}·{label}") for k in all_kinds() for key, label in k.categories.items()
        ]
        self.fields["organiser"].queryset = selectors.organisable_units(user)
        limit_units(self, OrgUnit.objects.visible_to(user))
        self.fields["audience_group"].queryset = Group.objects.filter(in_member_unions(user))
        led = Group.objects.filter(memberships__user=user, memberships__is_leader=True)
        self.fields["group"].queryset = led
        if led.exists() and not selectors.organisable_units(user).exists():
            # An association's leader organises under the union's name.
            self.fields["organiser"].queryset = OrgUnit.objects.filter(pk__in=led.values("union_id"))

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("kind") and data["category"] not in get_kind(data["kind"]).categories:
            self.add_error("category", "该类型没有这个类别")
        return data


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
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"已发布：{event.title}")
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form})


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


# Coverage


def _coverage_scope(user) -> str | None:
    if not can(user, "events.view_coverage"):
        raise PermissionDenied
    return selectors.coverage_scope(user)


def _in_branch(within: str | None) -> bool:
    return bool(within) and within != union_path_of(within)


def _period(request):
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=2100) or timezone.localdate().year
    quarter = parse_int(request.GET.get("quarter"), minimum=1, maximum=4)
    return year, quarter


def coverage(request):
    within = _coverage_scope(request.user)
    year, quarter = _period(request)
    start, end = selectors.period_bounds(year, quarter)
    # A branch chair sees their departments; the union office its branches (or departments on request).
    level = UnitKind.DEPARTMENT if request.GET.get("level") == "department" or _in_branch(within) else UnitKind.BRANCH
    # Figures change only when somebody checks in: kept until then (or ten minutes).
    key = f"coverage:{generation('events')}:{within}:{start:%Y%m%d}:{end:%Y%m%d}:{level}"
    rows, overall = cache.get_or_set(
        key,
        lambda: (
            selectors.coverage(start=start, end=end, level=level, within=within),
            selectors.overall(start=start, end=end, within=within),
        ),
        600,
    )
    missing = selectors.not_reached(start=start, end=end, within=within)
    paging = paginate(request, missing, per_page=50, cache_count="events")
    page = paging["page"]
    page.object_list = cache.get_or_set(
        f"{key}:missing:{page.number}",
        lambda: [{"name": e.name, "employee_no": e.employee_no, "unit_name": e.unit.name} for e in page.object_list],
        600,
    )
    chart = {
        "categories": [r["label"] for r in rows],
        "series": [{"name": "覆盖率（%）", "data": [r["share"] or 0 for r in rows]}],
    }
    return render(
        request,
        "events/coverage.html",
        {
            "rows": rows,
            "overall": overall,
            "chart": chart,
            "year": year,
            "quarter": quarter,
            "level": level,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            **paging,
        },
    )


def coverage_export(request):
    within = _coverage_scope(request.user)
    year, quarter = _period(request)
    start, end = selectors.period_bounds(year, quarter)

    def rows():
        yield ["【各分工会】"]
        for r in selectors.coverage(start=start, end=end, level=UnitKind.BRANCH, within=within):
            yield [r["label"], r["total"], r["reached"], r["share"]]
        yield ["【各部门】"]
        for r in selectors.coverage(start=start, end=end, level=UnitKind.DEPARTMENT, within=within):
            yield [r["label"], r["total"], r["reached"], r["share"]]
        yield ["【未参加任何活动的职工】"]
        for e in selectors.not_reached(start=start, end=end, within=within):
            yield [e.name, e.employee_no, e.unit.name]

    label = f"{year}年" + (f"第{quarter}季度" if quarter else "")
    return xlsx_response(
        write_table(["单位或姓名", "在职人数或工号", "已覆盖人数或单位", "覆盖率（%）"], rows(), sheet_name="活动覆盖"),
        f"活动覆盖-{label}.xlsx",
    )
