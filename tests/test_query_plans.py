"""Every list and to-do query, shown to the database's own planner over tables big enough to
matter: none may read a whole large table, and none may sort every row it matches.

A list page shows fifty rows; it must get them by walking an index in the list's order and
stopping, not by reading and sorting everything that matches. The planner says which it does:
SQLite's EXPLAIN QUERY PLAN and PostgreSQL's EXPLAIN. On PostgreSQL sequential scans and sorts
are switched off for the EXPLAIN, so one that still shows has no index to do without it: the
check holds on a test database of a few thousand rows as on a union's of millions.

Totals (SELECT COUNT) are not checked: counting a list is proportional to its length by nature,
and every list keeps its total in the cache until its data changes (web/paging.py).
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case, CaseEvent, CaseUnit
from gonghui.core.api.paging import encode_cursor
from gonghui.core.db import refresh_planner_statistics
from gonghui.notify.models import Notification
from gonghui.org.idcard import make_id_number
from gonghui.org.models import Employee
from gonghui.search.index import rebuild
from gonghui.search.registry import all_kinds

BIG = 1000  # rows from which a table counts as large here


def _employees(union, count: int) -> list[Employee]:
    rng = random.Random(5)
    units = [union.shift1, union.shift2, union.boiler_team, union.fuel_dept, union.office_dept]
    return Employee.objects.bulk_create(
        [
            Employee(
                employee_no=f"Q{n:05d}",
                name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("伟芳娜敏静丽强磊军洋"),
                gender="M",
                id_number=make_id_number("370102", date(1980 + n % 20, 1 + n % 12, 1 + n % 28), n, "M"),
                birth_date=date(1980 + n % 20, 1 + n % 12, 1 + n % 28),
                phone=f"136{n:08d}",
                unit=(unit := units[n % len(units)]),
                unit_path=unit.path,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def _seed(union) -> None:
    _employees(union, 3000)
    now = timezone.now()
    states = ["submitted", "assigned", "processing", "answered", "closed"]
    departments = [union.equip_dept, union.run_dept, union.fuel_dept]
    cases = []
    for n in range(4000):
        state = states[n % 5]
        cases.append(
            Case(
                union=union.root,
                kind="appeal",
                number=f"SQ-2026-{n + 100:06d}",
                title=f"诉求{n}",
                body="……",
                category=["wages", "welfare", "safety", "legal"][n % 4],
                requester=union.employee if n % 50 == 0 else union.outsider,
                state=state,
                lead_unit=departments[n % 3] if state != "submitted" else None,
                due_at=now + timedelta(days=n % 9 - 4) if state != "submitted" else None,
                answered_at=now if state in ("answered", "closed") else None,
                closed_at=now if state == "closed" else None,
            )
        )
    Case.objects.bulk_create(cases, batch_size=1000)
    CaseUnit.objects.bulk_create(
        [
            CaseUnit(case=c, unit=c.lead_unit, unit_path=c.lead_unit.path, is_lead=True, due_at=c.due_at)
            for c in cases
            if c.lead_unit
        ],
        batch_size=1000,
    )
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=c, action="submit", label="提出", actor=c.requester) for c in cases], batch_size=1000
    )
    Notification.objects.bulk_create(
        [Notification(recipient=union.staff, title=f"通知{n}") for n in range(2000)], batch_size=1000
    )
    # Written in bulk, past the save() that indexes one record: indexed as a whole.
    rebuild(all_kinds())
    employee_type = ContentType.objects.get_for_model(Employee)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=employee_type, object_pk="1", object_id=1, object_repr="x", action=1, actor=union.staff
            )
            for _ in range(3000)
        ],
        batch_size=1000,
    )
    refresh_planner_statistics()


def _pages(union):
    deep = Case.objects.order_by("-pk").values_list("pk", flat=True)[2000]
    far_person = Employee.objects.order_by("unit_path", "employee_no").values_list("unit_path", "employee_no")[2000]
    return [
        (union.staff, reverse("org:person-list")),
        (union.staff, reverse("org:person-list") + f"?q=%E5%BC%A0&unit={union.run_branch.pk}"),
        (union.branch_chair, reverse("org:person-list")),
        (union.staff, reverse("appeals:list")),
        (union.staff, reverse("appeals:list") + "?state=processing&category=wages"),
        (union.staff, reverse("appeals:list") + f"?before={deep}"),
        (union.handler, reverse("appeals:list")),
        (union.handler, reverse("todo")),
        (union.staff, reverse("todo")),
        (union.employee, reverse("todo")),
        (union.employee, reverse("appeals:mine")),
        (union.staff, reverse("audit:log-list")),
        (union.staff, reverse("notify:inbox")),
        (union.staff, reverse("congress:proposal-public")),
        (union.staff, reverse("congress:proposal-list")),
        (union.handler, reverse("congress:proposal-list")),
        (union.employee, reverse("events:list")),
        (union.staff, reverse("disclosure:board")),
        (union.employee, reverse("disclosure:feed")),
        # The API's lists, first pages and a page 2,000 rows in by cursor.
        (union.staff, "/api/v1/org/people"),
        (union.staff, f"/api/v1/org/people?cursor={encode_cursor(list(far_person))}"),
        (union.branch_chair, "/api/v1/org/people"),
        (union.staff, "/api/v1/appeals"),
        (union.staff, f"/api/v1/appeals?cursor={encode_cursor([deep])}"),
        (union.employee, "/api/v1/appeals/mine"),
        # A word in every appeal's title, as the office and as a handler who sees a third of them.
        (union.staff, reverse("search:results") + "?q=%E8%AF%89%E6%B1%82"),
        (union.handler, reverse("search:results") + "?q=%E8%AF%89%E6%B1%82&page=3"),
        (union.staff, "/api/v1/search?q=%E8%AF%89%E6%B1%82"),
        (union.staff, reverse("search:results") + "?q=zhang"),
    ]


def _big_tables() -> set[str]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        big = set()
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            if cursor.fetchone()[0] >= BIG:
                big.add(table)
    return big


def _sqlite_problems(sql: str, params, big: set[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    problems = []
    limited = re.search(r"\bLIMIT\b", sql) is not None
    for line in plan:
        if match := re.match(r"SCAN (\w+)(?: AS \w+)?( USING .*INDEX.*)?$", line):
            table, via_index = match.groups()
            # Walking a table in the list's own order and stopping after a page is the point;
            # reading it all is not.
            if table in big and not (limited and not any("TEMP B-TREE" in p for p in plan)):
                problems.append(f"reads all of {table}{' (whole index)' if via_index else ''}")
        if "USE TEMP B-TREE FOR" in line and "ORDER BY" in line and any(t in sql for t in big):
            problems.append(f"sorts every matching row ({line})")
    return problems


def _postgres_problems(sql: str, params, big: set[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
    if isinstance(plan, str):
        plan = json.loads(plan)
    problems = []

    def walk(node, tables):
        kind = node["Node Type"]
        relation = node.get("Relation Name")
        below = set(tables)
        if relation:
            below.add(relation)
        for child in node.get("Plans", []):
            walk(child, below)
        if kind == "Seq Scan" and relation in big:
            problems.append(f"reads all of {relation}")
        if kind == "Bitmap Index Scan" and "Index Cond" not in node:
            problems.append(f"reads all of index {node.get('Index Name')}")
        # Ranking by relevance is a top-N sort of the rows holding the words (found by the GIN
        # index, never a scan): the one sort a search cannot do without.
        ranking = "ts_rank" in " ".join(node.get("Sort Key", []))
        if kind in ("Sort", "Incremental Sort") and _relations(node) & big and not ranking:
            problems.append(f"sorts every matching row of {', '.join(sorted(_relations(node) & big))}")

    walk(plan[0]["Plan"], set())
    return problems


def _relations(node) -> set[str]:
    found = {node["Relation Name"]} if node.get("Relation Name") else set()
    for child in node.get("Plans", []):
        found |= _relations(child)
    return found


@pytest.mark.django_db
def test_no_list_or_to_do_reads_a_whole_table_or_sorts_all_it_matches(client, union):
    _seed(union)
    big = _big_tables()
    assert {"cases_case", "org_employee", "auditlog_logentry", "notify_notification", "search_entry"} <= big
    check = _postgres_problems if connection.vendor == "postgresql" else _sqlite_problems
    problems = []
    checked = 0
    for user, url in _pages(union):
        client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or sql.startswith("SELECT COUNT(*)") or "django_session" in sql:
                continue
            checked += 1
            # Captured SQL has its parameters inlined already.
            for problem in check(sql, None, big):
                problems.append(f"{user.username} {url}: {problem}\n    {sql[:240]}")
    assert checked > 30
    assert problems == [], "\n".join(problems)


def _repeated_subplans(node) -> list[tuple[str, int]]:
    """Subqueries executed again for every row of the query around them."""
    found = []
    if node.get("Parent Relationship") == "SubPlan" and node.get("Actual Loops", 1) > 1:
        found.append((node.get("Subplan Name"), node["Actual Loops"]))
    for child in node.get("Plans", []):
        found += _repeated_subplans(child)
    return found


@pytest.mark.django_db
def test_coverage_reads_the_years_attendance_once(client, union):
    """Coverage asks, for every employee, whether they are among the year's attendees. The
    database must gather the attendees once (a hashed subquery), never go through them again
    for each employee: on PostgreSQL that took 54 s for 20,000 employees and 500,000
    attendances, where gathering once takes 0.4 s.

    PostgreSQL hashes the attendees only if it expects the hash to fit in work_mem, and it
    expects as many attendees as attendance rows unless told they are distinct. The test's
    tables are some fifty times smaller than a year's, so work_mem is made about as much smaller
    (128 kB for the default 4 MB) for the EXPLAIN: the planner faces the choice it faces at full
    size, and without DISTINCT it runs the subquery once per employee here too.
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads an IN (subquery) into a temporary index once, whatever its size")
    from gonghui.accounts.models import User
    from gonghui.events.models import Event, Registration
    from tests.events_helpers import make_activity

    people = _employees(union, 3000)
    users = User.objects.bulk_create([User(username=e.employee_no, employee=e) for e in people], batch_size=1000)
    start = timezone.localtime().replace(month=1, day=2, hour=9, minute=0)
    events = []
    for n in range(10):
        event = make_activity(union, title=f"活动{n}")
        Event.objects.filter(pk=event.pk).update(
            starts_at=start + timedelta(days=n), ends_at=start + timedelta(days=n, hours=2)
        )
        events.append(event)
    Registration.objects.bulk_create(
        [
            Registration(event=event, user=user, state="registered", attended=True)
            for n, event in enumerate(events)
            for user in users[n * 200 : n * 200 + 1000]
        ],
        batch_size=2000,
    )
    refresh_planner_statistics()
    client.force_login(union.staff, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("events:coverage")).status_code == 200
    repeated, checked = [], 0
    for query in ctx.captured_queries:
        sql = query["sql"]
        if "events_registration" not in sql or not sql.startswith("SELECT"):
            continue
        checked += 1
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128kB'")
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            cursor.execute("RESET work_mem")
        plan = json.loads(plan) if isinstance(plan, str) else plan

        repeated += [
            f"{name} runs {loops} times\n    {sql[:240]}" for name, loops in _repeated_subplans(plan[0]["Plan"])
        ]
    assert checked >= 2
    assert repeated == [], "\n".join(repeated)


@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    """JIT compiling cost the audit log 2.8 s of 2.9 at bench scale: pages run without it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
