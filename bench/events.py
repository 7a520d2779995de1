"""`make bench-events`: a busy year of events on the demo union, served like `make bench` does.

Measures the coverage page (per branch and per department, with the list of those not
reached), the event list, a large event's page for its organiser and a person's record, and
counts their SQL queries. Results go to bench/results/events.md.
"""

import argparse
import subprocess
import sys
import time

from run import ENGINE, PY, ROOT, WORK, bench_db, env_for, manage, measure_pages, reset_db, results_file

TARGET_RATIO = 0.15
STAFF, EMPLOYEE = "HD900002", "HD900009"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=3_000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    db = bench_db(f"events-{args.employees}")
    reset_db(db)
    lines = [
        f"# Events benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {args.employees:,} employees · {args.events:,} events · {ENGINE}",
        "",
    ]
    started = time.monotonic()
    manage(db, "migrate", "-v0")
    manage(db, "seed_demo", "--employees", str(args.employees))
    manage(db, "collectstatic", "--noinput", "-v0")
    lines.append(f"- migrate + seed_demo (every area's demo): {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    big = subprocess.run(
        [PY, str(ROOT / "bench" / "events_data.py"), str(args.events)],
        cwd=ROOT,
        env=env_for(db),
        check=True,
        text=True,
        capture_output=True,
    ).stdout.split()[-1]
    registrations = manage(
        db,
        "shell",
        "-v",
        "0",
        "-c",
        "from gonghui.events.models import Registration; print(Registration.objects.count())",
        capture=True,
    ).split()[-1]
    lines.append(
        f"- generating {args.events:,} events with {int(registrations):,} attendances: {time.monotonic() - started:.1f} s"
    )
    # The pages below keep coverage figures until the next check-in; this is what computing them costs.
    uncached = manage(
        db,
        "shell",
        "-v",
        "0",
        "-c",
        "import time; from django.utils import timezone; from gonghui.events import selectors as s; "
        "a, b = s.period_bounds(timezone.localdate().year); t = time.monotonic(); "
        "s.coverage(start=a, end=b); s.coverage(start=a, end=b, level='department'); s.overall(start=a, end=b); "
        "s.not_reached(start=a, end=b).count(); list(s.not_reached(start=a, end=b)[:50]); "
        "print(f'{time.monotonic() - t:.3f}')",
        capture=True,
    ).split()[-1]
    lines += [
        "- coverage computed uncached (branches, departments, totals, not-reached count and first page): "
        f"{float(uncached) * 1000:.0f} ms",
        "",
    ]
    pages = [
        ("coverage by branch, year, with the not-reached list", STAFF, "/events/coverage/", True),
        ("coverage by department", STAFF, "/events/coverage/?level=department", True),
        ("coverage, not-reached list page 20", STAFF, "/events/coverage/?page=20", True),
        ("event list (employee)", EMPLOYEE, "/events/", True),
        ("past events (employee)", EMPLOYEE, "/events/?when=past", True),
        ("a large event, organiser's page", STAFF, f"/events/{big}/", True),
        ("my activities and hours", EMPLOYEE, "/events/mine/", True),
    ]
    table, failed = measure_pages(db, pages, args.seconds, TARGET_RATIO)
    lines += table
    lines += [
        "",
        f"wrk: 2 threads, 8 connections, {args.seconds} s per URL; gunicorn: 2 sync workers, production settings, {ENGINE}.",
    ]
    results_file("events").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
