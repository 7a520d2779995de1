"""Study and training (plan tasks 1-2, 15): study plans, the materials library, and each person's
study record — the sessions themselves are events (kinds "study" and "cadre_training")."""

from django.db import models

from gonghui.events.models import Event
from gonghui.org.models import OrgUnit, UnionOwned


class MaterialKind(models.TextChoices):
    BOOK = "book", "图书"
    ARTICLE = "article", "文章"
    VIDEO = "video", "视频"
    DOCUMENT = "document", "文件"


class Material(UnionOwned):
    title = models.CharField("名称", max_length=200)
    author = models.CharField("作者或来源", max_length=100, blank=True)
    kind = models.CharField("形式", max_length=10, choices=MaterialKind.choices, default=MaterialKind.BOOK)
    note = models.TextField("简介", blank=True)
    link = models.URLField("链接", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学习资料"
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class StudyPlan(UnionOwned):
    title = models.CharField("学习主题", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位")
    content = models.TextField("学习内容和要求")
    materials = models.ManyToManyField(Material, blank=True, related_name="plans", verbose_name="学习资料")
    sessions = models.ManyToManyField(Event, blank=True, related_name="+", verbose_name="学习活动")

    class Meta:
        verbose_name = verbose_name_plural = "学习计划"
        ordering = ["-year", "-month", "id"]

    def __str__(self) -> str:
        return self.title
