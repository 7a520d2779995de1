"""Pages kept in the shared cache (list rows, to-do rows, roles, the unread badge) are never
behind the data: every change shows on the very next request, and a role taken away is gone
from it."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.services import case_act
from gonghui.notify.services import notify_users
from gonghui.org.models import RoleAssignment
from tests.cases_helpers import make_appeal


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    return client


def test_a_kept_appeal_list_shows_the_next_step_at_once(union):
    case = make_appeal(union)
    staff = _client(union.staff)
    assert staff.get(reverse("appeals:list")).context["rows"][0]["state"] == "已转办"
    case_act(actor=union.handler, case=case, transition="accept", version=case.version)
    assert staff.get(reverse("appeals:list")).context["rows"][0]["state"] == "办理中"


def test_a_kept_todo_loses_a_case_handed_elsewhere_at_once(union):
    case = make_appeal(union)
    handler = _client(union.handler)
    assert case.number in handler.get(reverse("todo")).content.decode()
    case_act(
        actor=union.staff,
        case=case,
        transition="reassign",
        version=case.version,
        lead_unit=union.fuel_dept,
        text="改派",
    )
    assert case.number not in handler.get(reverse("todo")).content.decode()


def test_a_kept_row_turns_overdue_when_its_deadline_passes(union, monkeypatch):
    case = make_appeal(union)
    staff = _client(union.staff)
    assert not staff.get(reverse("appeals:list")).context["rows"][0]["overdue"]
    later = case.due_at + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    row = staff.get(reverse("appeals:list")).context["rows"][0]
    assert row["overdue"] and "超期" in staff.get(reverse("appeals:list")).content.decode()


def test_a_role_taken_away_is_gone_from_the_next_request(union):
    case = make_appeal(union)
    handler = _client(union.handler)
    assert handler.get(reverse("appeals:list")).status_code == 200
    assert handler.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert case.number in handler.get(reverse("todo")).content.decode()
    assignment = RoleAssignment.objects.get(user=union.handler, role="handler")
    _client(union.chair).post(reverse("org:role-revoke", args=[assignment.pk]))
    assert handler.get(reverse("appeals:list")).status_code == 403
    assert handler.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.number not in handler.get(reverse("todo")).content.decode()


def test_a_role_given_shows_at_once(union):
    case = make_appeal(union)
    employee = _client(union.outsider)
    assert employee.get(reverse("appeals:list")).status_code == 403
    RoleAssignment.objects.create(user=union.outsider, role="handler", unit=union.equip_dept)
    assert employee.get(reverse("appeals:list")).status_code == 200
    assert case.number in employee.get(reverse("todo")).content.decode()


def test_the_bell_counts_what_arrives_and_what_is_read(union):
    employee = _client(union.outsider)
    assert employee.get(reverse("notify:inbox")).context["shell"]["unread"] == 0
    notify_users([union.outsider], title="活动报名提醒", url="/")
    notify_users([union.outsider], title="公开事项已发布", url="/")
    assert employee.get(reverse("notify:inbox")).context["shell"]["unread"] == 2
    note = union.outsider.notifications.order_by("pk").first()
    employee.post(reverse("notify:open", args=[note.pk]))
    assert employee.get(reverse("notify:inbox")).context["shell"]["unread"] == 1
    employee.post(reverse("notify:read-all"))
    assert employee.get(reverse("notify:inbox")).context["shell"]["unread"] == 0


def test_a_kept_people_list_shows_a_renamed_person_and_unit_at_once(union):
    from gonghui.org.services import employee_update

    staff = _client(union.staff)
    url = reverse("org:person-list") + f"?q={union.employee.employee.employee_no}"
    assert staff.get(url).context["page"].object_list[0]["name"] == "吴职工"
    employee_update(actor=union.staff, employee=union.employee.employee, name="吴新名", position="主值")
    unit = union.employee.employee.unit
    unit.name = "运行一值（新）"
    unit.save()
    row = staff.get(url).context["page"].object_list[0]
    assert (row["name"], row["position"], row["unit"]) == ("吴新名", "主值", "运行一值（新）")


def test_a_kept_event_list_shows_a_sign_up_and_an_edit_at_once(union):
    from gonghui.events.services import signup
    from tests.events_helpers import make_activity

    event = make_activity(union, capacity=1)
    employee = _client(union.employee)
    row = employee.get(reverse("events:list")).context["page"].object_list[0]
    assert (row["taken"], row["my_state"]) == (0, None)
    signup(user=union.employee, event=event)
    event.title = "周末羽毛球友谊赛（改期）"
    event.save()
    row = employee.get(reverse("events:list")).context["page"].object_list[0]
    assert (row["taken"], row["my_state"], row["title"]) == (1, "registered", "周末羽毛球友谊赛（改期）")
    assert "已报名" in employee.get(reverse("events:list")).content.decode()
