from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.excel.models import ImportJob
from gonghui.excel.writer import write_table, write_template, xlsx_response
from gonghui.org.scopes import under_office
from gonghui.web.forms import StyledFormMixin
from gonghui.web.paging import paginate

from .models import OrgUnit, UnitKind
from .roster import COLUMNS, EXPORT_HEADERS, NOTES, roster_rows
from .rules import can
from .selectors import people_filtered
from .sensitive import log_access
from .tasks import run_roster_import


class RosterUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="花名册文件（.xlsx）")
    mode = forms.ChoiceField(
        label="导入方式",
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.INCREMENTAL,
        widget=forms.RadioSelect,
    )
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只支持 .xlsx 格式的 Excel 文件，请另存为“Excel 工作簿”后上传")
        if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件超过 {settings.ROSTER_MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        return upload


def _require_import(request):
    if not can(request.user, "org.import_roster"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def roster_import(request):
    _require_import(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mode = form.cleaned_data["mode"]
        job = ImportJob(
            kind="roster",
            mode=mode,
            # A full import always shows first who would leave; it is applied once confirmed.
            dry_run=form.cleaned_data["dry_run"] or mode == ImportJob.Mode.FULL,
            created_by=request.user,
            original_name=upload.name[:200],
        )
        job.file.save(f"roster-{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
        job.save()
        # The queued task row commits with the request, so the worker never sees a job before its file.
        run_roster_import.enqueue(job.pk)
        return redirect("org:roster-job", pk=job.pk)
    jobs = (
        ImportJob.objects.filter(under_office(request.user, "created_by__employee__unit_path"), kind="roster")
        .select_related("created_by__employee")
        .defer("errors")[:10]
    )
    return render(request, "org/roster_import.html", {"form": form, "jobs": jobs})


def _visible_job(request, pk) -> ImportJob:
    _require_import(request)
    job = get_object_or_404(ImportJob.objects.select_related("created_by__employee"), pk=pk, kind="roster")
    if not can(request.user, "org.view_import_job", job):
        raise PermissionDenied
    return job


ERRORS_PER_PAGE = 100


def _job_context(request, job) -> dict:
    errors = paginate(request, job.errors, per_page=ERRORS_PER_PAGE) if job.errors else {}
    return {"job": job, **errors, "confirm_form": ConfirmFullForm() if job.awaits_confirmation else None}


@require_GET
def roster_job(request, pk):
    return render(request, "org/roster_job.html", _job_context(request, _visible_job(request, pk)))


@require_GET
def roster_job_progress(request, pk):
    return render(request, "org/_roster_job_status.html", _job_context(request, _visible_job(request, pk)))


class ConfirmFullForm(StyledFormMixin, forms.Form):
    checked = forms.BooleanField(label="我已核对名单，确认文件外的这些在职人员离职", required=True)


@require_POST
def roster_job_confirm(request, pk):
    """A full import's dry run, confirmed: the same file imported for real, held to the number
    of people the dry run showed would leave."""
    dry = _visible_job(request, pk)
    if not dry.awaits_confirmation:
        messages.error(request, "只有校验通过的全量导入才需要确认")
        return redirect("org:roster-job", pk=dry.pk)
    if not ConfirmFullForm(request.POST).is_valid():
        messages.error(request, "请先勾选“我已核对名单”再确认全量导入")
        return redirect("org:roster-job", pk=dry.pk)
    job = ImportJob.objects.create(
        kind="roster",
        mode=ImportJob.Mode.FULL,
        dry_run=False,
        file=dry.file.name,
        original_name=dry.original_name,
        created_by=request.user,
        expected_left=dry.summary.get("left", 0),
    )
    run_roster_import.enqueue(job.pk)
    return redirect("org:roster-job", pk=job.pk)


@require_GET
def roster_template(request):
    _require_import(request)
    departments = list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).values_list("name", flat=True))
    teams = list(OrgUnit.objects.filter(kind=UnitKind.TEAM).values_list("name", flat=True))
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
