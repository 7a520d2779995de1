"""The ballot kernel's contract, driven by a purpose declared here and nowhere else: who may
open and manage it, who sees results, the three methods, subjects, decision rules, an audience
electorate, the minimum of voters and the quorum for closing early."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.ballots.models import Ballot, BallotSeal, BallotVoter, Method
from gonghui.ballots.purposes import RULES, Purpose, register_purpose
from gonghui.ballots.services import (
    AlreadyVoted,
    Item,
    ballot_close,
    ballot_create,
    ballot_results,
    ballot_vote,
    turnout,
)
from gonghui.notify.models import Notification
from gonghui.org.rules import can
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db

# Only the chair runs an honours vote; a nominee sees the result about themselves.
register_purpose(
    Purpose(
        "test_honours",
        "测试：评先评优",
        may_manage=lambda user, ballot: can(user, "ballots.manage", ballot) and user.username == "H0001",
        sees_results=lambda user, ballot: ballot.items.filter(subject_id=getattr(user, "employee_id", None)).exists(),
    )
)


def _window():
    now = timezone.now()
    return {"opens_at": now - timedelta(minutes=1), "closes_at": now + timedelta(days=1)}


def _end(ballot):
    """The deadline passes."""
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    ballot.refresh_from_db()


@pytest.fixture
def nominees(union):
    # Two people share a name: results are read back by who they are, not by what they are called.
    return [
        make_employee(union.shift1, "王磊"),
        make_employee(union.shift2, "王磊"),
        make_employee(union.boiler_team, "李娜"),
        make_employee(union.boiler_team, "赵强"),
    ]


@pytest.fixture
def voters(union):
    return [make_user(make_employee(union.shift1, f"评委{i}")) for i in range(4)]


def test_the_purpose_decides_who_opens_and_who_sees(union, nominees, voters):
    items = [Item(e.name, subject=e) for e in nominees]
    with pytest.raises(PermissionDenied):
        ballot_create(
            actor=union.staff,  # union office, but this purpose is the chair's alone
            title="年度先进",
            items=items,
            method=Method.APPROVE,
            max_approvals=2,
            voters=voters,
            purpose="test_honours",
            **_window(),
        )
    ballot = ballot_create(
        actor=union.chair,
        title="年度先进",
        items=items,
        method=Method.APPROVE,
        max_approvals=2,
        voters=voters,
        purpose="test_honours",
        decision="majority_cast",
        **_window(),
    )
    picks = [(0, 2), (0, 1), (0, 2), (1, 3)]
    for voter, chosen in zip(voters, picks, strict=True):
        ballot_vote(voter=voter, ballot=ballot, answers={ballot.items.all()[n].pk: "入选" for n in chosen})
    with pytest.raises(ValidationError, match="最多选 2 项，您选了 3 项"):
        extra = make_user(make_employee(union.shift1, "迟到的评委"))
        BallotVoter.objects.create(ballot=ballot, user=extra)
        ballot_vote(voter=extra, ballot=ballot, answers={i.pk: "入选" for i in ballot.items.all()[:3]})
    with pytest.raises(PermissionDenied):
        ballot_close(actor=union.staff, ballot=ballot)
    ballot_close(actor=union.chair, ballot=ballot)
    results = ballot_results(ballot)
    first, second = (results.about(e) for e in nominees[:2])
    assert (first.total, first.rank) == (3, 1) and (second.total, second.rank) == (2, 2)
    assert (results.about(nominees[2]).rank, results.about(nominees[3]).rank) == (2, 4)  # a tie shares a place
    # 3 of 4 votes cast is more than half; 2 of 4 is not.
    assert results.passes(first, yes="入选") and not results.passes(results.about(nominees[2]), yes="入选")
    assert results.verdict(first, yes="入选") == "赞成 3 票，实投 4 票，超过实投票数的半数：通过"

    from gonghui.ballots.services import results_visible

    nominee_login = make_user(nominees[2])
    assert results_visible(nominee_login, ballot)  # the purpose's own rule
    assert not results_visible(union.staff, ballot)  # office, but not a manager of this purpose
    assert not results_visible(voters[0], ballot)  # results were not published to voters


def test_scores_with_an_optional_item(union, voters):
    ballot = ballot_create(
        actor=union.staff,
        title="职工故事评分",
        items=[Item("故事一"), Item("故事二", optional=True)],
        method=Method.SCORE,
        score_range=(1, 5),
        voters=voters,
        **_window(),
    )
    first, second = ballot.items.all()
    with pytest.raises(ValidationError, match="请为每一项选择：故事一"):
        ballot_vote(voter=voters[0], ballot=ballot, answers={second.pk: "5"})
    with pytest.raises(ValidationError, match="请为每一项选择：故事一"):
        ballot_vote(voter=voters[0], ballot=ballot, answers={first.pk: "6"})
    ballot_vote(voter=voters[0], ballot=ballot, answers={first.pk: "5", second.pk: "2"})
    ballot_vote(voter=voters[1], ballot=ballot, answers={first.pk: "4"})
    ballot_vote(voter=voters[2], ballot=ballot, answers={first.pk: 3, second.pk: ""})
    # A skipped item, a low score, a high one: every seal the same length, or its size would tell.
    assert len({len(bytes(box)) for box in BallotSeal.objects.filter(ballot=ballot).values_list("box", flat=True)}) == 1
    ballot_close(actor=union.staff, ballot=ballot)
    results = ballot_results(ballot)
    assert [(r.total, r.mean) for r in results.items] == [(3, 4.0), (1, 2.0)]


def test_an_audience_votes_without_a_list_or_a_notice_each(client, login, union):
    for i in range(3):
        make_user(make_employee(union.shift2, f"二值{i}"))
    before = Notification.objects.count()
    ballot = ballot_create(
        actor=union.staff,
        title="运行部食堂满意度",
        items=["食堂"],
        choices=["满意", "不满意"],
        audience=union.run_dept,
        **_window(),
    )
    assert not BallotVoter.objects.filter(ballot=ballot).exists() and Notification.objects.count() == before
    eligible, voted = turnout(ballot)
    assert voted == 0 and eligible >= 5  # everyone active in 运行部, logged in or not
    login(union.employee)
    assert "运行部食堂满意度" in client.get(reverse("ballots:list")).content.decode()
    item = ballot.items.get()
    client.post(reverse("ballots:vote", args=[ballot.pk]), {f"item-{item.pk}": "满意"})
    with pytest.raises(AlreadyVoted):
        ballot_vote(voter=union.employee, ballot=ballot, answers={item.pk: "不满意"})
    login(union.outsider)  # 燃料部: not in the audience
    assert client.get(reverse("ballots:detail", args=[ballot.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        ballot_vote(voter=union.outsider, ballot=ballot, answers={item.pk: "满意"})
    assert turnout(ballot) == (eligible, 1)


def test_too_few_voters_are_never_counted(union, voters):
    with pytest.raises(ValidationError, match="有投票资格的只有 2 人"):
        ballot_create(
            actor=union.staff,
            title="小范围",
            items=["事项"],
            choices=["同意", "不同意"],
            voters=voters[:2],
            **_window(),
        )
    ballot = ballot_create(
        actor=union.staff, title="小范围", items=["事项"], choices=["同意", "不同意"], voters=voters, **_window()
    )
    item = ballot.items.get()
    for voter in voters[:2]:
        ballot_vote(voter=voter, ballot=ballot, answers={item.pk: "同意"})
    # Two of four is not more than half: the organiser waits for the deadline.
    with pytest.raises(ValidationError, match="未超过应投 4 人的半数"):
        ballot_close(actor=union.staff, ballot=ballot)
    _end(ballot)
    results = ballot_results(ballot)
    assert results.withheld and results.voted == 2 and all(r.total == 0 for r in results.items)
    assert not BallotSeal.objects.filter(ballot=ballot).exists()


def test_decision_rules():
    cast, all_of_them = RULES["majority_cast"], RULES["majority_eligible"]
    assert cast.passes(6, voted=10, eligible=30) and not all_of_them.passes(6, voted=10, eligible=30)
    assert all_of_them.passes(16, voted=20, eligible=30) and not all_of_them.passes(15, voted=20, eligible=30)
    assert RULES["two_thirds"].passes(20, voted=30, eligible=30) and not RULES["two_thirds"].passes(
        19, voted=30, eligible=30
    )
    quorum = RULES["majority_with_quorum"]
    assert not quorum.passes(15, voted=15, eligible=30) and quorum.passes(9, voted=16, eligible=30)
    assert quorum.explain(15, voted=15, eligible=30) == "实投 15 人，未超过应投 30 人的半数，表决无效"
