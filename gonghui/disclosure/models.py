"""Factory-affairs disclosure (厂务公开, plan task 8): a catalogue of what each unit must make
public and how often, the disclosures that catalogue makes due, published to their audience
with read receipts, and employees' questions answered by the unit as cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.org.models import OrgUnit, UnionOwned, UnionQuerySet, paths_above


class Category(UnionOwned):
    name = models.CharField("类别", max_length=30)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公开类别"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="unique_disclosure_category_name")]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    COMPANY = "company", "公司级"
    DEPARTMENT = "department", "部门级"
    TEAM = "team", "班组级"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"
    EVENT = "event", "逢事即公开"


class Item(UnionOwned):
    """A line of the catalogue: what a unit makes public, to whom, how often, by when."""

    title = models.CharField("公开事项", max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items", verbose_name="类别")
    level = models.CharField("层级", max_length=12, choices=Level.choices)
    frequency = models.CharField("频次", max_length=12, choices=Frequency.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位")
    audience = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="公开范围",
        help_text="该单位及其下属的全体职工",
    )
    grace_days = models.PositiveSmallIntegerField("期满后几天内公开", default=10)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开目录"
        ordering = ["category__order", "unit__path", "id"]

    def __str__(self) -> str:
        return self.title


class State(models.TextChoices):
    DUE = "due", "待公开"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


class DisclosureQuerySet(UnionQuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def seen_by(self, user):
        """Published disclosures whose audience covers the user's unit, inside their publishing period."""

        employee = getattr(user, "employee", None)
        if employee is None:
            return self.none()
        return self.published().filter(
            audience__path__in=paths_above(employee.unit_path), publish_until__gte=timezone.localdate()
        )


class Disclosure(UnionOwned):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="disclosures", verbose_name="公开事项")
    period = models.CharField("期间", max_length=30, help_text="如：2026年10月、2026年第3季度")
    period_end = models.DateField("期间截止")
    periodic = models.BooleanField("定期公开", default=True)
    due_on = models.DateField("应公开日期")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位")
    audience = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="公开范围")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("公开内容", blank=True)
    table = models.JSONField("表格", default=list, blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DUE)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    publish_until = models.DateField("公示截止", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公开内容"
        ordering = ["-due_on", "-id"]
        # A periodic item is disclosed once a period; an event item as often as events happen.
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period_end"], condition=models.Q(periodic=True), name="unique_disclosure_period"
            )
        ]
        indexes = [models.Index(fields=["state", "audience", "publish_until"], name="disclosure_audience")]

    def __str__(self) -> str:
        return self.title

    def on_time(self) -> bool | None:
        if self.published_at is None:
            return None
        return timezone.localdate(self.published_at) <= self.due_on

    def is_overdue(self, today=None) -> bool:
        return self.state == State.DUE and self.due_on < (today or timezone.localdate())


def attachment_path(instance, filename):
    return f"disclosure/{instance.disclosure_id}/{filename}"


class Attachment(models.Model):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公开内容", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path)
    thumbnail = models.FileField("缩略图", upload_to=attachment_path, blank=True)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)

    class Meta:
        verbose_name = verbose_name_plural = "公开附件"

    def __str__(self) -> str:
        return self.name


class Read(models.Model):
    """A read receipt: each person once, the first time they open it."""

    # The unique (disclosure, user) index serves the disclosure's reads: a second index on a
    # table of a million receipts would only slow every insert.
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="reads", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disclosure", "user"], name="unique_disclosure_read")]

    def __str__(self) -> str:
        return f"{self.disclosure_id}:{self.user_id}"


class QuestionQuerySet(UnionQuerySet):
    union_field = "disclosure__union"


class Question(models.Model):
    """An employee's question about a disclosure: its case, and whether the unit shows the answer publicly."""

    case = models.OneToOneField(
        Case, verbose_name="询问事项", on_delete=models.CASCADE, primary_key=True, related_name="disclosure_question"
    )
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="公开内容", on_delete=models.CASCADE, related_name="questions"
    )
    answer_public = models.BooleanField("答复在公开栏展示", default=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公开询问"

    def __str__(self) -> str:
        return str(self.case)
