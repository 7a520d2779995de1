"""The cases kernel's contract, driven by a kind declared here and nowhere else: no rating, a
case raised for someone else, graded deadlines per step, step data through a form, a named
inspector who may not verify their own fix, a panel whose reviews must all be in, the kind's
own office and escalation, indexed handler lookups and the shared figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.cases import kinds
from gonghui.cases.figures import case_figures
from gonghui.cases.kinds import CaseKind, Flow, Transition, handles, office_or_units, office_todo_of
from gonghui.cases.models import Case, CaseAssignee
from gonghui.cases.notices import unit_handlers
from gonghui.cases.selectors import todo_for
from gonghui.cases.services import case_act, case_open, case_rate
from gonghui.cases.sweep import sweep_overdue
from gonghui.notify.models import Notification
from gonghui.org.models import Role
from gonghui.org.scopes import has_role, is_union_office
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db

FLOW = Flow(triage="reported", assigned="rectifying", processing="rectifying", answered="verifying", closed="closed")
HOURS = {"general": 7 * 24, "major": 24}
after_calls = []


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label="等级", choices=[("general", "一般"), ("major", "重大")])


class FixForm(forms.Form):
    cost = forms.DecimalField(label="整改费用（元）", min_value=0, decimal_places=2)


class ScoreForm(forms.Form):
    score = forms.IntegerField(label="评分", min_value=0, max_value=100)


def office(user, case) -> bool:
    return is_union_office(user, case.union_path)


def assigned_to(user, case) -> bool:
    return case.assignees.filter(user=user, active=True).exists()


def branch_chair_for(user, subject) -> bool:
    if subject is None:
        return True
    return has_role(user, Role.BRANCH_CHAIR, over=subject.unit_path)


@pytest.fixture
def kind(union):
    spec = kinds.register(
        CaseKind(
            key="test_hazard",
            label="测试隐患",
            prefix="TH",
            states={
                "reported": "待定级",
                "rectifying": "整改中",
                "verifying": "待验收",
                "reviewing": "评审中",
                "closed": "已销号",
            },
            initial="reported",
            answered_state="verifying",
            closed_state="closed",
            reopen_state="rectifying",
            categories={"equipment": "设备设施", "fire": "消防"},
            handler_filter=office_or_units,
            todo_filter=office_todo_of(FLOW),
            unit_states=("rectifying",),
            rating=None,
            may_open=branch_chair_for,
            # Only the chair hears of a new one; an overdue one goes to the company leaders.
            office=lambda case: [union.chair],
            escalate_to=lambda union_id: [union.leader],
            transitions=(
                Transition(
                    "grade",
                    "定级交办",
                    ("reported",),
                    "rectifying",
                    office,
                    assigns=True,
                    form=GradeForm,
                    deadline=lambda case, data: timedelta(hours=HOURS[data["grade"]]),
                ),
                Transition(
                    "rectify",
                    "整改完成",
                    ("rectifying",),
                    "verifying",
                    handles,
                    form=FixForm,
                    deadline=lambda case, data: timedelta(days=3),
                    after=lambda case, actor, text, data: after_calls.append((case.number, data)),
                ),
                Transition("appoint", "指定验收人", ("verifying",), "verifying", office, assigns_people=1),
                Transition("pass", "验收通过", ("verifying",), "closed", assigned_to, not_by="rectify"),
                Transition("panel", "组织评审", ("reported",), "reviewing", office, assigns_people=2),
                Transition(
                    "review", "提交评审", ("reviewing",), "reviewing", assigned_to, reviews=True, form=ScoreForm
                ),
                Transition("conclude", "评审结束", ("reviewing",), "closed", office, needs_all_reviews=True),
            ),
        )
    )
    yield spec
    kinds._REGISTRY.pop(spec.key)


def test_a_hazard_from_report_to_verified_fix(client, login, union, kind):
    inspector = make_user(make_employee(union.boiler_team, "检查员"), (Role.INSPECTOR, union.equip_dept))
    # Raised by the branch chair for an employee of their branch, who then sees it as theirs.
    subject = union.employee.employee
    with pytest.raises(PermissionDenied, match="您不能为其提出测试隐患"):
        case_open(kind=kind.key, requester=union.handler, title="x", body="x", category="fire", subject=subject)
    case = case_open(
        kind=kind.key,
        requester=union.branch_chair,
        title="锅炉房消防通道堆放杂物",
        body="堵塞通道",
        category="fire",
        subject=subject,
    )
    assert Case.objects.visible_to(union.employee, kind=kind.key).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(union.outsider, kind=kind.key).filter(pk=case.pk).exists()
    # The kind's office hook: its chair heard, its staff did not.
    assert Notification.objects.filter(recipient=union.chair, title__contains=case.number).exists()
    assert not Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()

    # Grading takes the step's form; a bad grade is named by its label.
    with pytest.raises(ValidationError, match="等级"):
        case_act(
            actor=union.staff, case=case, transition="grade", version=case.version, lead_unit=union.equip_dept,
            data={"grade": "catastrophic"},
        )  # fmt: skip
    before = timezone.now()
    case = case_act(
        actor=union.staff,
        case=case,
        transition="grade",
        version=case.version,
        lead_unit=union.equip_dept,
        data={"grade": "major"},
    )
    # A major hazard is due in 24 hours, from the step's own deadline.
    assert before + timedelta(hours=23) < case.due_at <= timezone.now() + timedelta(hours=24)
    graded = case.events.get(action="grade")
    assert graded.data == {"grade": "major"}
    entry = LogEntry.objects.filter(object_pk=str(case.pk), additional_data__step="定级交办").get()
    assert entry.changes["data.grade"] == ["", "major"]

    # The handler fixes it: the cost is kept and handed to the kind's hook; verification is due in 3 days.
    case = case_act(
        actor=union.handler, case=case, transition="rectify", version=case.version, data={"cost": "1200.50"}
    )
    assert after_calls[-1] == (case.number, {"cost": "1200.50"})
    assert timezone.now() + timedelta(days=2, hours=23) < case.due_at <= timezone.now() + timedelta(days=3)
    # No rating for this kind, whoever asks.
    with pytest.raises(PermissionDenied, match="测试隐患不由提出人评价"):
        case_rate(actor=union.branch_chair, case=case, rating="satisfied", version=case.version)

    # The union office names an inspector; the one who fixed it may not verify it.
    with pytest.raises(ValidationError, match="请指定负责人"):
        case_act(actor=union.staff, case=case, transition="appoint", version=case.version, people=[])
    case = case_act(actor=union.staff, case=case, transition="appoint", version=case.version, people=[inspector])
    assert Notification.objects.filter(recipient=inspector, title__contains=case.number).exists()
    assert todo_for(inspector).filter(pk=case.pk).exists()  # in the inspector's to-do
    # Nobody rates this kind: its requester has nothing waiting while it is being verified.
    assert not todo_for(union.branch_chair).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(inspector, kind=kind.key).filter(pk=case.pk).exists()
    CaseAssignee.objects.create(case=case, user=union.handler, step="appoint")  # even if also named
    with pytest.raises(PermissionDenied, match="“整改完成”的人不能验收通过"):
        case_act(actor=union.handler, case=case, transition="pass", version=case.version)
    case = case_act(actor=inspector, case=case, transition="pass", version=case.version)
    assert case.state == "closed" and case.closed_at is not None


def test_a_panel_must_all_review_before_it_concludes(client, login, union, kind):
    reviewers = [make_user(make_employee(union.shift1, f"评委{n}")) for n in range(2)]
    case = case_open(kind=kind.key, requester=union.employee, title="合理化建议", body="……", category="equipment")
    # The requester may see the case but not take the panel step: numbers they type are not
    # even looked up (the error would say which employee numbers have logins).
    login(union.employee)
    client.post(
        reverse("cases:act", args=[case.pk]),
        {"transition": "panel", "panel-transition": "panel", "panel-version": case.version, "panel-people": "X9999"},
    )
    said = " ".join(str(m) for m in list(client.get(reverse("cases:detail", args=[case.pk])).context["messages"]))
    assert "X9999" not in said and "您不能对该事项执行此操作" in said
    with pytest.raises(ValidationError, match="请指定 2 人"):
        case_act(actor=union.staff, case=case, transition="panel", version=case.version, people=reviewers[:1])
    # Through the page: the reviewers by their numbers, as the union office types them.
    login(union.staff)
    numbers = " ".join(r.employee.employee_no for r in reviewers)
    client.post(
        reverse("cases:act", args=[case.pk]),
        {"transition": "panel", "panel-transition": "panel", "panel-version": case.version, "panel-people": numbers},
    )
    case.refresh_from_db()
    assert case.state == "reviewing" and case.assignees.filter(active=True).count() == 2
    login(reviewers[0])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "提交评审" in page and 'name="data-review-score"' in page
    client.post(
        reverse("cases:act", args=[case.pk]),
        {
            "transition": "review",
            "review-transition": "review",
            "review-version": case.version,
            "data-review-score": 88,
        },
    )
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="还有 1 人未提交，全部提交后才能评审结束"):
        case_act(actor=union.staff, case=case, transition="conclude", version=case.version)
    with pytest.raises(PermissionDenied, match="只有尚未提交的指定人员可以提交"):
        case_act(actor=reviewers[0], case=case, transition="review", version=case.version, data={"score": 90})
    # Over the API, with the step's data.
    login(reviewers[1])
    response = client.post(
        f"/api/v1/cases/{case.pk}/act",
        {"transition": "review", "version": case.version, "data": {"score": 101}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "评分" in response.json()["detail"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/act",
        {"transition": "review", "version": case.version, "data": {"score": 75}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert sorted(case.assignees.values_list("data__score", flat=True)) == [75, 88]
    case = case_act(actor=union.staff, case=case, transition="conclude", version=case.version)
    assert case.state == "closed"


def test_an_overdue_case_escalates_to_whom_its_kind_names(union, kind):
    case = case_open(kind=kind.key, requester=union.employee, title="配电室漏水", body="……", category="equipment")
    case = case_act(
        actor=union.staff,
        case=case,
        transition="grade",
        version=case.version,
        lead_unit=union.equip_dept,
        data={"grade": "general"},
    )
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(days=5))
    assert sweep_overdue() == {"reminded": 1, "escalated": 1}
    assert Notification.objects.filter(recipient=union.leader, title="1 件测试隐患超期未办，已升级").exists()
    assert not Notification.objects.filter(recipient=union.staff, title__contains="超期未办，已升级").exists()


def test_handlers_are_found_by_an_index_whatever_the_number_of_grants(union):
    assert union.handler in unit_handlers(union.boiler_team)
    assert union.branch_chair in unit_handlers(union.shift1) and union.handler not in unit_handlers(union.shift1)
    with CaptureQueriesContext(connection) as few:
        unit_handlers(union.boiler_team)
    for n in range(30):
        make_user(make_employee(union.shift2, f"承办{n}"), (Role.HANDLER, union.run_dept))
    with CaptureQueriesContext(connection) as many:
        found = unit_handlers(union.boiler_team)
    # One query, by the units above the team, not thirty more grants read and filtered.
    assert len(few) == len(many) == 1 and found == [union.handler]


def test_figures_in_one_grouped_query(union, kind):
    now = timezone.now()
    for category, rating in (
        ("fire", "satisfied"),
        ("fire", "unsatisfied"),
        ("equipment", "basically"),
        ("equipment", ""),
    ):
        case = case_open(kind=kind.key, requester=union.employee, title="t", body="b", category=category)
        Case.objects.filter(pk=case.pk).update(
            rating=rating,
            due_at=now + timedelta(days=1),
            answered_at=now if rating else None,
            first_response_at=case.created_at + timedelta(hours=2),
        )
    cases = Case.objects.filter(kind=kind.key)
    with CaptureQueriesContext(connection) as queries:
        rows = case_figures(cases, group_by="category")
    assert len(queries) == 1
    fire, equipment = sorted(rows, key=lambda r: r["group"] != "fire")
    assert (fire["total"], fire["rated"], fire["satisfied"], fire["satisfaction"]) == (2, 2, 1, 50)
    assert (equipment["answered"], equipment["on_time"], equipment["satisfaction"]) == (1, 1, 100)
    overall = case_figures(cases)
    # The unanswered one is not yet due: it counts neither for nor against the on-time rate.
    assert overall["total"] == 4 and overall["due"] == 3 and overall["on_time_rate"] == 100
    assert overall["first_response_hours"] == 2.0
