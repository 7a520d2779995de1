from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.org.models import UnionOwned, UnionQuerySet


class ImportJobQuerySet(UnionQuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """An import's errors name people: its starter sees it, and the office of the union it imports into."""
        from django.db.models import Q

        from gonghui.org.scopes import in_office_unions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(created_by=user) | in_office_unions(user))


class ImportJob(UnionOwned):
    """One upload of an Excel file into one union: validated, then written all at once or not at all."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        DONE = "done", "已完成"
        INVALID = "invalid", "校验未通过"
        FAILED = "failed", "出错"

    class Mode(models.TextChoices):
        INCREMENTAL = "incremental", "增量（新增和更新文件中的人员）"
        FULL = "full", "全量（文件外的在职人员记为离职）"

    kind = models.CharField("类型", max_length=30)
    mode = models.CharField("导入方式", max_length=12, choices=Mode.choices, default=Mode.INCREMENTAL)
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    dry_run = models.BooleanField("仅校验", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField("阶段", max_length=30, blank=True)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    # The first errors only (see excel.reader.MAX_ERRORS_KEPT); error_count is all of them.
    errors = models.JSONField("错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    # A full import confirmed after its dry run: how many it was shown would leave.
    expected_left = models.PositiveIntegerField("确认的离职人数", null=True, blank=True)
    summary = models.JSONField("结果", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="importjob_kind_recent"),
            models.Index(fields=["union", "-created_at"], name="importjob_union_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name or self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.INVALID, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0

    @property
    def is_full(self) -> bool:
        return self.mode == self.Mode.FULL

    @property
    def awaits_confirmation(self) -> bool:
        """A full import's dry run that passed: it writes nothing until somebody confirms it."""
        return self.is_full and self.dry_run and self.status == self.Status.DONE
