"""Opening, casting, counting and closing secret ballots. See models.py for what the database keeps."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core.db import insert_from
from gonghui.core.numbers import percent
from gonghui.notify.services import notify_many
from gonghui.org.models import Employee, EmploymentStatus, under
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, union_path

from .models import Ballot, BallotItem, BallotSeal, BallotTally, BallotVoter, Method, audience_paths
from .purposes import RULES, get_purpose
from .seal import MAX_VALUES, seal, unseal

RATINGS = ["优秀", "称职", "基本称职", "不称职"]
SATISFACTION = ["满意", "基本满意", "不满意"]
MOTION = ["同意", "不同意", "弃权"]
APPROVED = "入选"
# Closing before the deadline needs more than this share of the eligible to have voted: an
# organiser cannot end a ballot just after one person voted and read what they chose.
EARLY_CLOSE_QUORUM = Fraction(1, 2)
# The rates a union reports for each preset: (name, the choices it counts). 称职率 counts 优秀 too,
# as the evaluation rules do; 满意率 counts 基本满意.
RATES = {
    tuple(RATINGS): [("优秀率", ("优秀",)), ("称职率", ("优秀", "称职"))],
    tuple(SATISFACTION): [("满意率", ("满意", "基本满意"))],
    tuple(MOTION): [("赞成率", ("同意",))],
}


def _audit(ballot: Ballot, *, actor=None, step: str, changes: dict | None = None) -> None:
    """One audit row, by `actor` (none: the system).

    bulk_create: a saved LogEntry picks up the request's address, which says nothing useful
    here and would help tie a vote to a time and a place."""
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ContentType.objects.get_for_model(Ballot),
                object_pk=str(ballot.pk),
                object_id=ballot.pk,
                object_repr=ballot.title[:200],
                action=LogEntry.Action.UPDATE,
                changes={k: [str(a), str(b)] for k, (a, b) in (changes or {}).items()},
                actor=actor,
                additional_data={"step": step},
            )
        ]
    )


@dataclass(frozen=True)
class Item:
    """What a ballot asks about: a label, and whom or what it is about (any saved record)."""

    label: str
    subject: object = None
    optional: bool = False


def _purpose_of(ballot: Ballot):
    return get_purpose(ballot.purpose)


def may_manage(user, ballot: Ballot | None = None) -> bool:
    if ballot is None:
        return can(user, "ballots.manage")
    return _purpose_of(ballot).may_manage(user, ballot)


def results_visible(user, ballot: Ballot) -> bool:
    if not ballot.is_closed():
        return False
    if may_manage(user, ballot):
        return True
    sees = _purpose_of(ballot).sees_results
    if sees is not None and sees(user, ballot):
        return True
    return ballot.results_public and is_eligible(user, ballot)


def is_eligible(user, ballot: Ballot) -> bool:
    if ballot.audience_path:
        return ballot.audience_path in audience_paths(user)
    return ballot.voters.filter(user=user).exists()


def _answer_values(method: str, choices, max_approvals, score_range) -> tuple[list[str], list[str]]:
    errors = []
    if method == Method.APPROVE:
        if not max_approvals or max_approvals < 1:
            errors.append("请填写每人最多可选几项")
        return [APPROVED], errors
    if method == Method.SCORE:
        low, high = score_range or (None, None)
        if low is None or high is None or not (0 <= low < high <= 100):
            errors.append("打分范围须在 0 至 100 之间，且最高分大于最低分")
            return [], errors
        return [str(n) for n in range(low, high + 1)], errors
    if method != Method.CHOICE:
        return [], ["未知的投票方式"]
    choices = list(dict.fromkeys(c.strip() for c in (choices or []) if c and c.strip()))
    if len(choices) < 2:
        errors.append("至少需要两个选项")
    if len(choices) > MAX_VALUES:
        errors.append(f"选项不能超过 {MAX_VALUES} 个")
    if any(len(c) > 50 for c in choices):
        errors.append("每个选项不超过 50 个字")
    return choices, errors


@transaction.atomic
def ballot_create(
    *,
    actor,
    title: str,
    items: list,
    opens_at,
    closes_at,
    voters=None,
    audience=None,
    method: str = Method.CHOICE,
    choices: list[str] | None = None,
    max_approvals: int | None = None,
    score_range: tuple[int, int] | None = None,
    description: str = "",
    purpose: str = "",
    decision: str = "",
    results_public: bool = False,
    union_id: int | None = None,
) -> Ballot:
    """Open a secret ballot of `union_id` (else the actor's union), if the purpose lets the
    actor manage it. Voters are a list (only that union's people vote, whoever else it names),
    or an `audience`: everyone active under that unit, with no list made or notice sent."""
    union_id = union_id or acting_union_id(actor)
    if union_id is None:
        raise PermissionDenied("您不属于任何工会，不能发起投票")
    ballot = Ballot(union_id=union_id, purpose=purpose)
    if not may_manage(actor, ballot):
        raise PermissionDenied("您不能发起这项投票")
    values, errors = _answer_values(method, choices, max_approvals, score_range)
    items = [i if isinstance(i, Item) else Item(label=i) for i in items]
    items = [Item(i.label.strip(), i.subject, i.optional) for i in items if i.label and i.label.strip()]
    if audience is not None:
        if not audience.path.startswith(union_path(union_id)):
            raise PermissionDenied("投票范围须在本工会内")
        voter_count = _audience(audience.path).count()
    else:
        # A unit's whole staff comes as a query and goes into the list by the database, not as objects.
        if not isinstance(voters, QuerySet):
            voters = get_user_model().objects.filter(pk__in=[u.pk for u in voters or []])
        voters = voters.filter(under("employee__unit_path", union_path(union_id))).distinct()
        voter_count = voters.count()
    min_voters = settings.BALLOT_MIN_VOTERS
    if not (title or "").strip():
        errors.append("请填写标题")
    if not items:
        errors.append("至少需要一个评议对象或表决事项")
    if method == Method.APPROVE and max_approvals and max_approvals > len(items):
        errors.append("最多可选的项数不能多于候选项数")
    if not voter_count:
        errors.append("没有有投票资格的人")
    elif voter_count < min_voters:
        errors.append(f"有投票资格的只有 {voter_count} 人：少于 {min_voters} 人的无记名投票无法保密")
    if decision and decision not in RULES:
        errors.append("未知的表决规则")
    if closes_at <= opens_at:
        errors.append("截止时间须晚于开始时间")
    if closes_at <= timezone.now():
        errors.append("截止时间须晚于现在")
    if errors:
        raise ValidationError(errors)
    for name, value in dict(
        title=title.strip(),
        description=description.strip(),
        method=method,
        choices=values,
        max_approvals=max_approvals if method == Method.APPROVE else None,
        decision=decision,
        min_voters=min_voters,
        audience_path=audience.path if audience is not None else "",
        opens_at=opens_at,
        closes_at=closes_at,
        results_public=results_public,
        created_by=actor,
    ).items():
        setattr(ballot, name, value)
    ballot.save()
    made = BallotItem.objects.bulk_create(
        [
            BallotItem(
                ballot=ballot,
                label=item.label[:200],
                order=n,
                optional=item.optional,
                subject_type=ContentType.objects.get_for_model(item.subject) if item.subject is not None else None,
                subject_id=item.subject.pk if item.subject is not None else None,
            )
            for n, item in enumerate(items)
        ]
    )
    # Every count exists from the start: counting only ever adds to one, never inserts a row.
    BallotTally.objects.bulk_create(
        [BallotTally(ballot=ballot, item=item, choice=value) for item in made for value in values]
    )
    _audit(
        ballot,
        actor=actor,
        step="发起投票",
        changes={"title": ("", ballot.title), "voters": ("", voter_count), "items": ("", len(made))},
    )
    if audience is None:
        insert_from(BallotVoter, voters, copy={"user": "pk"}, values={"ballot": ballot.pk})
        when = timezone.localtime(opens_at)
        notify_many(
            voters,
            title=f"请参加投票：{ballot.title}",
            body=f"{when:%m月%d日 %H:%M} 开始，{timezone.localtime(closes_at):%m月%d日 %H:%M} 截止。无记名投票。",
            url=reverse("ballots:detail", args=[ballot.pk]),
        )
    return ballot


class AlreadyVoted(ValidationError):
    pass


def _clean_answers(ballot: Ballot, items: list[BallotItem], answers: dict) -> dict[int, str]:
    """The answers kept, one value per answered item, or the reason they cannot be."""
    kept, missing = {}, []
    for item in items:
        value = answers.get(item.pk)
        value = "" if value is None else str(value).strip()
        if ballot.method == Method.APPROVE and value in ("", "0", "false", "否"):
            continue
        if ballot.method == Method.APPROVE and value in ("1", "true", "是"):
            value = APPROVED
        if value in ballot.choices:
            kept[item.pk] = value
        elif value or not item.optional:
            missing.append(item.label)
    if ballot.method == Method.APPROVE:
        if len(kept) > ballot.max_approvals:
            raise ValidationError(f"最多选 {ballot.max_approvals} 项，您选了 {len(kept)} 项")
        if missing:
            raise ValidationError("所选的不是本次投票的候选项")
    elif missing:
        raise ValidationError(f"请为每一项选择：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}")
    return kept


@transaction.atomic
def ballot_vote(*, voter, ballot: Ballot, answers: dict[int, str]) -> None:
    """Marks the voter as having voted and drops their answers, sealed, into the box. No audit
    row: it would tie a name to the moment of a seal.

    Under the ballot's row lock, as closing and counting are: a vote either lands before the
    count or is turned away, never left behind it unopened and uncounted."""
    if not is_eligible(voter, ballot):
        raise PermissionDenied("您不在本次投票的名单中")
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if not ballot.is_open() or ballot.counted_at is not None:
        raise ValidationError("投票已结束" if ballot.is_closed() else "投票尚未开始")
    items = list(ballot.items.all())
    kept = _clean_answers(ballot, items, answers)
    if ballot.audience_path:
        try:
            with transaction.atomic():
                BallotVoter.objects.create(ballot=ballot, user=voter, has_voted=True)
        except IntegrityError:
            raise AlreadyVoted("您已投过票，每人只能投一次") from None
    # One conditional UPDATE decides who was first: a double tap counts once.
    elif not BallotVoter.objects.filter(ballot=ballot, user=voter, has_voted=False).update(has_voted=True):
        raise AlreadyVoted("您已投过票，每人只能投一次")
    BallotSeal.objects.create(ballot=ballot, box=seal(ballot.pk, [i.pk for i in items], ballot.choices, kept))


@transaction.atomic
def ballot_cast_many(*, ballot: Ballot, votes: list[tuple[int, dict[int, str]]]) -> int:
    """Many people's votes at once, for a demo or a benchmark that would take minutes one by one
    (a 50,000-person union's evaluations): the same rules, the same has-voted marks and one
    seal per vote, written together. `votes`: [(user id, answers)].

    Nobody cast these by hand, so the log says so once, not once for each voter."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if not ballot.is_open() or ballot.counted_at is not None:
        raise ValidationError("投票已结束" if ballot.is_closed() else "投票尚未开始")
    users = [user_id for user_id, _ in votes]
    if len(users) != len(set(users)):
        raise ValidationError("同一人不能投两次")
    items = list(ballot.items.all())
    ids = [i.pk for i in items]
    boxes = [seal(ballot.pk, ids, ballot.choices, _clean_answers(ballot, items, answers)) for _, answers in votes]
    cast = BallotVoter.objects.filter(ballot=ballot, user_id__in=users, has_voted=False).update(has_voted=True)
    if cast != len(users):
        raise AlreadyVoted("名单外的人或已投过票的人不能再投")
    BallotSeal.objects.bulk_create([BallotSeal(ballot=ballot, box=box) for box in boxes])
    _audit(ballot, step="批量投票", changes={"voted": ("", cast)})
    return cast


def _audience(path: str):
    """Everyone who may vote in an audience ballot: the active employees under its unit."""
    return Employee.objects.filter(under("unit_path", path), status=EmploymentStatus.ACTIVE)


def turnout(ballot: Ballot) -> tuple[int, int]:
    """(eligible, voted) now: who voted is not secret, only what they chose."""
    if ballot.audience_path:
        return _audience(ballot.audience_path).count(), ballot.voters.filter(has_voted=True).count()
    row = ballot.voters.aggregate(eligible=Count("id"), voted=Count("id", filter=Q(has_voted=True)))
    return row["eligible"], row["voted"]


@transaction.atomic
def ballot_count(ballot: Ballot) -> Ballot:
    """Opens every seal of a closed ballot, counts them in a shuffled order into the tallies in
    one write and deletes the seals; below the minimum of voters, deletes them unopened. Runs
    once, whoever asks first (closing, or the first look at the results after the deadline)."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.counted_at is not None:
        return ballot
    if not ballot.is_closed():
        raise ValidationError("投票尚未结束，不能计票")
    eligible, voted = turnout(ballot)
    boxes = list(BallotSeal.objects.filter(ballot=ballot).values_list("box", flat=True))
    secrets.SystemRandom().shuffle(boxes)
    # Nothing writes a count before this: withheld, the counts simply stay at nought.
    ballot.withheld = voted < ballot.min_voters
    if not ballot.withheld:
        ids = list(ballot.items.values_list("pk", flat=True))
        counts = Counter(chain.from_iterable(unseal(ballot.pk, ids, ballot.choices, box).items() for box in boxes))
        tallies = list(BallotTally.objects.filter(ballot=ballot))
        for tally in tallies:
            tally.count += counts.get((tally.item_id, tally.choice), 0)
        BallotTally.objects.bulk_update(tallies, ["count"])
    BallotSeal.objects.filter(ballot=ballot).delete()
    ballot.counted_at = timezone.now()
    ballot.save(update_fields=["counted_at", "withheld"])
    _audit(
        ballot,
        step="计票" if not ballot.withheld else "投票人数不足，未计票",
        changes={"eligible": ("", eligible), "voted": ("", voted)},
    )
    return ballot


def count_expired(now=None) -> dict:
    """Counts every ballot past its deadline that nobody has looked at yet (the periodic
    job): its seals are opened and deleted soon after it closes, not when the results are
    first asked for, so that no seal waits in the database for longer than it must."""
    now = now or timezone.now()
    due = Ballot.objects.filter(counted_at__isnull=True, closes_at__lte=now).values_list("pk", flat=True)
    counted = 0
    for ballot in Ballot.objects.filter(pk__in=list(due)):
        ballot_count(ballot)
        counted += 1
    return {"ballots_counted": counted}


@transaction.atomic
def ballot_close(*, actor, ballot: Ballot) -> Ballot:
    if not may_manage(actor, ballot):
        raise PermissionDenied("只有发起人或工会办公室可以结束投票")
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if locked.is_closed():
        raise ValidationError("投票已经结束")
    eligible, voted = turnout(locked)
    if voted <= EARLY_CLOSE_QUORUM * eligible:
        raise ValidationError(
            f"已投 {voted} 人，未超过应投 {eligible} 人的半数：为保护投票秘密，只能等到截止时间自动结束"
        )
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    _audit(locked, actor=actor, step="提前结束投票", changes={"closed_at": ("", locked.closed_at)})
    counted = ballot_count(locked)
    ballot.closed_at, ballot.counted_at, ballot.withheld = counted.closed_at, counted.counted_at, counted.withheld
    return ballot


@dataclass
class ItemResult:
    label: str
    counts: list[tuple[str, int]]
    total: int
    subject: tuple[int, int] | None = None  # (content type id, id) of what the item is about
    rank: int | None = None

    def share(self, choice: str) -> int | None:
        count = dict(self.counts).get(choice, 0)
        return round(count * 100 / self.total) if self.total else None

    def rate(self, choices) -> float | None:
        counts = dict(self.counts)
        return round(sum(counts.get(c, 0) for c in choices) * 100 / self.total, 1) if self.total else None

    def count(self, choice: str) -> int:
        return dict(self.counts).get(choice, 0)

    @property
    def mean(self) -> float | None:
        """The mean score, for a scoring ballot (choices are the scores)."""
        return round(sum(int(c) * n for c, n in self.counts) / self.total, 2) if self.total else None


@dataclass
class Results:
    items: list[ItemResult]
    eligible: int
    voted: int
    rates: list[tuple[str, tuple]] = field(default_factory=list)
    decision: str = ""
    withheld: bool = False

    def rows(self):
        """Each item with its rates, for the page and the export: (item, [rate, …])."""
        return [(item, [item.rate(choices) for _, choices in self.rates]) for item in self.items]

    @property
    def rate_names(self) -> list[str]:
        return [name for name, _ in self.rates]

    @property
    def turnout(self) -> int | None:
        return percent(self.voted, self.eligible)

    def about(self, subject) -> ItemResult | None:
        """The result of the item about this record."""
        key = (ContentType.objects.get_for_model(subject).pk, subject.pk)
        return next((r for r in self.items if r.subject == key), None)

    def passes(self, item: ItemResult, yes: str) -> bool:
        """Whether the item carried under the ballot's decision rule, `yes` being the assenting choice."""
        return RULES[self.decision].passes(item.count(yes), voted=self.voted, eligible=self.eligible)

    def verdict(self, item: ItemResult, yes: str) -> str:
        return RULES[self.decision].explain(item.count(yes), voted=self.voted, eligible=self.eligible)


def ballot_results(ballot: Ballot) -> Results:
    """The counts of a closed ballot, counted first if nobody has yet. Callers check
    results_visible() first; withheld results (too few voters) have every count at nought."""
    if not ballot.is_closed():
        raise PermissionDenied("投票结束后才能查看结果")
    if ballot.counted_at is None:
        counted = ballot_count(ballot)
        ballot.counted_at, ballot.withheld = counted.counted_at, counted.withheld
    counts = {(t.item_id, t.choice): t.count for t in ballot.tallies.all()}
    items = []
    for item in ballot.items.all():
        row = [(choice, counts.get((item.pk, choice), 0)) for choice in ballot.choices]
        subject = (item.subject_type_id, item.subject_id) if item.subject_type_id else None
        items.append(ItemResult(label=item.label, counts=row, total=sum(n for _, n in row), subject=subject))
    if ballot.method == Method.APPROVE:
        by_votes = sorted(items, key=lambda r: -r.total)
        for r in items:
            r.rank = 1 + sum(1 for other in by_votes if other.total > r.total)
    eligible, voted = turnout(ballot)
    return Results(
        items=items,
        eligible=eligible,
        voted=voted,
        rates=RATES.get(tuple(ballot.choices), []),
        decision=ballot.decision,
        withheld=ballot.withheld,
    )
