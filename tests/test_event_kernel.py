"""The events kernel's contract, driven by two kinds declared here and nowhere else: a
recuperation trip (years of service, two levels of approval, nominations by a branch chair,
places shared out per branch each with its own waiting list, the kind's own sign-up data) and
a skill contest (teams with a captain, team places per branch, results other modules read)
and a meeting of a fixed roll (present, on leave or absent as the organiser takes it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.events import kinds
from gonghui.events.kinds import EventKind
from gonghui.events.models import Quota, Registration
from gonghui.events.services import (
    attendance_marks,
    attendance_take,
    dated_event,
    event_create,
    event_update,
    registration_approve,
    registration_cancel,
    registration_checkin,
    registration_create,
    registration_result,
    results,
    team_create,
)
from gonghui.notify.models import Notification
from gonghui.org.models import Role
from gonghui.org.scopes import has_role, is_union_office
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


class TripForm(forms.Form):
    emergency_contact = forms.CharField(label="紧急联系人电话", max_length=20)
    share_room = forms.BooleanField(label="愿意与同事合住", required=False)


def _years_short(user, event):
    hired = user.employee.hire_date
    if hired is None or (event.starts_at.date() - hired).days < 5 * 365:
        return "工龄满 5 年的职工才能报名疗休养"
    return None


def _branch_chair_of(user, registration) -> bool:
    return has_role(user, Role.BRANCH_CHAIR, over=registration.user.employee.unit_path)


def _office(user, registration) -> bool:
    return is_union_office(user, registration.event.union_path)


@pytest.fixture
def trip_kind():
    spec = kinds.register(
        EventKind(
            key="test_trip",
            label="测试疗休养",
            counts_as="activity",
            may_organise=lambda user, unit: is_union_office(user, unit.path),
            categories={"rest": "疗休养"},
            ineligible=_years_short,
            approvers=(_branch_chair_of, _office),
            may_nominate=lambda user, event, person: has_role(user, Role.BRANCH_CHAIR, over=person.employee.unit_path),
            form=TripForm,
        )
    )
    yield spec
    kinds._REGISTRY.pop(spec.key)


@pytest.fixture
def contest_kind():
    spec = kinds.register(
        EventKind(
            key="test_contest",
            label="测试技能竞赛",
            counts_as="activity",
            may_organise=lambda user, unit: is_union_office(user, unit.path),
            categories={"skill": "技能竞赛"},
            team_size=(2, 3),
            has_results=True,
        )
    )
    yield spec
    kinds._REGISTRY.pop(spec.key)


def _event(union, kind, title):
    start = timezone.now() + timedelta(days=20)
    return event_create(
        actor=union.staff,
        kind=kind,
        title=title,
        organiser=union.root,
        starts_at=start,
        ends_at=start + timedelta(days=3),
        capacity=None,
    )


def _veteran(unit, name):
    return make_user(make_employee(unit, name, hire_date=date(2005, 7, 1)))


def test_a_recuperation_trip_shared_out_per_branch(union, trip_kind):
    event = _event(union, "test_trip", "2026 年劳模疗休养")
    Quota.objects.create(event=event, unit=union.run_branch, places=1)
    Quota.objects.create(event=event, unit=union.equip_branch, places=1)
    first, second = _veteran(union.shift1, "老张"), _veteran(union.shift2, "老李")
    newcomer = make_user(make_employee(union.shift1, "小王", hire_date=timezone.localdate() - timedelta(days=400)))

    # Eligibility, with its reason; the kind's own data, with its field named.
    with pytest.raises(ValidationError, match="工龄满 5 年的职工才能报名疗休养"):
        registration_create(actor=newcomer, event=event, data={"emergency_contact": "13800000000"})
    with pytest.raises(ValidationError, match="紧急联系人电话"):
        registration_create(actor=first, event=event, data={})
    mine = registration_create(actor=first, event=event, data={"emergency_contact": "13800000001", "share_room": "on"})
    assert mine.state == Registration.State.PENDING and mine.data == {
        "emergency_contact": "13800000001",
        "share_room": True,
    }

    # The branch chair nominates a colleague of their own branch, nobody else's.
    with pytest.raises(PermissionDenied, match="您不能替这位职工报名"):
        registration_create(
            actor=union.branch_chair, event=event, person=union.outsider, data={"emergency_contact": "1"}
        )
    nominated = registration_create(
        actor=union.branch_chair, event=event, person=second, data={"emergency_contact": "13800000002"}
    )
    assert nominated.nominated_by == union.branch_chair

    # Two levels: the branch chair first (the union office may not skip them), then the office.
    with pytest.raises(PermissionDenied, match="您不能审批这一级"):
        registration_approve(actor=union.staff, registration=mine)
    mine = registration_approve(actor=union.branch_chair, registration=mine)
    assert mine.state == Registration.State.PENDING and mine.approvals == 1
    mine = registration_approve(actor=union.staff, registration=mine)
    assert mine.state == Registration.State.REGISTERED and mine.quota.unit == union.run_branch
    assert Notification.objects.filter(recipient=first, title__startswith="报名已通过").exists()

    # 运行分工会's one place is taken: the second waits on 运行分工会's own list.
    nominated = registration_approve(actor=union.branch_chair, registration=nominated)
    nominated = registration_approve(actor=union.staff, registration=nominated)
    assert nominated.state == Registration.State.WAITING
    # 设备分工会's place is still free for its own people.
    equip = _veteran(union.boiler_team, "老赵")
    theirs = registration_create(actor=equip, event=event, data={"emergency_contact": "13800000003"})
    with pytest.raises(PermissionDenied):  # 张分会 chairs 运行分工会, not 设备
        registration_approve(actor=union.branch_chair, registration=theirs)
    equip_chair = make_user(make_employee(union.equip_dept, "设备分会主席"), (Role.BRANCH_CHAIR, union.equip_branch))
    with pytest.raises(ValidationError, match="请填写不通过的理由"):
        registration_approve(actor=equip_chair, registration=theirs, approve=False)
    theirs = registration_approve(actor=equip_chair, registration=theirs, approve=False, note="今年已安排过")
    assert theirs.state == Registration.State.REJECTED
    assert Notification.objects.filter(recipient=equip, title__startswith="报名未通过", body="今年已安排过").exists()

    # Signing in at the door does not pass over a decision still to be made.
    with pytest.raises(ValidationError, match="报名尚未审批通过，不能签到"):
        registration_checkin(actor=union.staff, event=event, person=equip)
    # A person outside every quota gets no place.
    office = _veteran(union.office_dept, "老钱")
    with pytest.raises(ValidationError, match="您所在单位没有本次活动的名额"):
        registration_create(actor=office, event=event, data={"emergency_contact": "1"})

    # The first gives up: the place goes to the first in line of the same branch.
    promoted = registration_cancel(actor=first, registration=mine)
    assert promoted.pk == nominated.pk and promoted.state == Registration.State.REGISTERED
    assert Notification.objects.filter(recipient=second, title__startswith="候补成功").exists()


def test_teams_and_results(union, contest_kind):
    event = _event(union, "test_contest", "锅炉运行技能比武")
    Quota.objects.create(event=event, unit=union.equip_branch, places=1)
    captain, mate, third = (make_user(make_employee(union.boiler_team, n)) for n in ("队长", "队员甲", "队员乙"))
    with pytest.raises(ValidationError, match="本活动以队伍报名"):
        registration_create(actor=captain, event=event)
    with pytest.raises(ValidationError, match="每队 2–3 人（含队长），现在是 1 人"):
        team_create(actor=captain, event=event, name="锅炉一队", unit=union.boiler_team, members=[])
    team = team_create(actor=captain, event=event, name="锅炉一队", unit=union.boiler_team, members=[mate])
    assert set(team.members.values_list("user_id", flat=True)) == {captain.pk, mate.pk}
    # Each person in one team; each branch its quota of teams.
    with pytest.raises(ValidationError, match="队员甲已经报名了：每人只能参加一支队伍"):
        team_create(actor=third, event=event, name="锅炉二队", unit=union.boiler_team, members=[mate])
    with pytest.raises(ValidationError, match="设备分工会的 1 个参赛名额已满"):
        team_create(
            actor=third,
            event=event,
            name="锅炉二队",
            unit=union.boiler_team,
            members=[make_user(make_employee(union.boiler_team, "队员丙"))],
        )
    # A team stands for a unit its people belong to: not another branch's places.
    with pytest.raises(ValidationError, match="吴职工不在锅炉班：队员须是所代表单位的职工"):
        team_create(actor=third, event=event, name="锅炉三队", unit=union.boiler_team, members=[union.employee])

    # The organiser ticks them present and records results the honours module will read.
    for person in (captain, mate):
        registration_checkin(actor=union.staff, event=event, person=person)
    entry = team.members.get(user=captain)
    with pytest.raises(PermissionDenied):
        registration_result(actor=captain, registration=entry, score=95)
    registration_result(actor=union.staff, registration=entry, score=95.5, rank=1, award="一等奖")
    (best,) = results(event)
    assert (best.user, best.rank, best.award, best.team.name) == (captain, 1, "一等奖", "锅炉一队")


@pytest.fixture
def meeting_kind(union):
    spec = kinds.register(
        EventKind(
            key="test_meeting",
            label="测试例会",
            counts_as="meeting",
            may_organise=lambda user, unit: is_union_office(user, unit.path),
            categories={},
            default_hours=3,
            # The roll: the chair and the representative, nobody else.
            roll=lambda event: type(union.chair).objects.filter(pk__in=[union.chair.pk, union.representative.pk]),
            standalone=False,
        )
    )
    yield spec
    kinds._REGISTRY.pop(spec.key)


def test_a_meeting_takes_its_roll(client, login, union, meeting_kind):
    today = timezone.localdate()
    event = dated_event(
        actor=union.staff, event=None, kind="test_meeting", title="工会例会", union_id=union.root.pk, day=today
    )
    assert timezone.localtime(event.starts_at).hour == 9 and event.hours == 3 and not event.needs_signup
    # Moved with its record's day; only its organiser may move it.
    moved = dated_event(
        actor=union.staff, event=event, kind="test_meeting", title="工会例会", union_id=union.root.pk, day=today
    )
    assert moved.starts_at == event.starts_at
    with pytest.raises(PermissionDenied):
        dated_event(
            actor=union.employee,
            event=event,
            kind="test_meeting",
            title="改名",
            union_id=union.root.pk,
            day=today + timedelta(days=1),
        )

    count = attendance_take(
        actor=union.staff, event=event, marks={union.chair.pk: "present", union.representative.pk: "leave"}
    )
    assert count == 2
    assert attendance_marks(event) == {union.chair.pk: "present", union.representative.pk: "leave"}
    present = Registration.objects.get(event=event, user=union.chair)
    assert present.attended and present.hours == 3 and present.checked_in_by == union.staff

    # Only those on the roll; only known marks; only the organiser; nothing half-written.
    for marks, error in (
        ({union.employee.pk: "present"}, ValidationError),
        ({union.chair.pk: "late"}, ValidationError),
    ):
        with pytest.raises(error):
            attendance_take(actor=union.staff, event=event, marks={union.representative.pk: "present", **marks})
    with pytest.raises(PermissionDenied):
        attendance_take(actor=union.employee, event=event, marks={union.chair.pk: "absent"})
    assert attendance_marks(event)[union.representative.pk] == "leave"

    # On leave, then came after all: the QR check-in is for the roll only, and credits the hours.
    # (Moved to now: check-in is open only around the meeting's hours.)
    event = event_update(
        actor=union.staff, event=event, starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=3)
    )
    with pytest.raises(PermissionDenied):
        registration_checkin(actor=union.employee, event=event, token=event.checkin_token)
    came = registration_checkin(actor=union.representative, event=event, token=event.checkin_token)
    assert came.state == Registration.State.REGISTERED and came.attended and came.hours == 3

    # Absent takes the hours back; a cleared mark leaves nothing behind.
    attendance_take(actor=union.staff, event=event, marks={union.chair.pk: "absent", union.representative.pk: ""})
    assert attendance_marks(event) == {union.chair.pk: "absent"}
    assert Registration.objects.get(event=event, user=union.chair).hours == 0

    # Made by its domain: the events page does not offer the kind.
    login(union.staff)
    assert "测试例会" not in client.get("/events/new/").content.decode()


def test_the_organiser_shares_the_places_out_on_the_page(client, login, union):
    """A page for the kernel's quotas: the organiser keeps places for a branch; the branch's
    people fill them and wait on its own list; more places promote those waiting; the change
    is in the audit log by its actor, and fewer places than are held are refused."""
    from auditlog.models import LogEntry

    event = _event(union, "activity", "迎新春观影")
    login(union.staff)
    quota_url = f"/events/{event.pk}/quota/"
    response = client.post(quota_url, {"unit": union.run_branch.pk, "places": 1}, follow=True)
    assert "运行分工会：1 个名额。" in response.content.decode()
    first, second = (make_user(make_employee(union.shift1, n)) for n in ("观影甲", "观影乙"))
    assert registration_create(actor=first, event=event).state == Registration.State.REGISTERED
    assert registration_create(actor=second, event=event).state == Registration.State.WAITING
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "已用 1 / 1 · 候补 1" in page

    response = client.post(quota_url, {"unit": union.run_branch.pk, "places": 0}, follow=True)
    assert "运行分工会已有 1 人占用名额，不能少于 1" in response.content.decode()
    client.post(quota_url, {"unit": union.run_branch.pk, "places": 2})
    assert Registration.objects.get(event=event, user=second).state == Registration.State.REGISTERED
    rows = LogEntry.objects.filter(object_id=event.pk, actor=union.staff, changes__has_key="名额分配·运行分工会")
    assert [r.changes["名额分配·运行分工会"] for r in rows.order_by("pk")] == [["0", "1"], ["1", "2"]]

    # Only the organiser; nobody else's union.
    login(union.employee)
    assert client.post(quota_url, {"unit": union.run_branch.pk, "places": 5}).status_code == 403


def test_an_organiser_or_branch_chair_puts_someone_down_on_the_page(client, login, union):
    """Activities let their organisers sign up anybody in the audience and a branch chair the
    people of their own branch; the person is told; an ordinary employee is not offered it."""
    from tests.events_helpers import make_activity

    event = make_activity(union, capacity=5)  # for 运行分工会's people
    url = f"/events/{event.pk}/nominate/"
    login(union.branch_chair)
    assert "替他人报名" in client.get(f"/events/{event.pk}/").content.decode()
    response = client.post(url, {"employee_no": union.employee.username}, follow=True)
    assert f"已为{union.employee.display_name}报名：已报名。" in response.content.decode()
    registration = Registration.objects.get(event=event, user=union.employee)
    assert registration.nominated_by == union.branch_chair
    assert Notification.objects.filter(recipient=union.employee, title__contains="为您报名").exists()
    # Somebody outside the branch: told why, nothing written.
    response = client.post(url, {"employee_no": union.outsider.username}, follow=True)
    assert "您不能替这位职工报名" in response.content.decode()
    assert not Registration.objects.filter(event=event, user=union.outsider).exists()
    response = client.post(url, {"employee_no": "H9999"}, follow=True)
    assert "找不到工号为 H9999 的职工" in response.content.decode()

    login(union.employee)
    assert "替他人报名" not in client.get(f"/events/{event.pk}/").content.decode()
    assert client.post(url, {"employee_no": union.representative.username}).status_code == 403


def test_a_meeting_is_its_domains_and_its_roll_is_kept(union, meeting_kind):
    """What only a roll-call event's domain may do: nobody cancels it from the events pages,
    the organiser signs in only people on the roll, an ordinary event's sign-ups are never
    taken over by a roll, a meeting with people marked present does not move to a later day,
    and whoever opened it has no say over it once out of the office."""
    from gonghui.events.services import checkin_by_organiser, event_cancel, may_manage

    today = timezone.localdate()
    event = dated_event(
        actor=union.staff, event=None, kind="test_meeting", title="工会例会", union_id=union.root.pk, day=today
    )
    with pytest.raises(ValidationError, match="不在这里取消"):
        event_cancel(actor=union.staff, event=event)
    with pytest.raises(ValidationError, match="吴职工不在应到名单中"):
        checkin_by_organiser(actor=union.staff, event=event, user=union.employee)
    attendance_take(actor=union.staff, event=event, marks={union.chair.pk: "present"})
    with pytest.raises(ValidationError, match="不能改到以后的日期"):
        dated_event(
            actor=union.staff,
            event=event,
            kind="test_meeting",
            title="工会例会",
            union_id=union.root.pk,
            day=today + timedelta(days=7),
        )
    # Made by a branch chair who is no union office: the kind's rule decides, not the maker.
    assert not may_manage(
        union.branch_chair, type(event).objects.filter(pk=event.pk).update(created_by=union.branch_chair) and event
    )
    signup_event = _event(union, "activity", "周末观影")
    with pytest.raises(ValidationError, match="需要报名的活动"):
        attendance_take(actor=union.staff, event=signup_event, marks={union.employee.pk: "leave"})


def test_quotas_keep_to_the_places_there_are(union, contest_kind):
    from gonghui.events.services import quota_set

    event = _event(union, "test_contest", "锅炉运行技能比武")
    type(event).objects.filter(pk=event.pk).update(capacity=3)
    event.refresh_from_db()
    with pytest.raises(ValidationError, match="各单位名额合计不能超过活动名额 3"):
        quota_set(actor=union.staff, event=event, unit=union.equip_branch, places=4)
    quota_set(actor=union.staff, event=event, unit=union.equip_branch, places=2)
    captain, mate = (make_user(make_employee(union.boiler_team, n)) for n in ("队长", "队员甲"))
    team_create(actor=captain, event=event, name="锅炉一队", unit=union.boiler_team, members=[mate])
    # Two members, one team: the quota counts teams.
    quota_set(actor=union.staff, event=event, unit=union.equip_branch, places=1)
    with pytest.raises(ValidationError, match="已有 1 支队伍占用名额"):
        quota_set(actor=union.staff, event=event, unit=union.equip_branch, places=0)

    other = _event(union, "activity", "周末观影")
    registration_create(actor=union.employee, event=other)
    with pytest.raises(ValidationError, match="名额只能在报名开始前按单位分配"):
        quota_set(actor=union.staff, event=other, unit=union.run_branch, places=5)


def test_a_roll_mark_reuses_a_cancelled_row(union, meeting_kind):
    """Someone whose row at a meeting ended (cancelled) is marked on its roll again: the row is
    reused, never a second one for the same person."""
    event = dated_event(
        actor=union.staff,
        event=None,
        kind="test_meeting",
        title="工会例会",
        union_id=union.root.pk,
        day=timezone.localdate(),
    )
    Registration.objects.create(event=event, user=union.chair, state=Registration.State.CANCELLED)
    assert attendance_marks(event) == {}
    attendance_take(actor=union.staff, event=event, marks={union.chair.pk: "present"})
    (row,) = Registration.objects.filter(event=event, user=union.chair)
    assert row.state == Registration.State.REGISTERED and row.attended
