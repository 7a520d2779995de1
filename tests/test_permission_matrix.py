"""Every URL of the project, for every role: allowed or denied, from this table.

A URL without a row here fails the suite, so nobody adds a page without deciding who may see it.
Each row names a profile (tests/matrix_profiles.py: EVERYONE, OFFICE, HANDLERS…) or builds one
with `expect(default, role=code…)`: 200 shown, 302 sent to login, 403 refused, 404 hidden
(outsiders do not learn that a thing exists), 405 wrong method (an action: see ACTIONS).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gonghui.cases.kinds import get_kind
from gonghui.cases.models import Case
from gonghui.cases.services import case_act, case_open
from gonghui.excel.models import ImportJob
from gonghui.news.models import Article
from gonghui.notify.models import Notification, UnitWebhook
from gonghui.org.models import Role, UnitKind
from tests.cases_helpers import make_appeal
from tests.factories import make_employee, make_root, make_unit, make_user
from tests.matrix_parts import parts
from tests.matrix_profiles import (
    API_EVERYONE,
    API_HANDLERS,
    API_POST_ONLY,
    EVERYONE,
    HANDLERS,
    LOGIN_PAGE,
    NOWHERE,
    OFFICE,
    POST_ONLY,
    PUBLIC,
    ROLES,
    expect,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style|\sstyle=\"")
# URL arguments that are not one of this union's records.
NOT_A_RECORD = re.compile(r"^(year|kind|slug|key|token|source)$")


def names_a_record(arguments: dict) -> bool:
    """The URL's arguments point at one of this union's records (not a year or a kind)."""
    return any(isinstance(v, int) and not NOT_A_RECORD.match(k) for k, v in arguments.items())


def other_chair_code(codes: dict[str, int], arguments: dict) -> int:
    """Another union's chair: office of their own union, so its pages open as for a chair;
    a record of this union is not found (an action's URL answers a GET with 405 first)."""
    if "other_chair" in codes:
        return codes["other_chair"]
    if names_a_record(arguments):
        return 405 if codes["chair"] == 405 else 404
    return codes["chair"]


# name: (method, kwargs(union, fixtures) -> dict, expected codes)
MATRIX = {
    # A company leader is sent on to the figures board, their first page.
    "web:home": ("get", lambda u, f: {}, expect(200, leader=302)),
    "healthz": ("get", lambda u, f: {}, PUBLIC),
    "healthz-trivial": ("get", lambda u, f: {}, PUBLIC),
    "accounts:login": ("get", lambda u, f: {}, LOGIN_PAGE),
    "accounts:logout": ("get", lambda u, f: {}, POST_ONLY),
    "accounts:password-change": ("get", lambda u, f: {}, EVERYONE),
    "org:unit-tree": ("get", lambda u, f: {}, EVERYONE),
    "org:unit-detail": ("get", lambda u, f: {"pk": u.run_branch.pk}, EVERYONE),
    "org:unit-create": ("get", lambda u, f: {}, OFFICE),
    "org:unit-edit": ("get", lambda u, f: {"pk": u.run_dept.pk}, OFFICE),
    "org:unit-delete": ("get", lambda u, f: {"pk": u.run_dept.pk}, POST_ONLY),
    "org:person-list": ("get", lambda u, f: {}, HANDLERS),
    # 吴职工 is in 运行分工会: her own page, her branch chair's, the union office's.
    "org:person-detail": (
        "get",
        lambda u, f: {"pk": u.employee.employee_id},
        expect(404, chair=200, staff=200, branch_chair=200, employee=200),
    ),
    "org:person-edit": (
        "get",
        lambda u, f: {"pk": u.employee.employee_id},
        expect(403, chair=200, staff=200, branch_chair=200, handler=404, representative=404, leader=404, elsewhere=404),
    ),
    "org:person-membership": ("get", lambda u, f: {"pk": u.employee.employee_id}, POST_ONLY),
    "org:person-password-reset": (
        "get",
        lambda u, f: {"pk": u.employee.employee_id},
        POST_ONLY,
    ),
    "org:person-reveal": ("get", lambda u, f: {"pk": u.employee.employee_id}, POST_ONLY),
    "roster:account-notices": ("get", lambda u, f: {"pk": u.run_dept.pk}, POST_ONLY),
    "org:role-list": ("get", lambda u, f: {}, OFFICE),
    "org:role-grant": ("get", lambda u, f: {}, POST_ONLY),
    "org:role-revoke": ("get", lambda u, f: {"pk": f["assignment"].pk}, POST_ONLY),
    "roster:import": ("get", lambda u, f: {}, OFFICE),
    "roster:job": ("get", lambda u, f: {"pk": f["job"].pk}, OFFICE),
    "roster:job-progress": ("get", lambda u, f: {"pk": f["job"].pk}, OFFICE),
    "roster:job-confirm": ("get", lambda u, f: {"pk": f["job"].pk}, POST_ONLY),
    "roster:template": ("get", lambda u, f: {}, OFFICE),
    "roster:export": ("get", lambda u, f: {}, expect(403, chair=200, staff=200, branch_chair=200)),
    "notify:inbox": ("get", lambda u, f: {}, EVERYONE),
    "notify:open": ("get", lambda u, f: {"pk": f["note"].pk}, POST_ONLY),
    "notify:read-all": ("get", lambda u, f: {}, POST_ONLY),
    "todo": ("get", lambda u, f: {}, EVERYONE),
    # The case was raised by 吴职工 and assigned to 设备部 (刘承办's department).
    "cases:detail": (
        "get",
        lambda u, f: {"pk": f["case"].pk},
        expect(404, chair=200, staff=200, handler=200, employee=200),
    ),
    "cases:act": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:rate": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:comment": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:co-reply": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:urge": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:merge": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:unmerge": ("get", lambda u, f: {"pk": f["case"].pk}, POST_ONLY),
    "cases:attachment": (
        "get",
        lambda u, f: {"pk": f["case"].pk, "attachment_pk": f["file"].pk},
        expect(404, chair=200, staff=200, handler=200, employee=200),
    ),
    "appeals:new": ("get", lambda u, f: {}, EVERYONE),
    "appeals:mine": ("get", lambda u, f: {}, EVERYONE),
    "appeals:list": ("get", lambda u, f: {}, HANDLERS),
    "appeals:stats": ("get", lambda u, f: {}, OFFICE),
    "appeals:export": ("get", lambda u, f: {}, OFFICE),
    "news:list": ("get", lambda u, f: {}, EVERYONE),
    "news:new": ("get", lambda u, f: {}, OFFICE),
    "news:detail": ("get", lambda u, f: {"pk": f["article"].pk}, EVERYONE),
    "news:edit": ("get", lambda u, f: {"pk": f["article"].pk}, OFFICE),
    "news:publish": ("get", lambda u, f: {"pk": f["article"].pk}, POST_ONLY),
    "notify:webhook-add": ("get", lambda u, f: {"unit_pk": u.equip_dept.pk}, POST_ONLY),
    "notify:webhook-delete": ("get", lambda u, f: {"pk": f["robot"].pk}, POST_ONLY),
    "notify:webhook-test": ("get", lambda u, f: {"pk": f["robot"].pk}, POST_ONLY),
    "audit:log-list": ("get", lambda u, f: {}, OFFICE),
    "audit:log-detail": ("get", lambda u, f: {"pk": f["log"].pk}, OFFICE),
    # The API answers 401 rather than redirecting: it is not a page.
    "api:api-root": ("get", lambda u, f: {}, NOWHERE),  # a name for reverse() only
    # The docs and the spec are for people who logged in.
    "api:openapi-json": ("get", lambda u, f: {}, EVERYONE),
    "api:openapi-view": ("get", lambda u, f: {}, EVERYONE),
    "api:me": ("get", lambda u, f: {}, API_EVERYONE),
    "api:list_units": ("get", lambda u, f: {}, API_EVERYONE),
    "api:list_people": ("get", lambda u, f: {}, API_HANDLERS),
    # POST and GET share /api/v1/appeals: a GET there is the handlers' list.
    "api:create_appeal": ("get", lambda u, f: {}, API_HANDLERS),
    "api:my_appeals": ("get", lambda u, f: {}, API_EVERYONE),
    "api:list_appeals": ("get", lambda u, f: {}, API_HANDLERS),
    "api:get_case": (
        "get",
        lambda u, f: {"case_id": f["case"].pk},
        expect(404, anonymous=401, chair=200, staff=200, handler=200, employee=200),
    ),
    "api:act_on_case": ("get", lambda u, f: {"case_id": f["case"].pk}, API_POST_ONLY),
    "api:rate_case": ("get", lambda u, f: {"case_id": f["case"].pk}, API_POST_ONLY),
    "api:get_person": (
        "get",
        lambda u, f: {"person_id": u.employee.employee_id},
        expect(404, anonymous=401, chair=200, staff=200, branch_chair=200, employee=200),
    ),
}
# The query string a row is asked with (a search for the markers below), where it needs one.
QUERIES: dict[str, dict] = {}
ROW_PART = {}
for _part in parts():
    assert not MATRIX.keys() & _part.MATRIX.keys(), f"{_part.__name__} repeats rows"
    MATRIX.update(_part.MATRIX)
    ROW_PART.update(dict.fromkeys(_part.MATRIX, _part.__name__))
    QUERIES.update(getattr(_part, "QUERIES", {}))


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
    # Markers no list may show to the wrong people: an appeal raised in another branch's
    # department (燃料部, outside 运行分工会) and, in another union, an appeal and an article.
    case_open(kind="appeal", requester=union.outsider, title=BRANCH_MARKER, body="……", category="safety")
    other = _other_union()
    case_open(kind="appeal", requester=other["worker"], title=UNION_MARKER, body="……", category="wages")
    Article.objects.create(
        union=other["root"], title=UNION_MARKER, body="……", author=other["chair"], published_at=timezone.now()
    )
    data["people"] = {
        **union.users(),
        "inspector": make_user(make_employee(union.office_dept, "赵监督", "H0009"), (Role.INSPECTOR, union.root)),
        "auditor": make_user(make_employee(union.office_dept, "杨经审", "H0010"), (Role.AUDITOR, union.root)),
        "other_chair": other["chair"],
    }
    return LazyFixtures(data, union)


BRANCH_MARKER = "燃料部的标记诉求"
UNION_MARKER = "另一工会的标记事项"
# Who must not see the other branch's appeal: everybody but the union office (and 孙外人, who raised it).
OUTSIDE_THE_BRANCH_CASE = {"branch_chair", "handler", "representative", "employee", "leader", "inspector", "auditor"}


def _other_union() -> dict:
    root = make_root("邻厂热电有限公司工会", "HQ-M")
    dept = make_unit(make_unit(root, "检修分工会", UnitKind.BRANCH, "B-M"), "检修部", UnitKind.DEPARTMENT, "D-M")
    return {
        "root": root,
        "chair": make_user(make_employee(dept, "郑主席", "M-0001"), (Role.CHAIR, root)),
        "worker": make_user(make_employee(dept, "冯职工", "M-0002")),
    }


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


def _log_in(client, fixtures, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(fixtures["people"][role], backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, union, fixtures, name):
    """One URL for every role in turn (the fixtures are built once per URL): all that is wrong
    with it is reported together."""
    method, kwargs, codes = MATRIX[name]
    query = QUERIES.get(name)
    if name in ROW_PART:
        # A page without arguments still shows its area's data: build it.
        fixtures.build(ROW_PART[name])
    arguments = kwargs(union, fixtures)
    url = reverse(name, kwargs=arguments)
    wrong = []
    for role in ROLES:
        expected = other_chair_code(codes, arguments) if role == "other_chair" else codes[role]
        _log_in(client, fixtures, role)
        response = getattr(client, method)(url, query)
        if response.status_code != expected:
            wrong.append(f"{role} {method.upper()} {url}: {response.status_code}, expected {expected}")
            continue
        if expected == 302 and role == "anonymous" and not response.url.startswith(reverse("accounts:login")):
            wrong.append(f"anonymous {url}: sent to {response.url}, not to log in")
        if response.status_code == 200 and not response.streaming:
            shown = response.content.decode(errors="replace")
            if role != "other_chair" and UNION_MARKER in shown:  # the other chair's own union's record
                wrong.append(f"{role} {url} shows another union's record")
            if role in OUTSIDE_THE_BRANCH_CASE and BRANCH_MARKER in shown:
                wrong.append(f"{role} {url} shows another branch's appeal")
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            body = response.content.decode()
            # Under the strict CSP an inline script or style would silently not work.
            if INLINE_SCRIPT.search(body) or INLINE_STYLE.search(body):
                wrong.append(f"{url} has an inline script or style")
            # Every select's empty choice in Chinese (Django 6.1's own is "- Select an option -").
            if "Select an option" in body or ">---------<" in body:
                wrong.append(f"{url} has an English empty choice")
    assert not wrong, "\n".join(wrong)


# Who may act through each action URL (answered with 405 to a GET above). Everybody else is
# refused: 401/403/404, or turned back with a message — and in every case nothing is written.
OFFICE_ACTS = {"chair", "staff"}
EVERYBODY_ACTS = set(ROLES) - {"anonymous"}
THIS_UNION = EVERYBODY_ACTS - {"other_chair"}
ACTIONS: dict[str, set[str]] = {
    "accounts:logout": EVERYBODY_ACTS,
    "org:unit-delete": OFFICE_ACTS,
    # 吴职工's own record: the union office and her branch's chair manage it.
    "org:person-membership": OFFICE_ACTS | {"branch_chair"},
    "org:person-password-reset": OFFICE_ACTS | {"branch_chair"},
    "org:person-reveal": OFFICE_ACTS | {"branch_chair", "employee"},  # and she her own number
    "roster:account-notices": OFFICE_ACTS | {"branch_chair"},
    "org:role-grant": OFFICE_ACTS | {"other_chair"},  # each in their own union
    "org:role-revoke": OFFICE_ACTS,
    "congress:representative-end": OFFICE_ACTS,
    "roster:job-confirm": OFFICE_ACTS,
    "notify:open": {"employee"},
    "notify:read-all": EVERYBODY_ACTS,
    # The appeal: raised by 吴职工, with 设备部 (刘承办).
    "cases:act": OFFICE_ACTS | {"handler"},
    "cases:rate": {"employee"},
    "cases:comment": OFFICE_ACTS | {"handler", "employee"},
    "cases:co-reply": set(),
    "cases:urge": OFFICE_ACTS,
    # Appeals are not merged (并案 is the proposals committee's, tests/test_merge.py).
    "cases:merge": set(),
    "cases:unmerge": set(),
    "news:publish": OFFICE_ACTS,
    "notify:webhook-add": OFFICE_ACTS,
    "notify:webhook-delete": OFFICE_ACTS,
    "notify:webhook-test": OFFICE_ACTS,
    "api:act_on_case": OFFICE_ACTS | {"handler"},
    "api:rate_case": {"employee"},
}


def _case_step(union, fixtures, user) -> dict:
    """The first step of the appeal this person may take (a refused one tries to answer)."""
    case = Case.objects.get(pk=fixtures["case"].pk)
    steps = get_kind(case.kind).available(user, case)
    step = steps[0].name if steps else "answer"
    return {"transition": step, "version": case.version, "text": "核实后答复", "lead_unit": union.equip_dept.pk}


def _answered_case(union, fixtures) -> Case:
    case = Case.objects.get(pk=fixtures["case"].pk)
    return case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已补发")


def _one_unread(user) -> dict:
    if user is not None:
        Notification.objects.create(recipient=user, title="待读的消息")
    return {}


# What a person who may act posts, beyond ACTION_FORM/ACTION_BODY: made inside the savepoint
# (it may first put the record in the state the action needs), so it is rolled back with it.
# name: input(union, fixtures, user or None) -> fields
ACTION_INPUT = {
    "cases:act": lambda u, f, user: {
        "transition": (step := _case_step(u, f, user))["transition"],
        **{f"{step['transition']}-{k}": v for k, v in step.items()},
    },
    "api:act_on_case": lambda u, f, user: {
        ("lead_unit_id" if k == "lead_unit" else k): v for k, v in _case_step(u, f, user).items()
    },
    "cases:rate": lambda u, f, user: {"version": _answered_case(u, f).version, "rating": "satisfied"},
    "api:rate_case": lambda u, f, user: {"version": _answered_case(u, f).version, "rating": "satisfied"},
    "notify:read-all": lambda u, f, user: _one_unread(user),
    "notify:webhook-add": lambda u, f, user: {
        "channel": "wecom",
        "url": "http://127.0.0.1:9/robot-2",
    },
    "org:person-membership": lambda u, f, user: {"action": "leave", "occurred_on": timezone.localdate().isoformat()},
    "org:role-grant": lambda u, f, user: {
        "employee_no": (f["people"]["other_chair"] if user == f["people"]["other_chair"] else u.outsider).username,
        "role": Role.HANDLER,
        "unit": (user.employee.unit if user == f["people"]["other_chair"] else u.equip_dept).pk,
    },
    "roster:account-notices": lambda u, f, user: {
        "_": make_employee(u.run_dept, "新入职", f"N{(user.pk if user else 0):04d}").pk
    },
}
# Actions a permitted person reaches but cannot complete on this test's data, with the message
# that proves the permission let them through to the rule behind it.
TURNED_BACK = {
    "accounts:logout": "",  # ends the session: no record changes
    "org:unit-delete": "该单位下还有下级单位",
    "roster:job-confirm": "只有校验通过的全量导入才需要确认",
}


def fingerprint() -> tuple:
    """Every row of every table of the project (sealed votes among them), read and unread
    notices, has-voted marks, votes counted and attendances marked: an action that was refused
    changes none of these. One query."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        # Not the unmanaged ones: search's view of SQLite's FTS table, whose rows are the entries'.
        if model.__module__.startswith(("gonghui.", "auditlog.")) and not model._meta.proxy and model._meta.managed
    )
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    extra = (
        "(SELECT COUNT(*) FROM notify_notification WHERE read_at IS NULL), "
        "(SELECT COALESCE(SUM(count), 0) FROM ballots_ballottally), "
        "(SELECT COUNT(*) FROM ballots_ballotvoter WHERE has_voted), "
        "(SELECT COUNT(*) FROM events_registration WHERE attended)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}, {extra}")
        return tuple(cursor.fetchone())


for _part in parts():
    assert not ACTIONS.keys() & getattr(_part, "ACTIONS", {}).keys(), f"{_part.__name__} repeats actions"
    ACTIONS.update(getattr(_part, "ACTIONS", {}))
    ACTION_INPUT.update(getattr(_part, "ACTION_INPUT", {}))
    TURNED_BACK.update(getattr(_part, "TURNED_BACK", {}))


def test_every_action_says_who_may_act():
    actions = {name for name, (_method, _kwargs, codes) in MATRIX.items() if codes["chair"] == 405}
    assert actions == ACTIONS.keys(), (
        f"missing: {sorted(actions - ACTIONS.keys())}, stale: {sorted(ACTIONS.keys() - actions)}"
    )


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_who_may_act(client, union, fixtures, name, settings):
    """Every role in turn posts to the action, each in a savepoint rolled back afterwards, so
    one who may act does not change what the next one finds."""
    # The robot a permitted office adds is the loopback one of the fixtures (nothing is sent).
    settings.ROBOT_ALLOWED_HOSTS, settings.ROBOT_ALLOWED_NETWORKS = ["127.0.0.1"], ["127.0.0.1/32"]
    may_act = ACTIONS[name]
    _method, kwargs, codes = MATRIX[name]
    assert codes["chair"] == 405, f"{name} is an action: its GET row answers 405"
    if name in ROW_PART:
        fixtures.build(ROW_PART[name])
    url = reverse(name, kwargs=kwargs(union, fixtures))
    wrong = []
    for role in ROLES:
        _log_in(client, fixtures, role)
        user = fixtures["people"].get(role)
        with transaction.atomic():
            extra = ACTION_INPUT[name](union, fixtures, user) if name in ACTION_INPUT else {}
            before = fingerprint()
            if name.startswith("api:"):
                response = client.post(url, {**ACTION_BODY, **extra}, content_type="application/json")
            else:
                response = client.post(url, {**ACTION_FORM, **extra})
            after = fingerprint()
            transaction.set_rollback(True)
        # Nobody logged in is sent to log in; after logging out, anybody is.
        refused = response.status_code in (401, 403, 404) or (
            role == "anonymous" and response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        )
        if response.status_code >= 500:
            wrong.append(f"{role} POST {url}: {response.status_code}")
        elif role in may_act and refused:
            wrong.append(f"{role} POST {url}: {response.status_code}, but may act")
        elif role in may_act and after == before:
            # Every change leaves an audit row at least (a vote, a seal): one who may act and wrote nothing was
            # turned away, by the permission or by a form this test fills in wrong.
            said = " ".join(str(m) for m in get_messages(response.wsgi_request)) or response.content.decode()[:200]
            if name not in TURNED_BACK or TURNED_BACK[name] not in said:
                wrong.append(f"{role} POST {url}: {response.status_code}, may act but nothing was written: {said}")
        elif role not in may_act and after != before:
            wrong.append(f"{role} POST {url}: {response.status_code} and wrote something")
    assert not wrong, "\n".join(wrong)


# What each action is given: enough of every form's fields that a permitted person's post is
# taken (or answered with what to fix), so a refusal is the permission's, not the form's.
ACTION_FORM = {
    "text": "核实后答复",
    "title": "越权测试",
    "body": "……",
    "name": "越权测试",
    "checked": "on",
    "agree": "1",
}
ACTION_BODY = {
    "transition": "answer",
    "version": 1,
    "text": "核实后答复",
    "rating": "satisfied",
    "title": "越权测试",
    "body": "……",
    "agree": True,
    "token": "x",
    "answers": {},
    "approve": True,
    "marks": [],
}
