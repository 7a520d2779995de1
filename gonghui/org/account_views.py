"""Opening accounts and resetting passwords (one-time passwords shown once), and revealing a
person's full ID number to someone who manages them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts.services import password_reset

from .models import Employee
from .rules import can
from .selectors import ancestors_of
from .sensitive import log_access


@require_POST
@never_cache
def person_password_reset(request, pk):
    employee = get_object_or_404(Employee.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not can(request.user, "org.change_employee", employee):
        raise PermissionDenied
    issued = password_reset(actor=request.user, employee=employee)
    return render(
        request,
        "org/account_notices.html",
        {
            "unit": employee.unit,
            "reset": True,
            "notices": [
                {
                    "unit": employee.unit.name,
                    "employee_no": employee.employee_no,
                    "name": employee.name,
                    "password": issued.password,
                    "expires_at": issued.expires_at,
                }
            ],
            "site_url": settings.SITE_URL,
            "days": settings.INITIAL_PASSWORD_DAYS,
            "person": employee,
        },
    )


@require_POST
@never_cache
def person_reveal(request, pk):
    """The full ID number, for someone who manages the person (or the person): audited."""
    employee = get_object_or_404(Employee.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not can(request.user, "org.view_sensitive", employee):
        raise PermissionDenied
    log_access(request.user, what="查看完整身份证号", obj=employee)
    return render(
        request,
        "org/_person_id_number.html",
        {"person": employee, "revealed": True, "ancestors": ancestors_of(employee.unit)},
    )
