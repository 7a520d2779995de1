"""Culture and sports associations (文体协会): members, leaders, and their own activities —
the members are an events-kernel group, so an activity can be for them alone."""

from django.db import models

from gonghui.events.models import Group
from gonghui.org.models import UnionOwned


class Association(UnionOwned):
    name = models.CharField("协会名称", max_length=50)
    category = models.CharField("项目", max_length=20, blank=True)
    description = models.TextField("简介", blank=True)
    group = models.OneToOneField(Group, verbose_name="会员群体", on_delete=models.PROTECT, related_name="association")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    open_to_join = models.BooleanField("职工可自行加入", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "文体协会"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="unique_association_name")]

    def __str__(self) -> str:
        return self.name
