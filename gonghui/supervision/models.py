"""Democratic supervision (plan task 9): the collective contract and its negotiation, the
congress vote, filing and yearly inspection; joint meetings; representatives' patrols. What
any of them finds to be done becomes a follow-up case for a department."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.org.models import Role, UnionOwned, UnionQuerySet

# Who reads drafts, negotiation minutes, meetings and patrols, in their own union.
MINUTES_ROLES = (Role.CHAIR, Role.STAFF, Role.LEADER, Role.REPRESENTATIVE)


class ContractKind(models.TextChoices):
    GENERAL = "general", "综合集体合同"
    WAGES = "wages", "工资专项集体协议"
    WOMEN = "women", "女职工权益保护专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"


class ContractState(models.TextChoices):
    DRAFT = "draft", "起草"
    NEGOTIATING = "negotiating", "协商中"
    VOTED = "voted", "已表决通过"
    FILED = "filed", "已备案生效"
    EXPIRED = "expired", "已到期"


class ContractQuerySet(UnionQuerySet):
    def visible_to(self, user) -> ContractQuerySet:
        """Filed contracts for every employee of the union; drafts and negotiations for those
        who see the minutes (its office, leaders and representatives)."""
        from django.db.models import Q

        from gonghui.org.scopes import in_member_unions, role_union_ids

        if not getattr(user, "is_authenticated", False):
            return self.none()
        minutes = Q(union__in=role_union_ids(user, MINUTES_ROLES))
        public = in_member_unions(user) & Q(state__in=[ContractState.FILED, ContractState.EXPIRED])
        return self.filter(minutes | public)


class MinutesQuerySet(UnionQuerySet):
    def visible_to(self, user) -> MinutesQuerySet:
        """Meetings and patrols: for the union office, leaders and representatives of their union."""
        from gonghui.org.scopes import role_union_ids

        return self.filter(union__in=role_union_ids(user, MINUTES_ROLES))


class Contract(UnionOwned):
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=12, choices=ContractKind.choices)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上一版本"
    )
    text = models.TextField("文本")
    state = models.CharField("状态", max_length=12, choices=ContractState.choices, default=ContractState.DRAFT)
    votes_for = models.PositiveIntegerField("同意票", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对票", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权票", null=True, blank=True)
    voted_on = models.DateField("表决日期", null=True, blank=True)
    ballot = models.OneToOneField(
        "ballots.Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="代表表决"
    )
    signed_on = models.DateField("签订日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_authority = models.CharField("备案机关", max_length=100, blank=True)
    effective_from = models.DateField("生效日期", null=True, blank=True)
    expires_on = models.DateField("到期日期", null=True, blank=True)
    expiry_reminded_at = models.DateTimeField("到期提醒时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "集体合同"
        ordering = ["-created_at", "-id"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:contract", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.title}（第 {self.version} 版）"

    def days_left(self, today=None) -> int | None:
        if self.expires_on is None:
            return None
        return (self.expires_on - (today or timezone.localdate())).days

    @property
    def is_public(self) -> bool:
        """Filed contracts concern every employee; drafts stay with the negotiators."""
        return self.state in (ContractState.FILED, ContractState.EXPIRED)


class NegotiationRound(models.Model):
    contract = models.ForeignKey(Contract, verbose_name="集体合同", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    held_on = models.DateField("协商日期")
    place = models.CharField("地点", max_length=100, blank=True)
    participants = models.TextField("参加人员")
    minutes = models.TextField("协商纪要")

    class Meta:
        verbose_name = verbose_name_plural = "协商会议"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="unique_round_number")]

    def __str__(self) -> str:
        return f"第 {self.number} 轮协商"


class Inspection(UnionOwned):
    contract = models.ForeignKey(
        Contract, verbose_name="集体合同", on_delete=models.CASCADE, related_name="inspections"
    )
    year = models.PositiveSmallIntegerField("年度")
    held_on = models.DateField("检查日期")
    inspectors = models.TextField("检查组成员")
    summary = models.TextField("检查结论")

    class Meta:
        verbose_name = verbose_name_plural = "履约检查"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年度履约检查"


class JointMeeting(UnionOwned):
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.TextField("参会人员")
    minutes = models.TextField("会议纪要")
    # Who of the union's people sat at it, as attendance in the events kernel.
    event = models.OneToOneField(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="joint_meeting"
    )

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "联席会议"
        ordering = ["-held_on", "-id"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:meeting", args=[self.pk])

    def __str__(self) -> str:
        return self.title


class Patrol(UnionOwned):
    topic = models.CharField("巡察主题", max_length=200)
    held_on = models.DateField("巡察日期")
    places = models.CharField("巡察地点或单位", max_length=200)
    summary = models.TextField("巡察情况", blank=True)
    # The representatives who went, as attendance in the events kernel.
    event = models.OneToOneField("events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="patrol")

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "代表巡察"
        ordering = ["-held_on", "-id"]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:patrol", args=[self.pk])

    def __str__(self) -> str:
        return self.topic


class FindingSource(models.TextChoices):
    MEETING = "meeting", "联席会议决定"
    PATROL = "patrol", "代表巡察发现"
    INSPECTION = "inspection", "合同履约检查"


class Finding(models.Model):
    """Where a follow-up case came from."""

    case = models.OneToOneField(
        Case, verbose_name="落实事项", on_delete=models.CASCADE, primary_key=True, related_name="finding"
    )
    source = models.CharField("来源", max_length=12, choices=FindingSource.choices)
    meeting = models.ForeignKey(
        JointMeeting, verbose_name="联席会议", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    patrol = models.ForeignKey(
        Patrol, verbose_name="代表巡察", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    inspection = models.ForeignKey(
        Inspection, verbose_name="履约检查", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )

    class Meta:
        verbose_name = verbose_name_plural = "落实事项来源"

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.case_id}"

    @property
    def origin(self):
        return self.meeting or self.patrol or self.inspection
