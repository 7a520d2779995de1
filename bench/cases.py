"""`make bench-cases`: 200,000 appeals on the demo union, served like `make bench` does.

Measures the appeal list (page 1, filtered, deep), my to-do and a case page with a long
timeline against the trivial view of the same server, counts their SQL queries, and times
the overdue sweep over 200,000 open cases. Results go to bench/results/cases.md.
"""

import argparse
import subprocess
import sys
import time

from run import ENGINE, PY, ROOT, WORK, bench_db, copy_db, env_for, manage, measure_pages, reset_db, results_file, timed

TARGET_RATIO = 0.15
STAFF, HANDLER = "HD900002", "HD900004"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    db = bench_db(f"cases-{args.cases}")
    reset_db(db)
    lines = [f"# Cases benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {args.cases:,} appeals · {ENGINE}", ""]
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
    sweep_db = bench_db("cases-sweep")
    copy_db(db, sweep_db)
    manage(
        sweep_db,
        "shell",
        "-v",
        "0",
        "-c",
        "from datetime import timedelta; from django.utils import timezone; from gonghui.cases.models import Case; "
        "Case.objects.update(closed_at=None, answered_at=None, overdue_notified_at=None, escalated_at=None, due_at=timezone.now() - timedelta(days=5)); "
        # Rewriting every case leaves a dead copy of each: cleared as autovacuum would before a sweep.
        "from gonghui.core.db import refresh_planner_statistics; refresh_planner_statistics()",
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
    table, slow = measure_pages(db, pages, args.seconds, TARGET_RATIO)
    lines += table
    failed = sweep >= 10 or slow
    lines += [
        "",
        f"wrk: 2 threads, 8 connections, {args.seconds} s per URL; gunicorn: 2 sync workers, production settings, {ENGINE}; 5,000 employees.",
    ]
    results_file("cases").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
