from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.models import User
from gonghui.events.models import Event, GroupMember
from gonghui.org.rules import can

from . import services
from .forms import AssociationForm
from .kind import CATEGORIES
from .models import Association


def _mine(request):
    """Associations of the user's own unions: another union's are not found."""
    return Association.objects.visible_to(request.user)


def association_list(request):
    associations = (
        Association.objects.visible_to(request.user)
        .annotate(
            members=Count("group__memberships", distinct=True),
            joined=Exists(GroupMember.objects.filter(group=OuterRef("group"), user=request.user)),
        )
        .order_by("name")
    )
    return render(
        request,
        "activities/association_list.html",
        {"associations": associations, "may_create": can(request.user, "activities.manage")},
    )


def association_detail(request, pk):
    association = get_object_or_404(_mine(request).select_related("group"), pk=pk)
    memberships = association.group.memberships.select_related("user__employee__unit").order_by(
        "-is_leader", "joined_at"
    )
    mine = next((m for m in memberships if m.user_id == request.user.pk), None)
    events = Event.objects.filter(Q(organised_by_group=association.group) | Q(audience_group=association.group))
    return render(
        request,
        "activities/association_detail.html",
        {
            "association": association,
            "memberships": memberships,
            "mine": mine,
            "upcoming": events.filter(ends_at__gte=timezone.now()).order_by("starts_at")[:10],
            "past": events.filter(ends_at__lt=timezone.now()).order_by("-starts_at")[:10],
            "may_manage": can(request.user, "activities.manage", association),
        },
    )


@require_POST
def join(request, pk):
    association = get_object_or_404(_mine(request), pk=pk)
    try:
        services.association_join(user=request.user, association=association)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"欢迎加入{association.name}！协会的活动会通知您。")
    return redirect("activities:association", pk=pk)


@require_POST
def leave(request, pk):
    association = get_object_or_404(_mine(request), pk=pk)
    try:
        services.association_leave(user=request.user, association=association)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已退出{association.name}。")
    return redirect("activities:association", pk=pk)


@require_POST
def set_leader(request, pk):
    association = get_object_or_404(_mine(request), pk=pk)
    user = User.objects.filter(username=request.POST.get("employee_no", "").strip(), is_active=True).first()
    if user is None:
        messages.error(request, "找不到该工号的职工（须已开通账号）")
        return redirect("activities:association", pk=pk)
    services.association_set_leader(
        actor=request.user, association=association, user=user, leader=request.POST.get("leader") != "0"
    )
    messages.success(request, f"已更新负责人：{user.display_name}")
    return redirect("activities:association", pk=pk)


@require_http_methods(["GET", "POST"])
def association_new(request):
    if not can(request.user, "activities.manage"):
        raise PermissionDenied
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            association = services.association_create(
                actor=request.user,
                name=data["name"],
                category=CATEGORIES.get(data["category"], ""),
                description=data["description"],
                leaders=[form.leader],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已成立{association.name}。")
            return redirect("activities:association", pk=association.pk)
    return render(request, "activities/association_form.html", {"form": form})
