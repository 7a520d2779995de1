import logging

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from gonghui.excel.models import ImportJob
from gonghui.excel.reader import WorkbookError

from .workbook import apply_roster, read_roster

logger = logging.getLogger(__name__)


def _set(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


@task
def run_roster_import(job_id: int) -> None:
    # Claim the job once: a worker restarted mid-run, or a second worker, must not import twice.
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, stage="读取与校验"
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by", "union").get(pk=job_id)
    try:
        with job.file.open("rb") as source:
            plan = read_roster(
                source, union=job.union, full=job.is_full, progress=lambda n: _set(job, processed_rows=n)
            )
        _set(job, total_rows=len(plan.sheet.rows), processed_rows=len(plan.sheet.rows))
        if plan.errors:
            _set(
                job,
                status=ImportJob.Status.INVALID,
                stage="",
                errors=[e.as_dict() for e in plan.errors],
                error_count=plan.error_count,
                summary=plan.summary(),
                finished_at=timezone.now(),
            )
            return
        summary = {**plan.summary(), "leaving": plan.leaving_sample()}
        if job.dry_run:
            _set(job, status=ImportJob.Status.DONE, stage="", summary=summary, finished_at=timezone.now())
            return
        if job.expected_left is not None and len(plan.leave) != job.expected_left:
            # Somebody changed the roster between the dry run and the confirmation.
            message = (
                f"确认时将记为离职 {job.expected_left} 人，现在为 {len(plan.leave)} 人：名册已有变动，请重新上传校验"
            )
            _set(
                job,
                status=ImportJob.Status.INVALID,
                stage="",
                errors=[{"row": 0, "column": "", "header": "", "message": message}],
                error_count=1,
                summary=summary,
                finished_at=timezone.now(),
            )
            return
        _set(job, stage="写入数据")
        with transaction.atomic():
            summary = {**apply_roster(plan, actor=job.created_by, job_id=job.pk), "leaving": plan.leaving_sample()}
        _set(job, status=ImportJob.Status.DONE, stage="", summary=summary, finished_at=timezone.now())
    except WorkbookError as exc:
        _set(
            job,
            status=ImportJob.Status.INVALID,
            stage="",
            errors=[{"row": 0, "column": "", "header": "", "message": str(exc)}],
            error_count=1,
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("roster import %s failed", job_id)
        _set(
            job,
            status=ImportJob.Status.FAILED,
            stage="",
            finished_at=timezone.now(),
            processed_rows=F("processed_rows"),
        )
