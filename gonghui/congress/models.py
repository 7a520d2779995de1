"""The workers' congress (职工代表大会): terms, sessions, representatives and their delegations,
proposals (cases of kind "proposal" with their co-signers), duty reports and evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.org.models import OrgUnit, UnionOwned, UnionQuerySet


class CongressQuerySet(models.QuerySet):
    def current(self, union_id: int | None) -> Congress | None:
        """The union's sitting congress: the latest to have begun its term, else its newest."""
        mine = self.filter(union_id=union_id)
        today = timezone.localdate()
        return mine.filter(term_start__lte=today).order_by("-term_start").first() or mine.order_by("-number").first()


class CongressPartQuerySet(UnionQuerySet):
    """A term's sessions, delegations and representatives belong to the term's union."""

    union_field = "congress__union"


class DutyReportQuerySet(UnionQuerySet):
    union_field = "representative__congress__union"


class Congress(UnionOwned):
    """A term (届), usually five years."""

    number = models.PositiveSmallIntegerField("届次")
    title = models.CharField("名称", max_length=100)
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期结束")

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职代会届次"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["union", "number"], name="unique_congress_number")]

    def __str__(self) -> str:
        return self.title


class Delegation(models.Model):
    """Representatives elected by one branch; its employees are their constituents."""

    congress = models.ForeignKey(Congress, verbose_name="届次", on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField("代表团", max_length=50)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="选区（单位）")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="团长",
    )

    objects = CongressPartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "代表团"
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="unique_delegation_name")]

    def __str__(self) -> str:
        return self.name


class RepresentativeKind(models.TextChoices):
    FRONTLINE = "frontline", "一线职工"
    TECHNICAL = "technical", "专业技术人员"
    MANAGEMENT = "management", "管理人员"
    LEADERSHIP = "leadership", "领导人员"


class Representative(models.Model):
    congress = models.ForeignKey(
        Congress, verbose_name="届次", on_delete=models.CASCADE, related_name="representatives"
    )
    delegation = models.ForeignKey(
        Delegation, verbose_name="代表团", on_delete=models.PROTECT, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations", verbose_name="代表"
    )
    kind = models.CharField("代表构成", max_length=12, choices=RepresentativeKind.choices)
    elected_on = models.DateField("当选日期")
    left_on = models.DateField("终止日期", null=True, blank=True)
    is_active = models.BooleanField("在任", default=True)

    objects = CongressPartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职工代表"
        constraints = [models.UniqueConstraint(fields=["congress", "user"], name="unique_representative")]

    def __str__(self) -> str:
        return self.user.display_name


class Session(models.Model):
    """A meeting (次) of a term, with its window for collecting proposals."""

    congress = models.ForeignKey(Congress, verbose_name="届次", on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField("会次")
    title = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("召开日期")
    place = models.CharField("地点", max_length=100, blank=True)
    proposals_open = models.DateField("提案征集开始")
    proposals_close = models.DateField("提案征集截止")
    min_cosigners = models.PositiveSmallIntegerField("附议人最少人数", default=2)
    # Its attendance, taken by the events kernel: made when the session is first saved.
    event = models.OneToOneField(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="congress_session",
        verbose_name="出席登记",
    )

    objects = CongressPartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职代会会议"
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="unique_session_number")]

    def __str__(self) -> str:
        return self.title

    def collecting(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.proposals_open <= today <= self.proposals_close


class Disposition(models.TextChoices):
    REGISTERED = "registered", "立案"
    SUGGESTION = "suggestion", "转意见建议"


class Proposal(models.Model):
    """What a proposal adds to its case: the session, suggested measures and department, co-signers."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="proposal")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="proposals", verbose_name="会议")
    measures = models.TextField("建议措施")
    suggested_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="建议承办部门"
    )
    confidential = models.BooleanField("涉密（不公开）", default=False)
    disposition = models.CharField("审查结果", max_length=12, choices=Disposition.choices, blank=True)
    disposition_reason = models.TextField("审查意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提案"

    def __str__(self) -> str:
        return str(self.case)


class CosignState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已附议"
    DECLINED = "declined", "不附议"


class Cosigner(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("附议状态", max_length=10, choices=CosignState.choices, default=CosignState.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "附议人"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="unique_cosigner")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_state_display()}"


class DutyReport(models.Model):
    """A representative's yearly report (述职), evaluated by their constituents in a secret ballot."""

    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="duty_reports")
    year = models.PositiveSmallIntegerField("年度")
    text = models.TextField("述职内容")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    ballot = models.OneToOneField(
        "ballots.Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="评议投票"
    )

    objects = DutyReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "代表述职"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["representative", "year"], name="unique_duty_report")]

    def __str__(self) -> str:
        return f"{self.representative} {self.year} 年度述职"


class EvaluationKind(models.TextChoices):
    REPRESENTATIVES = "representatives", "代表民主评议"
    CONGRESS = "congress", "职代会评估"


class Evaluation(models.Model):
    """A democratic evaluation run through a secret ballot: a delegation's representatives rated by
    their constituents, or a session rated by its representatives."""

    kind = models.CharField(max_length=20, choices=EvaluationKind.choices)
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="evaluations")
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ballot = models.OneToOneField("ballots.Ballot", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "民主评议"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.ballot)
