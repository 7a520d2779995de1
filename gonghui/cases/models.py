from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.org.models import OrgUnit, UnionOwned, under

from .kinds import all_kinds, get_kind


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, kind: str | None = None) -> CaseQuerySet:
        """Cases `user` may open; of one kind when `kind` is given, which a list of one kind must
        give: an OR over every kind's rule keeps the database from walking one kind's index."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if kind is not None:
            spec = get_kind(kind)
            rule = spec.handler_filter(user)
            # An empty Q is "all of them" here, but `Q(...) | Q()` is just `Q(...)`.
            if rule == Q():
                return self.filter(kind=kind)
            return self.filter(Q(kind=kind) & (Q(requester=user) | _involved(spec, user) | rule))
        condition = Q(requester=user)
        for spec in all_kinds():
            condition |= Q(kind=spec.key) & (_involved(spec, user) | spec.handler_filter(user))
        return self.filter(condition)

    def open(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=True)


def _involved(spec, user) -> Q:
    """Who sees a case besides its requester and the kind's handlers: the person it is about,
    and the people assigned to it (a reviewer, an inspector). Asked only of kinds that have
    them, so the lists of the others keep their plans."""
    condition = Q(pk__in=[])
    if spec.may_open is not None and user.employee_id:
        condition |= Q(subject_id=user.employee_id)
    if spec.has_assignees:
        condition |= Q(pk__in=CaseAssignee.objects.filter(user=user, active=True).values("case_id"))
    return condition


class Case(UnionOwned):
    """Anything raised, assigned, handled, answered and judged. A kind declares its states and rules."""

    kind = models.CharField("类型", max_length=30)
    number = models.CharField("编号", max_length=30)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    category = models.CharField("类别", max_length=30)
    # Looked up through the case_requester index (requester, newest first), which serves the
    # foreign key too: a second index on requester alone is one more to write on every case.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人", db_index=False
    )
    anonymous = models.BooleanField("匿名", default=False)
    # Whom the case is about when that is not the requester (a branch chair applying for an
    # employee's aid); they see it as the requester does.
    subject = models.ForeignKey(
        "org.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="当事人"
    )
    state = models.CharField("状态", max_length=20)
    lead_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="主办单位"
    )
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    answer = models.TextField("答复", blank=True)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    rating_reason = models.CharField("评价说明", max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    # Merged (并案) into another case of its kind: handled there, answered with it, rated by
    # its own requester.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", verbose_name="并入"
    )
    # Bumped by every change: two people acting on one version, one wins, the other is told.
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    first_response_at = models.DateTimeField("首次响应", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("超期提醒时间", null=True, blank=True)
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        indexes = [
            # Covering for the newest-first lists: the permission columns are read from the index,
            # so walking far into a list does not fetch every row it skips.
            # Lists run newest first by id (cursor paging): a kind's cases in that order, with
            # the columns their filters read, and the same per state.
            models.Index(
                fields=["kind", "-id", "category", "state", "requester", "anonymous", "union"],
                name="case_kind_recent_cover",
            ),
            models.Index(fields=["kind", "state", "-id"], name="case_kind_state"),
            models.Index(fields=["requester", "-created_at"], name="case_requester"),
            # The to-do's order (open cases, soonest deadline first, then oldest): walked, not
            # sorted, so a page stops after fifty whatever the number of open cases. Partial:
            # both databases then read the order off it once the query says closed_at IS NULL.
            models.Index(fields=["due_at", "created_at"], condition=Q(closed_at__isnull=True), name="case_open_due"),
        ]
        # Each union numbers its own cases.
        constraints = [models.UniqueConstraint(fields=["union", "number"], name="unique_case_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def kind_spec(self):
        return get_kind(self.kind)

    @property
    def state_label(self) -> str:
        return self.kind_spec.states.get(self.state, self.state)

    @property
    def category_label(self) -> str:
        return self.kind_spec.categories.get(self.category, self.category)

    def is_overdue(self, now=None) -> bool:
        return bool(
            self.due_at
            and self.closed_at is None
            and self.answered_at is None
            and self.due_at < (now or timezone.now())
        )


class CaseUnit(models.Model):
    """A unit a case is assigned to: one lead unit, any number of co-units, each with its own deadline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    is_lead = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField("协办意见", blank=True)
    replied_at = models.DateTimeField("协办答复时间", null=True, blank=True)
    # The unit owes something now: the case is in one of its kind's unit states, unanswered, and
    # this is the lead or a co-unit yet to reply. Kept by cases.services after every step, so a
    # unit's to-do reads its pending work, not its whole history (a department's thousands).
    waiting = models.BooleanField(default=True)

    class Meta:
        indexes = [
            # Covering: visibility reads the case ids of a subtree from the index alone.
            models.Index(fields=["unit_path", "active", "case"], name="caseunit_scope_cases"),
            models.Index(fields=["unit_path", "case"], condition=Q(waiting=True), name="caseunit_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.unit_id}"


class CaseEvent(models.Model):
    """The timeline: every transition, comment, assignment, urging and attachment, with actor and time."""

    # Found through caseevent_timeline (case, created_at); an index on case alone would be one
    # more to write for each of the sweep's 200,000 events.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    action = models.CharField(max_length=20)
    label = models.CharField(max_length=50)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    # No index: nothing looks events up by who acted (accounts are deactivated, not deleted),
    # and the overdue sweep writes a case's worth of events with no actor at all.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # An anonymous requester's own steps are shown as 匿名职工 to everybody else.
    actor_hidden = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    # The step's own data, from its kind's form (a grade, scores, a cost).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="caseevent_timeline")]

    def __str__(self) -> str:
        return self.label


class CaseAssignee(models.Model):
    """A named person a case is assigned to: one (an inspector to verify) or each of a panel
    (reviewers scoring an innovation). `reviewed_at` once they have given their review."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField("指派环节", max_length=20)
    active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField("提交时间", null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "active", "case"], name="caseassignee_user")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"


def attachment_path(instance, filename):
    return f"cases/{instance.case_id}/{filename}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, on_delete=models.SET_NULL, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    # A small JPEG of an image attachment, for the timeline; empty for other files.
    thumbnail = models.FileField(upload_to=attachment_path, blank=True)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)

    def __str__(self) -> str:
        return self.name


class CaseCounter(UnionOwned):
    """Numbers per kind and year (SQ-2026-0001), taken under a row lock so none repeats."""

    kind = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["union", "kind", "year"], name="unique_case_counter")]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last}"


def _in_subtrees(paths: list[str]) -> Q:
    condition = Q()
    for path in paths:
        condition |= under("unit_path", path)
    return condition


def unit_scope(paths: list[str]) -> Q:
    """Cases assigned (actively) to a unit inside any of these subtrees."""
    if not paths:
        return Q(pk__in=[])
    return Q(pk__in=CaseUnit.objects.filter(_in_subtrees(paths), active=True).values("case_id"))


def waiting_unit_scope(paths: list[str]) -> Q:
    """Cases waiting now for a unit inside these subtrees: the lead, or a co-unit yet to reply."""
    if not paths:
        return Q(pk__in=[])
    return Q(pk__in=CaseUnit.objects.filter(_in_subtrees(paths), waiting=True).values("case_id"))
