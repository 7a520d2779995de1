"""`make bench`: the demo union at scale, served by gunicorn with production settings.

Measures, in one run and side by side, a trivial view of the same server (the framework
floor) and the real pages as a logged-in member of the union office, with wrk on loopback;
counts each page's SQL queries in-process; and times a 50,000-row roster import.
Results go to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
WORK = ROOT / "var" / "bench"
TARGET_RATIO = 0.15
MAX_QUERIES = 15
STAFF = ("HD900002", "Demo@2024")
LEADER = ("HD900008", "Demo@2024")
# BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432 runs every benchmark on PostgreSQL (one
# database per benchmark, made afresh); unset, on SQLite files under var/bench.
SERVER = os.environ.get("BENCH_DATABASE_URL", "").rstrip("/")
ENGINE = "PostgreSQL" if SERVER else "SQLite (WAL)"


def bench_db(name: str) -> str:
    """Where a benchmark's data lives: a PostgreSQL database URL, or a SQLite file path."""
    return f"{SERVER}/gonghui_bench_{name.replace('-', '_')}" if SERVER else str(WORK / f"{name}.sqlite3")


def results_file(name: str) -> Path:
    return ROOT / "bench" / "results" / (f"{name}-postgres.md" if SERVER else f"{name}.md")


def _psql(sql: str) -> None:
    parts = urllib.parse.urlsplit(SERVER)
    subprocess.run(
        ["psql", "-q", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
        + ["-U", parts.username or "postgres", "-d", "postgres", "-c", sql],
        check=True,
    )


def reset_db(db: str) -> None:
    if db.startswith("postgres"):
        name = db.rsplit("/", 1)[1]
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _psql(f"CREATE DATABASE {name}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


def copy_db(source: str, target: str) -> None:
    if source.startswith("postgres"):
        name, template = target.rsplit("/", 1)[1], source.rsplit("/", 1)[1]
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _psql(f"CREATE DATABASE {name} TEMPLATE {template}")
    else:
        shutil.copy(source, target)


def exists(db: str) -> bool:
    return not db.startswith("postgres") and Path(db).exists()


def env_for(db: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "GONGHUI_TESTING", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        DATABASE_URL=db if db.startswith("postgres") else f"sqlite:///{db}",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        GONGHUI_VAR_DIR=str(WORK),
        LOGIN_ACCOUNT_FAILURE_LIMIT="1000",
        LOGIN_ADDRESS_FAILURE_LIMIT="100000",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(db: str, *args: str, capture=False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env_for(db), check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def timed(label: str, fn) -> float:
    started = time.monotonic()
    fn()
    elapsed = time.monotonic() - started
    print(f"  {label}: {elapsed:.1f} s", flush=True)
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def log_in(base: str, username: str = STAFF[0]) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": STAFF[1], "csrfmiddlewaretoken": token}).encode()
    opener.open(
        urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})
    )
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("login failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url: str, cookie: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "5s", "-H", f"Cookie: {cookie}", url],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


PAGE_COUNTER = """
import json, sys, time
from django.core.cache import cache
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
    # Counted now: every request below starts by emptying the query log the context slices.
    queries = len(ctx.captured_queries)
    # In-process time of a request with nothing cached (the first view after a change): what the
    # cache saves, and what a page costs on its own, so a slower query shows even when cached.
    cold = []
    for _ in range(5):
        cache.clear()
        client.force_login(User.objects.get(username=user), backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
        started = time.perf_counter()
        client.get(path)
        cold.append(time.perf_counter() - started)
    result[spec] = [status, queries, round(min(cold) * 1000, 1)]
print(json.dumps(result))
"""


def measure_pages(db: str, pages, seconds: int, target: float) -> tuple[list[str], bool]:
    """Counts each page's SQL queries in-process, then serves the database with gunicorn and
    measures each page (label, user, path, held to the target) against the trivial view.
    Returns the Markdown table and whether a held page fell below the target."""
    counted = subprocess.run(
        [PY, "-c", "import django; django.setup(); exec(open(0).read())", *[f"{u}|{p}" for _, u, p, _ in pages]],
        input=PAGE_COUNTER,
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
    failed = False
    try:
        wait_for(f"{base}/healthz/trivial")
        cookies = {user: log_in(base, user) for user in {u for _, u, _, _ in pages}}
        any_cookie = next(iter(cookies.values()))
        wrk(f"{base}/healthz/trivial", any_cookie, 2)
        floor = wrk(f"{base}/healthz/trivial", any_cookie, seconds)
        lines = [
            "| page | URL | req/s | × trivial | SQL queries | uncached, ms | target |",
            "|---|---|---:|---:|---:|---:|---|",
            f"| trivial view | `/healthz/trivial` | {floor:.0f} | 1.00 | 0 | | |",
        ]
        for label, user, path, held in pages:
            status, queries, cold = counts[f"{user}|{path}"]
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            rps = wrk(base + path, cookies[user], seconds)
            ok = rps / floor >= target and queries <= MAX_QUERIES
            failed |= held and not ok
            print(f"  {label}: {rps:.0f} req/s ({rps / floor:.2f}×), {queries} queries", flush=True)
            lines.append(
                f"| {label} | `{path}` | {rps:.0f} | {rps / floor:.2f} | {queries} | {cold} | {'pass' if ok else 'FAIL'} (≥ {target}×, ≤ {MAX_QUERIES} queries) |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return lines, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench database even if it exists")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    db = bench_db(f"people-{args.employees}")
    lines = [f"# Benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {args.employees:,} employees · {ENGINE}", ""]

    print("Preparing the database", flush=True)
    if args.fresh or not exists(db):
        reset_db(db)
        manage(db, "migrate", "-v0")
        seed = timed(
            f"seed_demo --employees {args.employees}",
            lambda: manage(db, "seed_demo", "--employees", str(args.employees)),
        )
        lines.append(
            f"- seed_demo, {args.employees:,} employees (every area's demo): {seed:.1f} s (target < 60 s: {'pass' if seed < 60 else 'FAIL'})"
        )
    manage(db, "collectstatic", "--noinput", "-v0")

    print("Roster import", flush=True)
    roster = WORK / f"roster-{args.employees}.xlsx"
    export = timed("export_roster", lambda: manage(db, "export_roster", "--full-id-numbers", str(roster)))
    import_db = bench_db("import")
    reset_db(import_db)
    manage(import_db, "migrate", "-v0")
    manage(import_db, "seed_demo", "--employees", "0")
    fresh_import = timed("import_roster into an empty roster", lambda: manage(import_db, "import_roster", str(roster)))
    reimport = timed("import_roster again (nothing changes)", lambda: manage(import_db, "import_roster", str(roster)))
    lines += [
        f"- export_roster, {args.employees:,} rows: {export:.1f} s",
        f"- import_roster, {args.employees:,} new rows (validate + write + audit): {fresh_import:.1f} s (target < 30 s: {'pass' if fresh_import < 30 else 'FAIL'})",
        f"- import_roster, the same file again (validate, nothing to write): {reimport:.1f} s",
        "",
    ]

    ids = manage(
        db,
        "shell",
        "-v",
        "0",
        "-c",
        "from gonghui.org.models import OrgUnit, Employee; "
        "print(OrgUnit.objects.get(name='运行分工会').pk, Employee.objects.order_by('employee_no')[25000 % max(Employee.objects.count(), 1)].pk)",
        capture=True,
    ).split()
    branch_id, person_id = ids[0], ids[1]
    # (label, user, path, held to the target?) The deep page is measured for information: the
    # targets are page 1, a filtered page and a person page.
    pages = [
        ("people list, page 1", STAFF[0], "/org/people/", True),
        ("people list, filtered (name 张 in 运行分工会)", STAFF[0], f"/org/people/?q=%E5%BC%A0&unit={branch_id}", True),
        ("people list, deep page (offset 20,000)", STAFF[0], "/org/people/?page=400", False),
        ("person page", STAFF[0], f"/org/people/{person_id}/", True),
        ("workbench (staff landing page)", STAFF[0], "/", True),
        # Every row checked against the union of the thing it logs (one EXISTS per audited model).
        ("audit log, page 1", STAFF[0], "/audit/", True),
        # Kept five minutes: wrk measures the kept board, the uncached column the first draw.
        ("figures board (leader landing page)", LEADER[0], "/figures/", True),
    ]
    table, slow = measure_pages(db, pages, args.seconds, TARGET_RATIO)
    lines += table
    figures_seconds = float(
        manage(
            db,
            "shell",
            "-v",
            "0",
            "-c",
            "import time; from django.utils import timezone; from gonghui.org.models import OrgUnit; "
            "from gonghui.figures.registry import all_figures, compute, year_bounds; "
            "root = OrgUnit.objects.get(depth=1, name='华电示范发电有限公司工会'); s, e = year_bounds(timezone.localdate().year); "
            "t = time.perf_counter(); compute(start=s, end=e, scope_path=root.path); "
            "print(f'{time.perf_counter() - t:.3f} {len(all_figures())}')",
            capture=True,
        ).split()[0]
    )
    lines += [
        "",
        f"- every registered figure for the year, the whole union, nothing kept: {figures_seconds:.2f} s "
        f"(target < 2 s: {'pass' if figures_seconds < 2 else 'FAIL'})",
    ]
    failed = slow or fresh_import >= 30 or figures_seconds >= 2
    lines += [
        "",
        f"wrk: 2 threads, 8 connections, {args.seconds} s per URL, loopback; gunicorn: 2 sync workers, production settings, {ENGINE}.",
    ]
    results_file("latest").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
