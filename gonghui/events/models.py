"""Everything people sign up for or attend: activities, study sessions, training, lectures.

An event has an organising unit and an audience — the whole union, a unit's subtree, a group
(an association's members) or the holders of a role. Sign-up opens and closes; a full event
keeps a waiting list in order; check-in is by QR code on the phone or by the organiser; each
attendee is credited the event's hours.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.org.models import OrgUnit, Role, UnionOwned, UnionQuerySet, paths_above

from .kinds import get_kind


class Group(UnionOwned):
    """A set of people an event can be for: an association's members, say."""

    name = models.CharField("名称", max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="成员", through="GroupMember", related_name="event_groups"
    )

    class Meta:
        verbose_name = verbose_name_plural = "群体"

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, verbose_name="群体", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="成员", on_delete=models.CASCADE, related_name="+")
    is_leader = models.BooleanField("负责人", default=False)
    joined_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "群体成员"
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_member")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.user_id}"


class Audience(models.TextChoices):
    ALL = "all", "全体会员"
    UNIT = "unit", "单位"
    GROUP = "group", "协会或群体"
    ROLE = "role", "角色"


class EventQuerySet(UnionQuerySet):
    def for_audience_of(self, user) -> EventQuerySet:
        """Events this person is in the audience of."""
        from gonghui.org.scopes import grants, in_member_unions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        # "Everyone" and "a role" mean everyone, or the role's holders, of the event's union.
        own_unions = in_member_unions(user)
        condition = Q(audience=Audience.ALL) & own_unions
        employee = getattr(user, "employee", None)
        if employee is not None:
            condition |= Q(audience=Audience.UNIT, audience_unit__path__in=paths_above(employee.unit_path))
        # Subqueries, not joins: a join through memberships would repeat rows and need DISTINCT
        # over the whole table.
        groups = GroupMember.objects.filter(user=user).values("group_id")
        condition |= Q(audience=Audience.GROUP, audience_group__in=groups)
        roles = {g.role for g in grants(user)}
        if roles:
            condition |= Q(audience=Audience.ROLE, audience_role__in=roles) & own_unions
        return self.filter(condition)

    def visible_to(self, user) -> EventQuerySet:
        """Events a person may open: their union office's, those they are in the audience of,
        organise, lead the association of or signed up to, and their branch's as its chair."""
        from gonghui.org.models import Role
        from gonghui.org.scopes import grants, in_office_unions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        led = GroupMember.objects.filter(user=user, is_leader=True).values("group_id")
        return self.filter(
            in_office_unions(user)
            | Q(pk__in=Event.objects.for_audience_of(user).values("pk"))
            | Q(created_by=user)
            | Q(pk__in=Registration.objects.filter(user=user).values("event_id"))
            | Q(organised_by_group__in=led)
            | Q(organiser__path__in=[g.path for g in grants(user) if g.role == Role.BRANCH_CHAIR])
        )


class Event(UnionOwned):
    kind = models.CharField("类型", max_length=30)
    category = models.CharField("类别", max_length=30, blank=True)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("内容", blank=True)
    organiser = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="组织单位")
    organised_by_group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="组织协会"
    )
    audience = models.CharField("参加范围", max_length=10, choices=Audience.choices, default=Audience.ALL)
    audience_unit = models.ForeignKey(
        OrgUnit, verbose_name="参加范围（单位）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_group = models.ForeignKey(
        Group, verbose_name="参加范围（协会）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience_role = models.CharField("参加范围（角色）", max_length=20, choices=Role.choices, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    signup_opens = models.DateTimeField("报名开始", null=True, blank=True)
    signup_closes = models.DateTimeField("报名截止", null=True, blank=True)
    capacity = models.PositiveIntegerField("名额", null=True, blank=True, help_text="空为不限")
    needs_signup = models.BooleanField("需要报名", default=True)
    hours = models.DecimalField("计入学时/时长（小时）", max_digits=4, decimal_places=1, default=2)
    checkin_token = models.CharField(max_length=32, default="", editable=False)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "活动"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["kind", "-starts_at"], name="event_kind_start")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.checkin_token:
            self.checkin_token = secrets.token_urlsafe(16)
        super().save(*args, **kwargs)

    @property
    def kind_spec(self):
        return get_kind(self.kind)

    @property
    def category_label(self) -> str:
        return self.kind_spec.categories.get(self.category, self.category)

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.UNIT and self.audience_unit_id:
            return self.audience_unit.name
        if self.audience == Audience.GROUP and self.audience_group_id:
            return self.audience_group.name
        if self.audience == Audience.ROLE:
            return Role(self.audience_role).label
        return "全体会员"

    def signup_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.needs_signup or self.cancelled_at:
            return False
        opens = self.signup_opens or self.created_at or now
        closes = self.signup_closes or self.starts_at
        return opens <= now <= closes

    def checkin_open(self, now=None) -> bool:
        from datetime import timedelta

        now = now or timezone.now()
        return not self.cancelled_at and self.starts_at - timedelta(hours=1) <= now <= self.ends_at + timedelta(hours=2)


class Quota(models.Model):
    """Places of an event kept for one unit (a branch's share of recuperation places): its
    people fill them, then wait on its own list. With quotas, nobody outside them gets a place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    places = models.PositiveIntegerField("名额")

    class Meta:
        verbose_name = verbose_name_plural = "名额分配"
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="unique_event_quota")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.unit_id}: {self.places}"


class Team(models.Model):
    """A team entered in an event (a skill contest): a captain and members, each person in one team."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField("队名", max_length=100)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="代表单位")
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="队长"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "参赛队"
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_team_name")]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        REGISTERED = "registered", "已报名"
        WAITING = "waiting", "候补"
        REJECTED = "rejected", "未通过"
        CANCELLED = "cancelled", "已取消"
        # Excused from a meeting they were expected at (on the kind's roll).
        LEAVE = "leave", "请假"

    # A sign-up in one of these holds nothing: the person may sign up again.
    ENDED = (State.CANCELLED, State.REJECTED)

    # Both keys lead an index of their own below: none more for the foreign keys.
    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="registrations", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报名人",
        on_delete=models.CASCADE,
        related_name="registrations",
        db_index=False,
    )
    state = models.CharField("报名状态", max_length=12, choices=State.choices)
    registered_at = models.DateTimeField("报名时间", auto_now_add=True)
    # The waiting list's order: when the person joined it (again), never reused.
    queued_at = models.DateTimeField("候补时间", null=True, blank=True)
    attended = models.BooleanField("已签到", default=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代签人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hours = models.DecimalField("计入时长", max_digits=4, decimal_places=1, default=0)
    # The quota the place counts against (the person's branch's), when the event shares its places out.
    quota = models.ForeignKey(Quota, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="members")
    # Who put the person's name down, when not themselves (an organiser, a branch chair).
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="推荐人",
    )
    # The kind's own sign-up data (an emergency contact, room sharing), from its form.
    data = models.JSONField("报名信息", default=dict, blank=True)
    # How far through the kind's approvers it has come (0: none yet), and the last decision's reason.
    approvals = models.PositiveSmallIntegerField("已审批级数", default=0)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    # What the entry achieved, for other modules to read (a contest's scores and awards).
    score = models.DecimalField("成绩", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    award = models.CharField("奖项", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报名记录"
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="unique_registration")]
        indexes = [
            models.Index(fields=["event", "state", "queued_at"], name="registration_queue"),
            models.Index(fields=["user", "attended"], name="registration_attended"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.user_id} {self.state}"

    @property
    def mark(self) -> str:
        """Present, on leave or absent, as the organiser took the roll."""
        if self.attended:
            return Mark.PRESENT
        return Mark.LEAVE if self.state == self.State.LEAVE else Mark.ABSENT

    def get_mark_display(self) -> str:
        return Mark(self.mark).label


class Mark(models.TextChoices):
    """Attendance as the organiser takes it from a roll."""

    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


def photo_path(instance, filename):
    return f"events/{instance.event_id}/{filename}"


class Photo(models.Model):
    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to=photo_path)
    thumbnail = models.FileField("缩略图", upload_to=photo_path, blank=True)
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动照片"

    def __str__(self) -> str:
        return self.caption or self.file.name
