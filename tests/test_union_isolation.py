"""Each role of one enterprise union sees nothing of another union on the same deployment.

The suite's `union` gets every area's records (the permission matrix's fixtures: cases,
proposals, ballots, contracts, minutes, disclosures, events, articles, venues, study plans…).
A second union beside it has a person in every role. Logged in as each of them, every URL of
the project is fetched (pages, details, Excel exports and API answers): a detail of the first
union's record is hidden, and no page, export or answer names any of its people, units or
records. Nobody of the second union was notified of anything the first one did.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from gonghui.notify.models import Notification
from gonghui.org.models import Employee, OrgUnit, Role, UnionOwned, UnitKind
from tests.factories import make_employee, make_root, make_unit, make_user
from tests.matrix_parts import parts
from tests.matrix_profiles import ROLES
from tests.test_permission_matrix import (  # noqa: F401 (fixtures is the matrix's fixture)
    ACTION_BODY,
    ACTION_FORM,
    MATRIX,
    fixtures,
    names_a_record,
)

# Every role but nobody, and the roles the other union has no use for here.
OTHER_ROLES = tuple(r for r in ROLES if r not in ("anonymous", "outsider", "other_chair"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def second(db):
    root = make_root("第二热电有限公司工会", "HQ2")
    branch = make_unit(root, "生产分工会", UnitKind.BRANCH, "B2-PROD")
    dept = make_unit(branch, "生产部", UnitKind.DEPARTMENT, "D2-PROD")
    team = make_unit(dept, "生产一班", UnitKind.TEAM, "T2-PROD1")
    people = {
        "chair": (Role.CHAIR, root),
        "staff": (Role.STAFF, root),
        "branch_chair": (Role.BRANCH_CHAIR, branch),
        "handler": (Role.HANDLER, dept),
        "representative": (Role.REPRESENTATIVE, dept),
        "employee": None,
        "leader": (Role.LEADER, root),
        "inspector": (Role.INSPECTOR, root),
        "auditor": (Role.AUDITOR, root),
    }
    users = {}
    for n, (role, grant) in enumerate(people.items(), start=1):
        employee = make_employee(team, f"钱{'甲乙丙丁戊己庚辛壬'[n - 1]}", f"E2-{n:04d}")
        users[role] = make_user(employee, *([grant] if grant else []))
    return users


def markers(union) -> set[str]:
    """What would give the first union away: its people's names, its units' names and the
    titles and names of everything it keeps."""
    found = set(Employee.objects.filter(unit_path__startswith=union.root.path).values_list("name", flat=True))
    found |= set(OrgUnit.objects.filter(path__startswith=union.root.path).values_list("name", flat=True))
    for model in apps.get_models():
        if not issubclass(model, UnionOwned):
            continue
        for field in ("title", "name"):
            if any(f.name == field for f in model._meta.fields):
                found |= set(model.objects.filter(union=union.root).values_list(field, flat=True))
    vocabulary = source_text()
    return {m for m in found if m and len(m) >= 2 and m not in vocabulary}


@functools.cache
def source_text() -> str:
    """The project's own words (labels, choices, headings): a record named like one of them
    (a proposal category "生产经营") gives nothing away. The demo's data is not vocabulary."""
    root = Path(__file__).resolve().parent.parent / "gonghui"
    return "\n".join(
        path.read_text(encoding="utf-8")
        for pattern in ("*.py", "*.html")
        for path in root.rglob(pattern)
        if path.name != "demo.py" and "migrations" not in path.parts
    )


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith(XLSX):
        book = openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        )
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_another_unions_people_see_nothing_of_this_one(client, union, fixtures, second, role):  # noqa: F811
    for part in parts():
        fixtures.build(part.__name__)
    known = markers(union)
    assert {"吴职工", "运行分工会", "职工疗休养政策解读"} <= known  # the markers are real
    assert len(known) > 30
    user = second[role]
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    leaks, shown = [], []
    for name, (method, kwargs, _spec) in sorted(MATRIX.items()):
        if method != "get":
            continue
        arguments = kwargs(union, fixtures)
        url = reverse(name, kwargs=arguments)
        response = client.get(url)
        if names_a_record(arguments) and response.status_code == 200:
            shown.append(f"{name} {url}")
        if response.status_code == 200:
            body = text_of(response)
            if found := sorted(m for m in known if m in body):
                leaks.append(f"{name} {url}: {found[:5]}")
    assert not shown, f"{role} of the other union opens this union's records: {shown}"
    assert not leaks, f"{role} of the other union sees this union's: {leaks}"
    assert not Notification.objects.filter(recipient__in=second.values()).exists()


@pytest.mark.parametrize("role", ["chair", "staff", "handler"])
def test_another_unions_office_cannot_act_on_this_ones_records(client, union, fixtures, second, role):  # noqa: F811
    """Every action URL (POST) on one of this union's records, posted by the other union's
    office or handler: refused or not found, and nothing is written."""
    from auditlog.models import LogEntry

    for part in parts():
        fixtures.build(part.__name__)
    client.force_login(second[role], backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    before = LogEntry.objects.count()
    acted = []
    for name, (_method, kwargs, codes) in sorted(MATRIX.items()):
        arguments = kwargs(union, fixtures)
        if not names_a_record(arguments) or codes["chair"] != 405:
            continue  # only the actions (a GET there is refused with 405) on a record
        url = reverse(name, kwargs=arguments)
        if name.startswith("api:"):
            # A body each action's schema accepts, so what answers is the permission, not the shape.
            response = client.post(url, ACTION_BODY, content_type="application/json")
        else:
            response = client.post(url, ACTION_FORM)
        if response.status_code not in (403, 404, 405):
            acted.append(f"{name} {url}: {response.status_code}")
    assert not acted, f"{role} of the other union acts on this union's records: {acted}"
    assert LogEntry.objects.count() == before
