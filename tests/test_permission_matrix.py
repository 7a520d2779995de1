"""Every URL of the project, for every demo role: allowed or denied, from this table.

A URL without a row here fails the suite, so nobody adds a page without deciding who may see it.
Codes per role, in the order of ROLES: 200 shown, 302 sent to login, 403 refused,
404 hidden (outsiders do not learn that a thing exists), 405 wrong method.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gonghui.excel.models import ImportJob
from gonghui.news.models import Article
from gonghui.notify.models import Notification, UnitWebhook
from tests.cases_helpers import make_appeal
from tests.matrix_parts import parts

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style|\sstyle=\"")
ROLES = ("anonymous", "chair", "staff", "branch_chair", "handler", "representative", "employee", "leader")


def codes(spec: str) -> dict[str, int]:
    values = [int(c) for c in spec.split()]
    assert len(values) == len(ROLES)
    return dict(zip(ROLES, values, strict=True))


# name: (method, kwargs(union, fixtures) -> dict, expected codes)
MATRIX = {
    "web:home": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "healthz": ("get", lambda u, f: {}, "200 200 200 200 200 200 200 200"),
    "healthz-trivial": ("get", lambda u, f: {}, "200 200 200 200 200 200 200 200"),
    "accounts:login": ("get", lambda u, f: {}, "200 302 302 302 302 302 302 302"),
    "accounts:logout": ("get", lambda u, f: {}, "302 405 405 405 405 405 405 405"),
    "accounts:password-change": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "org:unit-tree": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "org:unit-detail": ("get", lambda u, f: {"pk": u.run_branch.pk}, "302 200 200 200 200 200 200 200"),
    "org:unit-create": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "org:unit-edit": ("get", lambda u, f: {"pk": u.run_dept.pk}, "302 200 200 403 403 403 403 403"),
    "org:unit-delete": ("get", lambda u, f: {"pk": u.run_dept.pk}, "302 405 405 405 405 405 405 405"),
    "org:person-list": ("get", lambda u, f: {}, "302 200 200 200 200 403 403 403"),
    # 吴职工 is in 运行分工会: her own page, her branch chair's, the union office's.
    "org:person-detail": ("get", lambda u, f: {"pk": u.employee.employee_id}, "302 200 200 200 404 404 200 404"),
    "org:person-edit": ("get", lambda u, f: {"pk": u.employee.employee_id}, "302 200 200 200 404 404 403 404"),
    "org:person-membership": ("get", lambda u, f: {"pk": u.employee.employee_id}, "302 405 405 405 405 405 405 405"),
    "org:person-password-reset": (
        "get",
        lambda u, f: {"pk": u.employee.employee_id},
        "302 405 405 405 405 405 405 405",
    ),
    "org:person-reveal": ("get", lambda u, f: {"pk": u.employee.employee_id}, "302 405 405 405 405 405 405 405"),
    "roster:account-notices": ("get", lambda u, f: {"pk": u.run_dept.pk}, "302 405 405 405 405 405 405 405"),
    "org:role-list": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "org:role-grant": ("get", lambda u, f: {}, "302 405 405 405 405 405 405 405"),
    "org:role-revoke": ("get", lambda u, f: {"pk": f["assignment"].pk}, "302 405 405 405 405 405 405 405"),
    "roster:import": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "roster:job": ("get", lambda u, f: {"pk": f["job"].pk}, "302 200 200 403 403 403 403 403"),
    "roster:job-progress": ("get", lambda u, f: {"pk": f["job"].pk}, "302 200 200 403 403 403 403 403"),
    "roster:job-confirm": ("get", lambda u, f: {"pk": f["job"].pk}, "302 405 405 405 405 405 405 405"),
    "roster:template": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "roster:export": ("get", lambda u, f: {}, "302 200 200 200 403 403 403 403"),
    "notify:inbox": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "notify:open": ("get", lambda u, f: {"pk": f["note"].pk}, "302 405 405 405 405 405 405 405"),
    "notify:read-all": ("get", lambda u, f: {}, "302 405 405 405 405 405 405 405"),
    "todo": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    # The case was raised by 吴职工 and assigned to 设备部 (刘承办's department).
    "cases:detail": ("get", lambda u, f: {"pk": f["case"].pk}, "302 200 200 404 200 404 200 404"),
    "cases:act": ("get", lambda u, f: {"pk": f["case"].pk}, "302 405 405 405 405 405 405 405"),
    "cases:rate": ("get", lambda u, f: {"pk": f["case"].pk}, "302 405 405 405 405 405 405 405"),
    "cases:comment": ("get", lambda u, f: {"pk": f["case"].pk}, "302 405 405 405 405 405 405 405"),
    "cases:co-reply": ("get", lambda u, f: {"pk": f["case"].pk}, "302 405 405 405 405 405 405 405"),
    "cases:urge": ("get", lambda u, f: {"pk": f["case"].pk}, "302 405 405 405 405 405 405 405"),
    "cases:attachment": (
        "get",
        lambda u, f: {"pk": f["case"].pk, "attachment_pk": f["file"].pk},
        "302 200 200 404 200 404 200 404",
    ),
    "appeals:new": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "appeals:mine": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "appeals:list": ("get", lambda u, f: {}, "302 200 200 200 200 403 403 403"),
    "appeals:stats": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "appeals:export": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "news:list": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "news:new": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "news:detail": ("get", lambda u, f: {"pk": f["article"].pk}, "302 200 200 200 200 200 200 200"),
    "news:edit": ("get", lambda u, f: {"pk": f["article"].pk}, "302 200 200 403 403 403 403 403"),
    "news:publish": ("get", lambda u, f: {"pk": f["article"].pk}, "302 405 405 405 405 405 405 405"),
    "notify:webhook-add": ("get", lambda u, f: {"unit_pk": u.equip_dept.pk}, "302 405 405 405 405 405 405 405"),
    "notify:webhook-delete": ("get", lambda u, f: {"pk": f["robot"].pk}, "302 405 405 405 405 405 405 405"),
    "notify:webhook-test": ("get", lambda u, f: {"pk": f["robot"].pk}, "302 405 405 405 405 405 405 405"),
    "audit:log-list": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "audit:log-detail": ("get", lambda u, f: {"pk": f["log"].pk}, "302 200 200 403 403 403 403 403"),
    # The API answers 401 rather than redirecting: it is not a page.
    "api:api-root": ("get", lambda u, f: {}, "404 404 404 404 404 404 404 404"),  # a name for reverse() only
    # The docs and the spec are for people who logged in.
    "api:openapi-json": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "api:openapi-view": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "api:me": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:list_units": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:list_people": ("get", lambda u, f: {}, "401 200 200 200 200 403 403 403"),
    # POST and GET share /api/v1/appeals: a GET there is the handlers' list.
    "api:create_appeal": ("get", lambda u, f: {}, "401 200 200 200 200 403 403 403"),
    "api:my_appeals": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:list_appeals": ("get", lambda u, f: {}, "401 200 200 200 200 403 403 403"),
    "api:get_case": ("get", lambda u, f: {"case_id": f["case"].pk}, "401 200 200 404 200 404 200 404"),
    "api:act_on_case": ("get", lambda u, f: {"case_id": f["case"].pk}, "405 405 405 405 405 405 405 405"),
    "api:rate_case": ("get", lambda u, f: {"case_id": f["case"].pk}, "405 405 405 405 405 405 405 405"),
    "api:get_person": ("get", lambda u, f: {"person_id": u.employee.employee_id}, "401 200 200 200 404 404 200 404"),
}
ROW_PART = {}
for _part in parts():
    assert not MATRIX.keys() & _part.MATRIX.keys(), f"{_part.__name__} repeats rows"
    MATRIX.update(_part.MATRIX)
    ROW_PART.update(dict.fromkeys(_part.MATRIX, _part.__name__))


def all_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                assert p.name, f"URL {p.pattern} has no name: every URL needs a name and a row in MATRIX"
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_an_expectation():
    missing = all_url_names() - MATRIX.keys()
    assert not missing, f"URLs without a permission expectation: {sorted(missing)}"
    stale = MATRIX.keys() - all_url_names()
    assert not stale, f"expectations for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def fixtures(union):
    from auditlog.models import LogEntry

    person = union.outsider.employee
    person.position = "输煤值班员"
    person.save()
    case = make_appeal(union)
    data = {
        "robot": UnitWebhook.objects.create(unit=union.equip_dept, channel="wecom", url="http://127.0.0.1:9/robot"),
        "article": Article.objects.create(
            union=union.root, title="职工疗休养政策解读", body="……", author=union.staff, published_at=timezone.now()
        ),
        "case": case,
        "file": case.attachments.get(),
        "job": ImportJob.objects.create(union=union.root, kind="roster", created_by=union.staff, status="done"),
        "note": Notification.objects.create(recipient=union.employee, title="测试"),
        "assignment": union.branch_chair.role_assignments.get(),
        "log": LogEntry.objects.get_for_object(person).latest("timestamp"),
    }
    return LazyFixtures(data, union)


class LazyFixtures(dict):
    """The shared fixtures, plus each area's built only when a row asks for one of its keys:
    building every area's data for each of the thousands of rows would dominate the suite."""

    def __init__(self, data, union):
        super().__init__(data)
        self.union = union
        self.pending = parts()

    def build(self, part_name: str) -> None:
        for part in [p for p in self.pending if p.__name__ == part_name]:
            self.pending.remove(part)
            self.update(part.fixtures(self.union))

    def __missing__(self, key):
        while self.pending:
            self.update(self.pending.pop(0).fixtures(self.union))
            if key in self:
                return self[key]
        raise KeyError(key)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, union, fixtures, name, role):
    method, kwargs, spec = MATRIX[name]
    if name in ROW_PART:
        # A page without arguments still shows its area's data: build it.
        fixtures.build(ROW_PART[name])
    expected = codes(spec)[role]
    if role != "anonymous":
        client.force_login(union.users()[role], backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    url = reverse(name, kwargs=kwargs(union, fixtures))
    response = getattr(client, method)(url)
    assert response.status_code == expected, (
        f"{role} {method.upper()} {url}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # Under the strict CSP an inline script or style would silently not work.
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), f"{url} has an inline script"
        assert not INLINE_STYLE.search(body), f"{url} has an inline style"
        # Every select's empty choice in Chinese (Django 6.1's own is "- Select an option -").
        assert "Select an option" not in body and ">---------<" not in body, f"{url} has an English empty choice"
