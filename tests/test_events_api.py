"""The events kernel's services over the API, for the kinds of its contract test: a branch
chair nominates with the kind's data, each level's approver decides, the organiser reads the
list with that data (nobody else does), takes a meeting's roll by employee number; results
are read by whoever sees the event, without anybody's employee number or sign-up data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.events.models import Event, Registration
from gonghui.events.services import dated_event, registration_checkin, registration_result, team_create
from tests.factories import make_employee, make_root, make_user
from tests.test_event_kernel import _event, _veteran, contest_kind, meeting_kind, trip_kind  # noqa: F401  fixtures

pytestmark = pytest.mark.django_db


def test_nominate_decide_and_list(client, login, union, trip_kind):  # noqa: F811
    event = _event(union, "test_trip", "2026 年劳模疗休养")
    veteran = _veteran(union.shift1, "老张")
    url = f"/api/v1/events/{event.pk}/registrations"

    login(union.employee)  # no nominating for somebody else
    answer = client.post(url, {"employee_no": veteran.username, "data": {"emergency_contact": "1"}}, "application/json")
    assert answer.status_code == 403 and answer.json()["message"] == "您不能替他人报名"
    assert client.get(url).status_code == 403  # nor reading the list

    login(union.branch_chair)
    answer = client.post(url, {"employee_no": veteran.username, "data": {}}, "application/json")
    assert answer.status_code == 400 and "紧急联系人电话" in answer.json()["message"]
    answer = client.post(url, {"employee_no": "H9999", "data": {}}, "application/json")
    assert answer.status_code == 400 and "H9999" in answer.json()["message"]
    # An employee number of another union's person names nobody here: not even whether it exists.
    stranger = make_user(make_employee(make_root("别的工会", code="ZZ"), "外会人", "Z0001"))  # sorts first
    answer = client.post(url, {"employee_no": stranger.username, "data": {}}, "application/json")
    assert answer.status_code == 400 and "外会人" not in answer.content.decode()
    answer = client.post(
        url, {"employee_no": veteran.username, "data": {"emergency_contact": "13800000001"}}, "application/json"
    )
    assert answer.status_code == 200, answer.content
    made = answer.json()
    assert (made["state"], made["nominated"], made["data"]) == (
        "pending",
        True,
        ["紧急联系人电话：13800000001", "愿意与同事合住：否"],
    )

    decide = f"{url}/{made['id']}/decision"
    login(union.staff)  # the branch's level comes first
    assert client.post(decide, {"approve": True}, "application/json").status_code == 403
    login(union.branch_chair)
    assert client.post(decide, {"approve": True}, "application/json").json()["state"] == "pending"
    login(union.staff)
    answer = client.post(decide, {"approve": True, "note": "同意"}, "application/json")
    assert answer.json()["state_label"] == "已报名"
    listed = client.get(url).json()["results"]
    assert [(r["name"], r["employee_no"], r["data"]) for r in listed] == [
        ("老张", veteran.username, ["紧急联系人电话：13800000001", "愿意与同事合住：否"])
    ]
    assert (
        client.post(
            f"/api/v1/events/{event.pk}/registrations/999999/decision", {"approve": True}, "application/json"
        ).status_code
        == 404
    )


def test_a_meetings_roll_by_employee_number(client, login, union, meeting_kind):  # noqa: F811
    event = dated_event(
        actor=union.staff,
        event=None,
        kind="test_meeting",
        title="工会例会",
        union_id=union.root.pk,
        day=timezone.localdate(),
    )
    url = f"/api/v1/events/{event.pk}/attendance"
    marks = {
        "marks": [
            {"employee_no": union.chair.username, "mark": "present"},
            {"employee_no": union.representative.username, "mark": "leave"},
        ]
    }
    login(union.employee)  # sees the meeting (it is for everyone), does not take its roll
    assert client.post(url, marks, "application/json").status_code == 403
    login(union.chair)
    assert client.post(url, marks, "application/json").json() == {"recorded": 2}
    assert Registration.objects.get(event=event, user=union.chair).attended
    off_roll = {"marks": [{"employee_no": union.employee.username, "mark": "present"}]}
    answer = client.post(url, off_roll, "application/json")
    assert answer.status_code == 400 and "应到名单" in answer.json()["message"]
    unknown = {"marks": [{"employee_no": "H9999", "mark": "present"}]}
    assert "H9999" in client.post(url, unknown, "application/json").json()["message"]
    bad = {"marks": [{"employee_no": union.chair.username, "mark": "late"}]}
    assert client.post(url, bad, "application/json").status_code == 422


def test_results_for_whoever_sees_the_event(client, login, union, contest_kind):  # noqa: F811
    event = _event(union, "test_contest", "锅炉运行技能比武")
    captain, mate = (make_user(make_employee(union.boiler_team, n)) for n in ("队长", "队员甲"))
    team = team_create(actor=captain, event=event, name="锅炉一队", unit=union.boiler_team, members=[mate])
    registration_checkin(actor=union.staff, event=event, person=captain)
    registration_result(
        actor=union.staff, registration=team.members.get(user=captain), score=95.5, rank=1, award="一等奖"
    )
    # For 设备分工会's people only, from here on.
    Event.objects.filter(pk=event.pk).update(audience="unit", audience_unit=union.equip_branch)
    login(mate)
    (best,) = client.get(f"/api/v1/events/{event.pk}/results").json()
    assert (best["name"], best["team"], best["rank"], best["award"]) == ("队长", "锅炉一队", 1, "一等奖")
    assert best["employee_no"] == "" and best["data"] == []
    login(union.employee)  # of 运行分工会
    assert client.get(f"/api/v1/events/{event.pk}/results").status_code == 404
