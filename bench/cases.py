"""`make bench-cases`: 200,000 appeals on the demo union, served like `make bench` does.

Measures the appeal list (page 1, filtered, deep), my to-do and a case page with a long
timeline against the trivial view of the same server, counts their SQL queries, and times
the overdue sweep over 200,000 open cases. Results go to bench/results/cases.md.
"""

import argparse
import shutil
import subprocess
import sys
import time

from run import PY, ROOT, WORK, env_for, free_port, json, log_in, manage, timed, wait_for, wrk

TARGET_RATIO = 0.15
STAFF, HANDLER = "HD900002", "HD900004"

COUNTER = """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from gonghui.accounts.models import User
result = {}
for spec in sys.argv[1:]:
    user, path = spec.split("|", 1)
    client = Client()
    client.force_login(User.objects.get(username=user), backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    result[spec] = [status, len(ctx.captured_queries)]
print(json.dumps(result))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / f"cases-{args.cases}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (WORK / f"{db.name}{suffix}").unlink(missing_ok=True)
    lines = [f"# Cases benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {args.cases:,} appeals", ""]
    manage(db, "migrate", "-v0")
    manage(db, "seed_demo", "--employees", "5000")
    manage(db, "collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    long_case = subprocess.run(
        [PY, str(ROOT / "bench" / "cases_data.py"), str(args.cases)],
        cwd=ROOT,
        env=env_for(db),
        check=True,
        text=True,
        capture_output=True,
    ).stdout.split()[-1]
    lines.append(f"- generating {args.cases:,} appeals: {time.monotonic() - started:.1f} s")

    # The overdue sweep over every case open and overdue, on a copy so the pages see normal data.
    sweep_db = WORK / "cases-sweep.sqlite3"
    shutil.copy(db, sweep_db)
    manage(
        sweep_db,
        "shell",
        "-v",
        "0",
        "-c",
        "from datetime import timedelta; from django.utils import timezone; from gonghui.cases.models import Case; "
        "Case.objects.update(closed_at=None, answered_at=None, overdue_notified_at=None, escalated_at=None, due_at=timezone.now() - timedelta(days=5))",
    )
    sweep = timed("run_periodic over all cases open and overdue", lambda: manage(sweep_db, "run_periodic"))
    again = timed("run_periodic again (nothing to do)", lambda: manage(sweep_db, "run_periodic"))
    lines += [
        f"- overdue sweep, {args.cases:,} open overdue cases (remind + escalate + timeline + notifications): {sweep:.1f} s (target < 10 s: {'pass' if sweep < 10 else 'FAIL'})",
        f"- the same sweep again (idempotent, nothing to send): {again:.1f} s",
        "",
    ]

    deep = manage(
        db,
        "shell",
        "-v",
        "0",
        "-c",
        "from gonghui.cases.models import Case; print(Case.objects.filter(kind='appeal').order_by('-pk').values_list('pk', flat=True)[50000])",
        capture=True,
    ).split()[-1]
    pages = [
        ("appeal list, page 1", STAFF, "/appeals/", True),
        ("appeal list, filtered (办理中 · 工资待遇)", STAFF, "/appeals/?state=processing&category=wages", True),
        ("appeal list, deep page (50,000 cases back, by cursor)", STAFF, f"/appeals/?before={deep}", True),
        ("my to-do (设备部 handler)", HANDLER, "/todo/", True),
        ("case page, 300-event timeline", STAFF, f"/cases/{long_case}/", True),
    ]
    counted = subprocess.run(
        [PY, "-c", "import django; django.setup(); exec(open(0).read())", *[f"{u}|{p}" for _, u, p, _ in pages]],
        input=COUNTER,
        cwd=ROOT,
        env=env_for(db),
        check=True,
        text=True,
        capture_output=True,
    )
    counts = json.loads(counted.stdout.strip().splitlines()[-1])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "gonghui.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(db),
    )
    failed = sweep >= 10
    try:
        wait_for(f"{base}/healthz")
        cookies = {STAFF: log_in(base), HANDLER: log_in(base, HANDLER)}
        wrk(f"{base}/healthz/trivial", cookies[STAFF], 2)
        floor = wrk(f"{base}/healthz/trivial", cookies[STAFF], args.seconds)
        lines += [
            "| page | URL | req/s | × trivial | SQL queries | target |",
            "|---|---|---:|---:|---:|---|",
            f"| trivial view | `/healthz/trivial` | {floor:.0f} | 1.00 | 0 | |",
        ]
        for label, user, path, held in pages:
            status, queries = counts[f"{user}|{path}"]
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            rps = wrk(base + path, cookies[user], args.seconds)
            ok = rps / floor >= TARGET_RATIO
            failed |= held and not ok
            print(f"  {label}: {rps:.0f} req/s ({rps / floor:.2f}×), {queries} queries", flush=True)
            lines.append(
                f"| {label} | `{path}` | {rps:.0f} | {rps / floor:.2f} | {queries} | {'pass' if ok else 'FAIL'} (≥ {TARGET_RATIO}×) |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines += [
        "",
        f"wrk: 2 threads, 8 connections, {args.seconds} s per URL; gunicorn: 2 sync workers, production settings, SQLite (WAL); 5,000 employees.",
    ]
    (ROOT / "bench" / "results" / "cases.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
