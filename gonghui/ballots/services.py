"""Opening, casting and closing secret ballots. See models.py for why votes leave no rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core.db import insert_from
from gonghui.notify.services import notify_many
from gonghui.org.models import under
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, union_path

from .models import Ballot, BallotItem, BallotTally, BallotVoter

RATINGS = ["优秀", "称职", "基本称职", "不称职"]
SATISFACTION = ["满意", "基本满意", "不满意"]
MOTION = ["同意", "不同意", "弃权"]
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


def may_manage(user, ballot: Ballot | None = None) -> bool:
    return can(user, "ballots.manage", ballot)


def results_visible(user, ballot: Ballot) -> bool:
    if not ballot.is_closed():
        return False
    if may_manage(user, ballot):
        return True
    return ballot.results_public and ballot.voters.filter(user=user).exists()


@transaction.atomic
def ballot_create(
    *,
    actor,
    title: str,
    choices: list[str],
    items: list[str],
    voters,
    opens_at,
    closes_at,
    description: str = "",
    purpose: str = "",
    results_public: bool = False,
    union_id: int | None = None,
) -> Ballot:
    """Open a secret ballot of `union_id` (else the actor's union). Only that union's people
    vote in it, whoever else `voters` names."""
    union_id = union_id or acting_union_id(actor)
    if union_id is None:
        raise PermissionDenied("您不属于任何工会，不能发起投票")
    choices = list(dict.fromkeys(c.strip() for c in choices if c and c.strip()))
    items = [i.strip() for i in items if i and i.strip()]
    # A unit's whole staff comes as a query and goes into the list by the database, not as objects.
    if not isinstance(voters, QuerySet):
        voters = get_user_model().objects.filter(pk__in=[u.pk for u in voters])
    voters = voters.filter(under("employee__unit_path", union_path(union_id))).distinct()
    voter_count = voters.count()
    errors = []
    if not (title or "").strip():
        errors.append("请填写标题")
    if len(choices) < 2:
        errors.append("至少需要两个选项")
    if any(len(c) > 50 for c in choices):
        errors.append("每个选项不超过 50 个字")
    if not items:
        errors.append("至少需要一个评议对象或表决事项")
    if not voter_count:
        errors.append("没有有投票资格的人")
    if closes_at <= opens_at:
        errors.append("截止时间须晚于开始时间")
    if closes_at <= timezone.now():
        errors.append("截止时间须晚于现在")
    if errors:
        raise ValidationError(errors)
    ballot = Ballot.objects.create(
        union_id=union_id,
        title=title.strip(),
        description=description.strip(),
        choices=choices,
        purpose=purpose,
        opens_at=opens_at,
        closes_at=closes_at,
        results_public=results_public,
        created_by=actor,
    )
    made = BallotItem.objects.bulk_create(
        [BallotItem(ballot=ballot, label=label[:200], order=n) for n, label in enumerate(items)]
    )
    # Every count exists from the start: a vote only ever adds to one, never inserts a row.
    BallotTally.objects.bulk_create(
        [BallotTally(ballot=ballot, item=item, choice=choice) for item in made for choice in choices]
    )
    insert_from(BallotVoter, voters, copy={"user": "pk"}, values={"ballot": ballot.pk})
    _audit(
        ballot,
        actor=actor,
        step="发起投票",
        changes={"title": ("", ballot.title), "voters": ("", voter_count), "items": ("", len(made))},
    )
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


@transaction.atomic
def ballot_vote(*, voter, ballot: Ballot, answers: dict[int, str]) -> None:
    if not BallotVoter.objects.filter(ballot=ballot, user=voter).exists():
        raise PermissionDenied("您不在本次投票的名单中")
    if not ballot.is_open():
        raise ValidationError("投票已结束" if ballot.is_closed() else "投票尚未开始")
    items = list(ballot.items.all())
    missing = [i.label for i in items if answers.get(i.pk) not in ballot.choices]
    if missing:
        raise ValidationError(f"请为每一项选择：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}")
    # One conditional UPDATE decides who was first: a double tap counts once.
    if not BallotVoter.objects.filter(ballot=ballot, user=voter, has_voted=False).update(has_voted=True):
        raise AlreadyVoted("您已投过票，每人只能投一次")
    for item in items:
        BallotTally.objects.filter(item=item, choice=answers[item.pk]).update(count=F("count") + 1)
    _audit(ballot, actor=voter, step="投票")


@transaction.atomic
def ballot_cast_many(*, ballot: Ballot, votes: list[tuple[int, dict[int, str]]]) -> int:
    """Many people's votes at once, for a demo or a benchmark that would take minutes one by one
    (a 50,000-person union's evaluations): the same rules, the same two tables kept apart, one
    UPDATE for who voted and one per choice for the counts. `votes`: [(user id, answers)].

    Nobody cast these by hand, so the log says so once, not once for each voter."""
    if not ballot.is_open():
        raise ValidationError("投票已结束" if ballot.is_closed() else "投票尚未开始")
    items = set(ballot.items.values_list("pk", flat=True))
    choices = set(ballot.choices)
    users = []
    for user_id, answers in votes:
        if answers.keys() != items or not choices.issuperset(answers.values()):
            raise ValidationError("每一项都须在选项中选择")
        users.append(user_id)
    counts = Counter(chain.from_iterable(answers.items() for _, answers in votes))
    cast = BallotVoter.objects.filter(ballot=ballot, user_id__in=users, has_voted=False).update(has_voted=True)
    if cast != len(set(users)):
        raise AlreadyVoted("名单外的人或已投过票的人不能再投")
    for (item_id, choice), n in counts.items():
        BallotTally.objects.filter(item_id=item_id, choice=choice).update(count=F("count") + n)
    _audit(ballot, step="批量投票", changes={"voted": ("", cast)})
    return cast


@transaction.atomic
def ballot_close(*, actor, ballot: Ballot) -> Ballot:
    if not may_manage(actor, ballot):
        raise PermissionDenied("只有发起人或工会办公室可以结束投票")
    if ballot.is_closed():
        raise ValidationError("投票已经结束")
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["closed_at"])
    _audit(ballot, actor=actor, step="提前结束投票", changes={"closed_at": ("", ballot.closed_at)})
    return ballot


@dataclass
class ItemResult:
    label: str
    counts: list[tuple[str, int]]
    total: int

    def share(self, choice: str) -> int | None:
        count = dict(self.counts).get(choice, 0)
        return round(count * 100 / self.total) if self.total else None

    def rate(self, choices) -> float | None:
        counts = dict(self.counts)
        return round(sum(counts.get(c, 0) for c in choices) * 100 / self.total, 1) if self.total else None


@dataclass
class Results:
    items: list[ItemResult]
    eligible: int
    voted: int
    rates: list[tuple[str, tuple]] = field(default_factory=list)

    def rows(self):
        """Each item with its rates, for the page and the export: (item, [rate, …])."""
        return [(item, [item.rate(choices) for _, choices in self.rates]) for item in self.items]

    @property
    def rate_names(self) -> list[str]:
        return [name for name, _ in self.rates]

    @property
    def turnout(self) -> int | None:
        return round(self.voted * 100 / self.eligible) if self.eligible else None


def turnout(ballot: Ballot) -> tuple[int, int]:
    from django.db.models import Count, Q

    row = ballot.voters.aggregate(eligible=Count("id"), voted=Count("id", filter=Q(has_voted=True)))
    return row["eligible"], row["voted"]


def ballot_results(ballot: Ballot) -> Results:
    """The tallies. Callers check results_visible() first: before closing there are none to show."""
    if not ballot.is_closed():
        raise PermissionDenied("投票结束后才能查看结果")
    counts = {(t.item_id, t.choice): t.count for t in ballot.tallies.all()}
    items = []
    for item in ballot.items.all():
        row = [(choice, counts.get((item.pk, choice), 0)) for choice in ballot.choices]
        items.append(ItemResult(label=item.label, counts=row, total=sum(n for _, n in row)))
    eligible, voted = turnout(ballot)
    return Results(items=items, eligible=eligible, voted=voted, rates=RATES.get(tuple(ballot.choices), []))
