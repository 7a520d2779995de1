"""Secret against the database: whoever holds its files, its write-ahead log or its rows'
transaction ids during or after a ballot cannot tie a voter to a choice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from gonghui.ballots.models import BallotSeal, BallotTally, BallotVoter
from gonghui.ballots.seal import unseal
from gonghui.ballots.services import RATINGS, ballot_close, ballot_create, ballot_vote
from tests.factories import make_employee, make_user

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ballot_wal_replay.py"


def _replay(*args) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.stdout, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _voted(union, answers: list[str], *, closes_in: timedelta):
    """A one-item rating ballot of its own voters, open now, each of whom has voted one answer."""
    voters = [make_user(make_employee(union.shift1, f"投票人{i}")) for i in range(len(answers))]
    now = timezone.now()
    ballot = ballot_create(
        actor=union.staff,
        title="述职评议",
        choices=RATINGS,
        items=["陈代表"],
        voters=voters,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + closes_in,
    )
    item = ballot.items.get()
    for voter, answer in zip(voters, answers, strict=True):
        ballot_vote(voter=voter, ballot=ballot, answers={item.pk: answer})
    return ballot, item


def test_replaying_the_sqlite_log_frame_by_frame_links_nobody():
    if connection.vendor != "sqlite":
        pytest.skip("the replay is of SQLite's write-ahead log; PostgreSQL has its own test below")
    report = _replay()
    assert report["votes"] == 5 and report["commits"] == 6  # five votes, then the count
    assert report["linked"] == 0 and report["readable_seals"] == 0
    assert report["closing"] == {"commit": 6, "votes_counted": 5}  # counted all at once, at the end
    # The same replay against votes counted as they come links every voter.
    control = _replay("--control")
    assert control["linked"] == 5 and control["impossible"] == []


@pytest.mark.django_db(transaction=True)
def test_postgres_transaction_ids_tie_a_voter_only_to_ciphertext(union):
    if connection.vendor != "postgresql":
        pytest.skip("transaction ids (xmin) are PostgreSQL's")
    ballot, item = _voted(union, [RATINGS[n % 4] for n in range(5)], closes_in=timedelta(days=1))

    def xmins(model, **where):
        table = model._meta.db_table
        columns = " AND ".join(f"{k} = %s" for k in where)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE {columns}", list(where.values()))  # noqa: S608
            return {x for (x,) in cursor.fetchall()}

    voted_in = xmins(BallotVoter, ballot_id=ballot.pk, has_voted=True)
    assert len(voted_in) == 5
    # A voter's transaction wrote a seal, and no count.
    assert xmins(BallotSeal, ballot_id=ballot.pk) == voted_in
    assert not xmins(BallotTally, ballot_id=ballot.pk) & voted_in
    # The seal it wrote says nothing without the server's key, and says it with it.
    boxes = list(BallotSeal.objects.filter(ballot=ballot).values_list("box", flat=True))
    assert all(len(bytes(b)) == len(bytes(boxes[0])) for b in boxes)  # every vote the same length
    ids = [item.pk]
    with override_settings(SECRET_KEY="someone-else's-key", SECRET_KEY_FALLBACKS=[]), pytest.raises(ValueError):
        unseal(ballot.pk, ids, ballot.choices, boxes[0])
    assert set(unseal(ballot.pk, ids, ballot.choices, boxes[0]).values()) <= set(RATINGS)

    ballot_close(actor=union.staff, ballot=ballot)
    counted_in = xmins(BallotTally, ballot_id=ballot.pk)
    assert len(counted_in) == 1 and not counted_in & voted_in  # one write for all, apart from every vote
    assert not BallotSeal.objects.filter(ballot=ballot).exists()
    assert sum(BallotTally.objects.filter(ballot=ballot).values_list("count", flat=True)) == 5


@pytest.mark.django_db
def test_the_periodic_run_counts_a_ballot_past_its_deadline_and_its_seals_are_gone(union):
    """Seals do not wait in the database for somebody to ask for the results: the periodic
    run counts every ballot whose deadline has passed, once."""
    import io

    from django.core.management import call_command

    ballot, item = _voted(union, [RATINGS[0]] * 3, closes_in=timedelta(minutes=5))
    now = timezone.now()
    out = io.StringIO()
    call_command("run_periodic", stdout=out)  # still open: nothing to count
    assert "到期投票计票 0 项" in out.getvalue() and BallotSeal.objects.filter(ballot=ballot).count() == 3

    type(ballot).objects.filter(pk=ballot.pk).update(closes_at=now - timedelta(seconds=1))
    call_command("run_periodic", stdout=out)
    call_command("run_periodic", stdout=out)
    assert "到期投票计票 1 项" in out.getvalue() and "到期投票计票 0 项" in out.getvalue().rsplit("。", 2)[-2]
    assert not BallotSeal.objects.filter(ballot=ballot).exists()
    assert BallotTally.objects.get(ballot=ballot, item=item, choice=RATINGS[0]).count == 3
