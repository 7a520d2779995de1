from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.accounts import services as accounts
from gonghui.core.paging import paginate
from gonghui.excel.models import ImportJob
from gonghui.excel.writer import write_table, write_template, xlsx_response
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.org.rules import can
from gonghui.org.scopes import in_office_unions
from gonghui.org.selectors import people_filtered, units_in_office
from gonghui.org.sensitive import log_access

from . import services
from .forms import ConfirmFullForm, RosterUploadForm
from .workbook import COLUMNS, EXPORT_HEADERS, NOTES, roster_rows


def _require_import(request):
    if not can(request.user, "org.import_roster"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def roster_import(request):
    _require_import(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = services.roster_import_start(
            actor=request.user,
            union_id=form.union_id(),
            upload=form.cleaned_data["file"],
            mode=form.cleaned_data["mode"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("roster:job", pk=job.pk)
    jobs = (
        ImportJob.objects.filter(in_office_unions(request.user), kind="roster")
        .select_related("created_by__employee")
        .defer("errors")[:10]
    )
    return render(request, "roster/import.html", {"form": form, "jobs": jobs})


def _visible_job(request, pk) -> ImportJob:
    _require_import(request)
    # Only its starter and its union's office find an import: another union's is not there.
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by__employee")
    return get_object_or_404(jobs, pk=pk, kind="roster")


ERRORS_PER_PAGE = 100


def _job_context(request, job) -> dict:
    errors = paginate(request, job.errors, per_page=ERRORS_PER_PAGE) if job.errors else {}
    return {"job": job, **errors, "confirm_form": ConfirmFullForm() if job.awaits_confirmation else None}


@require_GET
def roster_job(request, pk):
    return render(request, "roster/job.html", _job_context(request, _visible_job(request, pk)))


@require_GET
def roster_job_progress(request, pk):
    return render(request, "roster/_job_status.html", _job_context(request, _visible_job(request, pk)))


@require_POST
def roster_job_confirm(request, pk):
    """A full import's dry run, confirmed: the same file imported for real, held to the number
    of people the dry run showed would leave."""
    dry = _visible_job(request, pk)
    if not dry.awaits_confirmation:
        messages.error(request, "只有校验通过的全量导入才需要确认")
        return redirect("roster:job", pk=dry.pk)
    if not ConfirmFullForm(request.POST).is_valid():
        messages.error(request, "请先勾选“我已核对名单”再确认全量导入")
        return redirect("roster:job", pk=dry.pk)
    job = services.roster_import_confirm(actor=request.user, dry=dry)
    return redirect("roster:job", pk=job.pk)


@require_GET
def roster_template(request):
    _require_import(request)
    departments = list(units_in_office(request.user, kind=UnitKind.DEPARTMENT).values_list("name", flat=True))
    teams = list(units_in_office(request.user, kind=UnitKind.TEAM).values_list("name", flat=True))
    data = write_template(
        COLUMNS,
        notes=NOTES,
        choices={"gender": ["男", "女"], "is_member": ["是", "否"], "department": departments, "team": teams},
    )
    return xlsx_response(data, "花名册导入模板.xlsx")


@require_GET
def roster_export(request):
    if not can(request.user, "org.export_roster"):
        raise PermissionDenied
    params = request.GET.copy()
    params.setdefault("status", "all")
    qs, _ = people_filtered(request.user, params)
    # Full ID numbers only on an explicit request by the union office, and it is audited.
    full = params.get("id_numbers") == "full" and can(request.user, "org.import_roster")
    if full:
        log_access(request.user, what=f"导出花名册（含完整身份证号，{qs.count()} 人）")
    data = write_table(
        EXPORT_HEADERS,
        roster_rows(qs, full_id_numbers=full),
        sheet_name="花名册",
        widths=[12, 10, 6, 22, 14, 14, 14, 14, 12, 8, 12, 14, 8, 12],
    )
    return xlsx_response(data, f"花名册-{timezone.localdate():%Y%m%d}.xlsx")


NOTICE_HEADERS = ["单位", "工号", "姓名", "初始密码", "有效期至", "登录方法"]


@require_POST
@never_cache
def account_notices(request, pk):
    """开通通知 for a unit: a workbook to print and cut, or a page to print straight away."""
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not can(request.user, "org.issue_accounts", unit):
        raise PermissionDenied
    notices = accounts.account_notices(actor=request.user, unit=unit)
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
