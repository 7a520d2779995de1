"""Roles on the tree: who holds which role over which unit, granted and revoked by the union office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.paging import paginate
from gonghui.core.params import parse_text

from . import services
from .forms import RoleGrantForm
from .models import Role, RoleAssignment
from .rules import can
from .selectors import units_in_office
from .views import error_text


def role_list(request):
    if not can(request.user, "org.manage_roles"):
        raise PermissionDenied
    assignments = (
        RoleAssignment.objects.filter(unit__in=units_in_office(request.user))
        .select_related("user__employee__unit", "unit")
        .order_by("role", "unit__path", "user__username")
    )
    role = request.GET.get("role")
    if role in Role.values:
        assignments = assignments.filter(role=role)
    q = parse_text(request.GET.get("q"))
    if q:
        assignments = assignments.filter(Q(user__employee__name__contains=q) | Q(user__username__istartswith=q))
    return render(
        request,
        "org/role_list.html",
        {
            **paginate(request, assignments),
            "roles": Role.choices,
            "selected_role": role,
            "q": q,
            "form": RoleGrantForm(request.POST or None, actor=request.user),
        },
    )


@require_POST
def role_grant(request):
    if not can(request.user, "org.manage_roles"):
        raise PermissionDenied
    form = RoleGrantForm(request.POST, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant(actor=request.user, employee=data["employee"], role=data["role"], unit=data["unit"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, f"已授予 {data['employee'].name} {Role(data['role']).label}（{data['unit'].name}）。"
            )
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}：{'；'.join(errors)}")
    return redirect("org:role-list")


@require_POST
def role_revoke(request, pk):
    if not can(request.user, "org.manage_roles"):
        raise PermissionDenied
    assignment = get_object_or_404(
        RoleAssignment.objects.filter(unit__in=units_in_office(request.user)).select_related("user__employee", "unit"),
        pk=pk,
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            f"已撤销 {assignment.user.display_name} 的{assignment.get_role_display()}（{assignment.unit.name}）。",
        )
    return redirect("org:role-list")
