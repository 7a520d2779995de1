"""Secret ballots: one vote per eligible voter, results only after closing.

Who voted and what was voted are stored apart so that nobody — administrators with the
database included — can link a voter to a vote:

- BallotVoter says only whether a person has voted: no time, no order, no vote.
- BallotTally holds counts per item and choice: a vote adds one to a count and leaves no row
  of its own, so there is no vote id or time to line up with anything.
- The audit log records that a person voted in a ballot, never what they chose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.org.models import UnionOwned


class BallotQuerySet(models.QuerySet):
    def visible_to(self, user) -> BallotQuerySet:
        """The union office sees its union's ballots; anyone else those they vote in or opened."""
        from gonghui.org.scopes import in_office_unions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        mine = Q(pk__in=BallotVoter.objects.filter(user=user).values("ballot_id")) | Q(created_by=user)
        return self.filter(in_office_unions(user) | mine)


class Ballot(UnionOwned):
    title = models.CharField("标题", max_length=200)
    description = models.TextField("说明", blank=True)
    choices = models.JSONField("选项")
    # Set by the app that opened it ("rep_evaluation", "duty_report", "contract_vote", …).
    purpose = models.CharField("用途", max_length=30, blank=True, db_index=True)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    closed_at = models.DateTimeField("提前结束时间", null=True, blank=True)
    results_public = models.BooleanField("投票人可查看结果", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "投票"
        ordering = ["-opens_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_closed(self, now=None) -> bool:
        return self.closed_at is not None or self.closes_at <= (now or timezone.now())

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and not self.is_closed(now)

    @property
    def status_label(self) -> str:
        if self.is_closed():
            return "已结束"
        return "进行中" if self.is_open() else "未开始"


class BallotItem(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items")
    label = models.CharField("评议对象或事项", max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class BallotVoter(models.Model):
    # (ballot, user) and (user, ballot) are indexed below: none more for the foreign keys.
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    has_voted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "user"], name="unique_ballot_voter")]
        indexes = [models.Index(fields=["user", "ballot"], name="ballotvoter_user")]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.user_id}"


class BallotTally(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="tallies")
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=50)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "choice"], name="unique_ballot_tally")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.choice}: {self.count}"
