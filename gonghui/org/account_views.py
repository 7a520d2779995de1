"""Opening accounts and resetting passwords (one-time passwords shown once), and revealing a
person's full ID number to someone who manages them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts.services import account_notices, password_reset
from gonghui.excel.writer import write_table, xlsx_response

from .models import Employee, OrgUnit
from .rules import can
from .selectors import ancestors_of
from .sensitive import log_access

NOTICE_HEADERS = ["单位", "工号", "姓名", "初始密码", "有效期至", "登录方法"]


@require_POST
@never_cache
def unit_notices(request, pk):
    """开通通知 for a unit: a workbook to print and cut, or a page to print straight away."""
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not can(request.user, "org.issue_accounts", unit):
        raise PermissionDenied
    notices = account_notices(actor=request.user, unit=unit)
    how = f"打开 {settings.SITE_URL}，用工号或手机号和初始密码登录，首次登录须设置自己的密码"
    if request.POST.get("format") == "xlsx":
        rows = (
            [n.unit, n.employee_no, n.name, n.password, f"{timezone.localtime(n.expires_at):%Y-%m-%d}", how]
            for n in notices
        )
        data = write_table(NOTICE_HEADERS, rows, sheet_name="账号开通通知", widths=[14, 12, 8, 14, 12, 60])
        return xlsx_response(data, f"账号开通通知-{unit.name}-{timezone.localdate():%Y%m%d}.xlsx")
    return render(
        request,
        "org/account_notices.html",
        {"unit": unit, "notices": notices, "site_url": settings.SITE_URL, "days": settings.INITIAL_PASSWORD_DAYS},
    )


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
