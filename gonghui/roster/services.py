"""Starting a roster import: the job is queued with its file and checked and applied by the
worker (tasks.run_roster_import), so a 50,000-row file never holds a request open."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.excel.models import ImportJob
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion

from .tasks import run_roster_import


@transaction.atomic
def roster_import_start(*, actor, union_id: int | None, upload, mode: str, dry_run: bool) -> ImportJob:
    """A roster file for one union. A full import (absent people leave) always shows first who
    would leave: it is applied only once that list is confirmed (`roster_import_confirm`)."""
    if not can(actor, "org.import_roster", InUnion(union_id)):
        raise PermissionDenied("只有本工会的办公室可以导入花名册")
    job = ImportJob(
        union_id=union_id,
        kind="roster",
        mode=mode,
        dry_run=dry_run or mode == ImportJob.Mode.FULL,
        created_by=actor,
        original_name=upload.name[:200],
    )
    job.file.save(f"roster-{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
    job.save()
    # The queued task row commits with the job, so the worker never sees a job before its file.
    run_roster_import.enqueue(job.pk)
    return job


@transaction.atomic
def roster_import_confirm(*, actor, dry: ImportJob) -> ImportJob:
    """The same file imported for real, held to the number of people its dry run showed would leave."""
    if not can(actor, "org.import_roster", dry):
        raise PermissionDenied("只有本工会的办公室可以确认全量导入")
    if not dry.awaits_confirmation:
        raise ValidationError("只有校验通过的全量导入才需要确认")
    job = ImportJob.objects.create(
        union_id=dry.union_id,
        kind="roster",
        mode=ImportJob.Mode.FULL,
        dry_run=False,
        file=dry.file.name,
        original_name=dry.original_name,
        created_by=actor,
        expected_left=dry.summary.get("left", 0),
    )
    run_roster_import.enqueue(job.pk)
    return job
