"""Secret ballots: eligibility, once only, no results before closing, and no way to tie a vote to a voter."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gonghui.ballots.models import Ballot, BallotSeal, BallotTally, BallotVoter
from gonghui.ballots.services import RATINGS, ballot_close, ballot_create, ballot_vote
from gonghui.notify.models import Notification
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(union):
    now = timezone.now()
    return ballot_create(
        actor=union.staff,
        title="2026 年度职工代表民主评议",
        choices=RATINGS,
        items=["陈代表", "赵代表"],
        voters=[union.representative, union.employee, union.branch_chair],
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(days=2),
        purpose="rep_evaluation",
    )


def _vote(client, ballot, *choices):
    data = {f"item-{item.pk}": choice for item, choice in zip(ballot.items.all(), choices, strict=True)}
    return client.post(reverse("ballots:vote", args=[ballot.pk]), data, follow=True)


def test_voters_are_told_and_vote_once(client, login, union, ballot):
    assert Notification.objects.filter(recipient=union.employee, title__contains="民主评议").exists()
    login(union.employee)
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert "提交投票" in page and "基本称职" in page
    response = _vote(client, ballot, "优秀", "称职")
    assert "投票成功" in response.content.decode()
    response = _vote(client, ballot, "不称职", "不称职")
    assert "您已投过票，每人只能投一次" in response.content.decode()
    # One sealed vote waits in the box; no count moves before the ballot closes.
    assert BallotSeal.objects.filter(ballot=ballot).count() == 1
    assert sum(BallotTally.objects.filter(ballot=ballot).values_list("count", flat=True)) == 0


def test_every_item_must_be_answered_with_a_listed_choice(client, login, union, ballot):
    login(union.employee)
    first = ballot.items.first()
    response = client.post(reverse("ballots:vote", args=[ballot.pk]), {f"item-{first.pk}": "优秀"}, follow=True)
    assert "请为每一项选择：赵代表" in response.content.decode()
    response = _vote(client, ballot, "优秀", "非常好")
    assert "请为每一项选择：赵代表" in response.content.decode()
    assert not BallotVoter.objects.get(ballot=ballot, user=union.employee).has_voted


def test_only_the_eligible_vote_and_others_never_see_it(client, login, union, ballot):
    login(union.outsider)
    assert client.get(reverse("ballots:detail", args=[ballot.pk])).status_code == 404
    assert client.post(reverse("ballots:vote", args=[ballot.pk]), {}).status_code == 404
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ballot_vote(voter=union.outsider, ballot=ballot, answers={})


def test_results_only_after_closing(client, login, union, ballot):
    login(union.representative)
    _vote(client, ballot, "优秀", "称职")
    login(union.employee)
    _vote(client, ballot, "优秀", "基本称职")
    login(union.branch_chair)
    _vote(client, ballot, "称职", "基本称职")

    login(union.staff)
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert "应投 3 人，已投 3 人" in page and "投票结果（" not in page
    assert client.get(reverse("ballots:export", args=[ballot.pk])).status_code == 403
    assert client.get(f"/api/v1/ballots/{ballot.pk}/results").status_code == 403

    client.post(reverse("ballots:close", args=[ballot.pk]))
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert "投票结果（应投 3 人，实投 3 人，参与率 100%）" in page
    results = client.get(f"/api/v1/ballots/{ballot.pk}/results").json()
    assert results["items"][0] == {
        "label": "陈代表",
        "counts": {"优秀": 2, "称职": 1, "基本称职": 0, "不称职": 0},
        "total": 3,
        "mean": None,
        "rank": None,
    }
    assert results["items"][1]["counts"]["基本称职"] == 2 and results["withheld"] is False

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(reverse("ballots:export", args=[ballot.pk])).content)).active
    assert [c.value for c in sheet[2]][:6] == ["陈代表", 2, 1, 0, 0, 3]

    # Voters see results only when the organiser chose to publish them.
    login(union.employee)
    assert "投票结果（" not in client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    Ballot.objects.filter(pk=ballot.pk).update(results_public=True)
    assert "投票结果（" in client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    # And nobody votes after the end.
    assert "投票已结束" in _vote(client, ballot, "优秀", "优秀").content.decode()


def test_no_table_ties_a_voter_to_a_choice(client, login, union, ballot):
    from auditlog.models import LogEntry

    login(union.representative)
    _vote(client, ballot, "不称职", "称职")
    tables = [Ballot._meta.db_table, BallotVoter._meta.db_table, BallotTally._meta.db_table, "ballots_ballotitem"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(columns, row, strict=True))
                assert not ("user_id" in record and "choice" in record), table
    # Voters carry only a yes/no, and no time; a seal only its ballot and its ciphertext.
    assert {f.name for f in BallotVoter._meta.fields} == {"id", "ballot", "user", "has_voted"}
    assert {f.name for f in BallotTally._meta.fields} == {"id", "ballot", "item", "choice", "count"}
    assert {f.name for f in BallotSeal._meta.fields} == {"id", "ballot", "box"}
    box = bytes(BallotSeal.objects.get(ballot=ballot).box)
    assert (
        "不称职".encode() not in box and b"item" not in box and str(ballot.items.first().pk).encode() + b'"' not in box
    )
    # No audit row names the voter: a vote's row would tie a name to the moment of a seal.
    assert not LogEntry.objects.filter(actor=union.representative).exists()


def test_a_double_submit_counts_once(union, ballot, transactional_db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    items = list(ballot.items.all())
    answers = {items[0].pk: "优秀", items[1].pk: "优秀"}
    errors = []

    def cast():
        try:
            ballot_vote(voter=union.employee, ballot=ballot, answers=answers)
        except Exception as exc:  # noqa: BLE001 - the loser's error is what we count
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    assert BallotSeal.objects.filter(ballot=ballot).count() == 1


def test_the_union_office_opens_a_ballot_from_the_page(client, login, union):
    make_user(make_employee(union.shift1, "赵代表", "H0101"), ("representative", union.run_dept))
    make_user(make_employee(union.shift2, "钱代表", "H0102"), ("representative", union.run_dept))
    login(union.staff)
    now = timezone.localtime()
    response = client.post(
        reverse("ballots:new"),
        {
            "title": "合同草案表决",
            "preset": "motion",
            "items": "《集体合同（草案）》",
            "voters": "representatives",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert "已发起投票，3 人已收到通知" in response.content.decode()
    ballot = Ballot.objects.get(title="合同草案表决")
    assert ballot.choices == ["同意", "不同意", "弃权"]
    response = client.post(
        reverse("ballots:new"),
        {
            "title": "x",
            "preset": "custom",
            "custom_choices": "只有一个",
            "items": "a",
            "voters": "unit",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": now.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    body = response.content.decode()
    assert "请选择单位" in body
    login(union.employee)
    assert client.get(reverse("ballots:new")).status_code == 403
    assert client.post(reverse("ballots:close", args=[ballot.pk])).status_code == 404


def test_api_vote(client, login, union, ballot):
    login(union.employee)
    items = [i.pk for i in ballot.items.all()]
    response = client.post(
        f"/api/v1/ballots/{ballot.pk}/vote",
        {"answers": {str(items[0]): "优秀", str(items[1]): "称职"}},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["has_voted"] is True
    again = client.post(
        f"/api/v1/ballots/{ballot.pk}/vote",
        {"answers": {str(items[0]): "优秀", str(items[1]): "称职"}},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert client.get(f"/api/v1/ballots/{ballot.pk}/results").json()["detail"] == "投票结束后才能查看结果"
    ballot_vote(voter=union.representative, ballot=ballot, answers={items[0]: "称职", items[1]: "称职"})
    ballot_close(actor=union.staff, ballot=ballot)
    assert client.get(f"/api/v1/ballots/{ballot.pk}/results").status_code == 403


def test_the_list_costs_the_same_whatever_its_size(client, login, union):
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()

    def make(n):
        for i in range(n):
            ballot_create(
                actor=union.staff,
                title=f"评议{i}",
                choices=RATINGS,
                items=["甲"],
                voters=[union.employee, union.representative, union.branch_chair],
                opens_at=now,
                closes_at=now + timedelta(days=1),
            )

    make(2)
    login(union.employee)
    cache.clear()  # the cost with nothing kept: roles and the bell are cached too
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("ballots:list"))
    make(6)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("ballots:list"))
    assert len(small) == len(large)


def test_a_unit_ballot_opens_the_missing_logins_and_tells_each_voter_once(union):
    """A whole unit votes, most of it never logged in: everyone gets a login (without a
    password), a place on the list and one notice, for the same queries whether the unit has
    a handful of people or a crowd; someone whose number is already another login's name is
    left alone."""
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User
    from gonghui.ballots.views import eligible_users

    now = timezone.now()

    def open_for(unit):
        with CaptureQueriesContext(connection) as queries:
            made = ballot_create(
                actor=union.staff,
                title=f"{unit.name}表决",
                choices=["同意", "不同意"],
                items=["议题"],
                voters=eligible_users("unit", unit),
                opens_at=now,
                closes_at=now + timedelta(days=1),
            )
        return made, len(queries)

    open_for(union.run_dept)  # the first ballot also looks up what every later one has kept
    few = [make_employee(union.shift1, f"甲{i}") for i in range(3)]
    small, small_cost = open_for(union.shift1)
    crowd = [make_employee(union.shift2, f"乙{i}") for i in range(40)]
    taken = make_employee(union.shift2, "丙", "H0999")
    make_user(None, username="H0999")  # a login that happens to carry the new hire's number
    large, large_cost = open_for(union.shift2)
    assert large_cost == small_cost
    for ballot, people in ((small, few), (large, crowd)):
        voters = list(BallotVoter.objects.filter(ballot=ballot).values_list("user__employee", flat=True))
        assert len(voters) == len(set(voters)) and {e.pk for e in people} <= set(voters)
        told = Notification.objects.filter(title=f"请参加投票：{ballot.title}")
        assert told.count() == len(voters)
        assert set(told.values_list("recipient__employee", flat=True)) == set(voters)
    fresh = User.objects.get(employee=crowd[0])
    assert fresh.username == crowd[0].employee_no and fresh.must_change_password and not fresh.has_usable_password()
    assert not User.objects.filter(employee=taken).exists()
    assert User.objects.get(username="H0999").employee is None


def test_votes_cast_in_bulk_are_sealed_like_any_other(union, ballot):
    """The demo's and the bench's many votes at once: sealed, nobody twice, counted at closing."""
    from gonghui.ballots.services import ballot_cast_many, ballot_results

    items = [i.pk for i in ballot.items.all()]
    answers = {items[0]: "优秀", items[1]: "称职"}
    with pytest.raises(Exception, match="同一人不能投两次"):
        ballot_cast_many(ballot=ballot, votes=[(union.employee.pk, answers), (union.employee.pk, answers)])
    voters = [union.employee, union.representative, union.branch_chair]
    ballot_cast_many(ballot=ballot, votes=[(u.pk, answers) for u in voters])
    assert BallotSeal.objects.filter(ballot=ballot).count() == 3
    assert sum(BallotTally.objects.filter(ballot=ballot).values_list("count", flat=True)) == 0
    ballot_close(actor=union.staff, ballot=ballot)
    assert ballot_results(ballot).items[0].counts[0] == ("优秀", 3)
