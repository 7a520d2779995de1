"""Venues (阵地): 创新工作室, 阳光工作室, 讲堂 — their programmes, bookings that never overlap,
and the lecture series held there."""

from django.conf import settings
from django.db import models

from gonghui.events.models import Event
from gonghui.org.models import OrgUnit, UnionOwned, UnionQuerySet


class VenueKind(models.TextChoices):
    INNOVATION = "innovation", "创新工作室"
    SUNSHINE = "sunshine", "阳光工作室"
    HALL = "hall", "讲堂"
    ACTIVITY = "activity", "活动场所"


class Venue(UnionOwned):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=VenueKind.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="管理单位")
    place = models.CharField("位置", max_length=200)
    capacity = models.PositiveIntegerField("容纳人数", null=True, blank=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阵地"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="unique_venue_name")]

    def __str__(self) -> str:
        return self.name


class BookingQuerySet(UnionQuerySet):
    union_field = "venue__union"


class Booking(models.Model):
    venue = models.ForeignKey(Venue, verbose_name="阵地", on_delete=models.CASCADE, related_name="bookings")
    title = models.CharField("用途", max_length=200)
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    event = models.OneToOneField(
        Event, verbose_name="活动", null=True, blank=True, on_delete=models.CASCADE, related_name="booking"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="预约人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "场地预约"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["venue", "starts_at", "ends_at"], name="booking_venue_time")]

    def __str__(self) -> str:
        return f"{self.venue} {self.title}"


class Series(models.Model):
    """A lecture series (健康大讲堂, 道德讲堂…): its lectures are events held at the venue."""

    title = models.CharField("系列名称", max_length=100)
    venue = models.ForeignKey(Venue, verbose_name="阵地", on_delete=models.PROTECT, related_name="series")
    description = models.TextField("简介", blank=True)
    lectures = models.ManyToManyField(Event, verbose_name="讲座", related_name="+", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "讲座系列"

    def __str__(self) -> str:
        return self.title
