"""Plays the attacker who copies an SQLite database and its write-ahead log during a ballot.

Usage: .venv/bin/python scripts/ballot_wal_replay.py [--voters N] [--control]

It builds a small union in a fresh SQLite file (WAL mode, as production runs it), opens a
ballot, checkpoints so the log starts empty, lets N people vote one after another through the
services, closes the ballot and copies the database file and its log before the server lets
go of them. Then, frame by frame, it rebuilds the database as it stood after every committed
transaction and tries to tie each voter to a choice:

- the transaction in which a voter's has-voted mark appears, and the one after it: did any
  count move, did an audit row appear, is there a choice in plain text in the pages written?
- every sealed vote in every state: can it be read as JSON, does it hold a choice?

With --control each vote is also counted at once, in its own transaction right after the
vote, as ballots were counted before votes were sealed: the replay must then link everyone,
which shows it can.

It prints one JSON line — votes cast, commits replayed, voters it could link (`linked`), what
the closing commit revealed — and exits 1 if it linked anyone. tests/test_ballot_secrecy.py
runs it; run it by hand to see it work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHOICES = ["优秀", "称职", "基本称职", "不称职"]


def run_ballot(workdir: Path, voters: int, control: bool = False) -> dict:
    """The server's side: a real ballot in a real WAL-mode file. Returns what the attacker copied."""
    sys.path.insert(0, str(ROOT))
    db = workdir / "gonghui.sqlite3"
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        GONGHUI_TESTING="1",
        GONGHUI_VAR_DIR=str(workdir),
    )
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from django.db import transaction
    from django.db.models import F

    from gonghui.ballots.models import BallotTally
    from gonghui.ballots.services import ballot_close, ballot_create, ballot_vote
    from gonghui.org.models import Role, UnitKind
    from tests.factories import make_employee, make_root, make_unit, make_user

    root = make_root("回放测试工会")
    unit = make_unit(root, "运行部", UnitKind.DEPARTMENT)
    staff = make_user(make_employee(unit, "干事", "R0000"), (Role.STAFF, root))
    people = [make_user(make_employee(unit, f"职工{i}", f"R{i + 1:04d}")) for i in range(voters)]
    now = timezone.now()
    ballot = ballot_create(
        actor=staff,
        title="回放评议",
        choices=CHOICES,
        items=["甲代表", "乙代表"],
        voters=people,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=1),
    )
    items = [i.pk for i in ballot.items.all()]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, workdir / "before.sqlite3")
    cast = {}
    for n, person in enumerate(people):
        answers = {items[0]: CHOICES[n % 4], items[1]: CHOICES[(n * 3 + 1) % 4]}
        ballot_vote(voter=person, ballot=ballot, answers=answers)
        if control:
            with transaction.atomic():
                for item, choice in answers.items():
                    BallotTally.objects.filter(item_id=item, choice=choice).update(count=F("count") + 1)
        cast[person.pk] = [answers[items[0]], answers[items[1]]]
    ballot_close(actor=staff, ballot=ballot)
    # The copy is taken while the server still holds the database: closing the last
    # connection would checkpoint the log into the file and delete it.
    shutil.copy(f"{db}-wal", workdir / "copied.sqlite3-wal")
    connection.close()
    return {"ballot": ballot.pk, "items": items, "cast": cast}


def states(before: Path, wal: Path):
    """The database after each committed transaction in the log: (commit number, pages written, path)."""
    data = wal.read_bytes()
    magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">IIIIII", data[:24])
    assert magic in (0x377F0682, 0x377F0683), "not a write-ahead log"
    image = bytearray(before.read_bytes())
    written: list[bytes] = []
    offset, commit = 32, 0
    while offset + 24 + page_size <= len(data):
        page, size_after, s1, s2 = struct.unpack(">IIII", data[offset : offset + 16])
        if (s1, s2) != (salt1, salt2):
            break  # frames left from an earlier log generation
        body = data[offset + 24 : offset + 24 + page_size]
        start = (page - 1) * page_size
        if len(image) < start + page_size:
            image.extend(b"\0" * (start + page_size - len(image)))
        image[start : start + page_size] = body
        written.append(body)
        offset += 24 + page_size
        if size_after:
            commit += 1
            del image[size_after * page_size :]
            snapshot = before.with_name(f"state-{commit:04d}.sqlite3")
            copy = bytearray(image)
            copy[18:20] = b"\x01\x01"  # read as a rollback-journal file: no log to look for
            snapshot.write_bytes(copy)
            yield commit, written, snapshot
            written = []


def read_state(path: Path, ballot: int) -> dict:
    with sqlite3.connect(path) as db:
        voted = {
            u
            for (u,) in db.execute("SELECT user_id FROM ballots_ballotvoter WHERE ballot_id=? AND has_voted", (ballot,))
        }
        tallies = dict(
            ((item, choice), count)
            for item, choice, count in db.execute(
                "SELECT item_id, choice, count FROM ballots_ballottally WHERE ballot_id=?", (ballot,)
            )
        )
        seals = [bytes(b) for (b,) in db.execute("SELECT box FROM ballots_ballotseal WHERE ballot_id=?", (ballot,))]
        audit = [
            (actor, changes)
            for actor, changes in db.execute(
                "SELECT actor_id, changes FROM auditlog_logentry WHERE object_pk=?", (str(ballot),)
            )
        ]
    return {"voted": voted, "tallies": tallies, "seals": seals, "audit": audit}


def readable(seal: bytes) -> bool:
    try:
        json.loads(seal)
    except ValueError:
        return any(choice.encode() in seal for choice in CHOICES)
    return True


def attack(workdir: Path, run: dict) -> dict:
    ballot, cast = run["ballot"], run["cast"]
    linked: set[int] = set()
    previous = read_state(workdir / "before.sqlite3", ballot)
    commits, readable_seals, closing = 0, 0, None
    pending: set[int] = set()  # voters whose mark appeared in the last commit
    for commit, pages, path in states(workdir / "before.sqlite3", workdir / "copied.sqlite3-wal"):
        commits = commit
        now = read_state(path, ballot)
        new_voters = now["voted"] - previous["voted"]
        moved = {k: now["tallies"][k] - previous["tallies"].get(k, 0) for k in now["tallies"]}
        moved = {k: v for k, v in moved.items() if v}
        new_audit = [row for row in now["audit"] if row not in previous["audit"]]
        plain = any(choice.encode() in page for page in pages for choice in CHOICES)
        readable_seals += sum(1 for seal in now["seals"] if readable(seal))
        if new_voters:
            # A vote's commit: does anything in it say what was chosen?
            tells = (
                plain
                or moved
                or any(actor in new_voters for actor, _ in new_audit)
                or any(readable(seal) for seal in now["seals"])
            )
            if tells and len(new_voters) == 1:
                linked |= new_voters
        elif moved:
            # Counts moved after a vote: if by one vote's worth, the voter just before chose it.
            if sum(moved.values()) <= len(run["items"]) and len(pending) == 1:
                linked |= pending
            closing = {"commit": commit, "votes_counted": sum(moved.values()) // len(run["items"])}
        pending = new_voters or pending
        previous = now
    wrong = [uid for uid in linked if uid not in cast]
    return {
        "votes": len(cast),
        "commits": commits,
        "linked": len(linked),
        "readable_seals": readable_seals,
        "closing": closing,
        "impossible": wrong,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=5)
    parser.add_argument("--control", action="store_true", help="count each vote at once, to show the replay catches it")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="gonghui-wal-"))
    try:
        run = run_ballot(workdir, args.voters, args.control)
        report = attack(workdir, run)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))
    return 1 if report["linked"] or report["readable_seals"] else 0


if __name__ == "__main__":
    sys.exit(main())
