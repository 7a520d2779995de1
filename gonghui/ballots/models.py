"""Secret ballots: one vote per eligible voter, results only after closing.

Who voted and what was voted are kept so that whoever holds the database files, their
write-ahead log or a PostgreSQL page cannot tie a voter to a choice:

- BallotVoter says only whether a person has voted: no time, no vote.
- A vote is a BallotSeal: the voter's answers sealed (AES-GCM, padded to one length) under a
  key derived from SECRET_KEY, which never lives in the database. The seal and the has-voted
  mark are written in one transaction, so a log that links them links the voter to ciphertext.
- BallotTally holds the counts, and is written once, at closing: every seal is opened, the
  lot shuffled and counted, the seals deleted. Until then no count moves with a vote.
- Fewer than `min_voters` voters: nothing is counted and the seals are destroyed unopened.
- The audit log has no row per vote; closing writes one with the turnout.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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
        return self.filter(in_office_unions(user) | mine | Q(audience_path__in=audience_paths(user)))


def audience_paths(user) -> list[str]:
    """The unit paths whose audience ballots this person votes in: their unit and every unit above it."""
    from gonghui.org.models import EmploymentStatus, paths_above

    employee = getattr(user, "employee", None)
    if employee is None or employee.status != EmploymentStatus.ACTIVE:
        return []
    return paths_above(employee.unit_path)


class Method(models.TextChoices):
    CHOICE = "choice", "每项单选"
    APPROVE = "approve", "限额选举（最多选 K 项）"
    SCORE = "score", "逐项打分"


class Ballot(UnionOwned):
    title = models.CharField("标题", max_length=200)
    description = models.TextField("说明", blank=True)
    method = models.CharField("投票方式", max_length=10, choices=Method, default=Method.CHOICE)
    # What a voter may answer each item with: the listed choices; "入选" for an approval
    # ballot; the scores as text ("1" … "5") for a scoring one. Counts are kept per value.
    choices = models.JSONField("选项")
    max_approvals = models.PositiveSmallIntegerField("最多可选", null=True, blank=True)
    # A registered purpose (purposes.py): who manages it and who sees its results.
    purpose = models.CharField("用途", max_length=30, blank=True, db_index=True)
    decision = models.CharField("表决规则", max_length=30, blank=True)
    min_voters = models.PositiveSmallIntegerField("最少投票人数", default=3)
    # Everyone active in this unit's subtree votes, without a row or a notice each beforehand.
    audience_path = models.CharField("投票范围", max_length=255, blank=True, db_index=True)
    counted_at = models.DateTimeField("计票时间", null=True, blank=True)
    withheld = models.BooleanField("投票人数不足，未计票", default=False)
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
    optional = models.BooleanField("可不填", default=False)
    # Whom or what the item is about (a representative, a contract, a nominee): results are
    # read back by subject, never by position or name.
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)

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


class BallotSeal(models.Model):
    """One voter's answers, sealed until the count. Nothing else: no voter, time or order."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="seals")
    box = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.ballot_id}: 密封的选票"


class BallotTally(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="tallies")
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=50)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "choice"], name="unique_ballot_tally")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.choice}: {self.count}"
