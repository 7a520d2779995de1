"""Democratic supervision: the collective contract's life, joint-meeting decisions and patrol
findings tracked to done as follow-up cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.notify.models import Notification
from gonghui.supervision.models import Contract, ContractState
from gonghui.supervision.services import minutes_save, participants_of, remind_expiring
from tests.factories import make_employee, make_user
from tests.supervision_helpers import make_oversight

pytestmark = pytest.mark.django_db


def _act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload, follow=True)


def test_a_contract_from_draft_to_filing(client, login, union):
    login(union.staff)
    client.post(
        reverse("supervision:contract-new"),
        {"title": "2027—2029 年集体合同", "kind": "general", "text": "第一条 为维护职工合法权益，依法订立本合同。"},
    )
    contract = Contract.objects.get()
    assert (contract.state, contract.version) == ("draft", 1)
    for n in range(2):
        client.post(
            reverse("supervision:contract-round", args=[contract.pk]),
            {
                "held_on": "2026-10-0" + str(n + 1),
                "participants": "职工方：王主席\n企业方：周领导",
                "minutes": f"第{n + 1}次协商：工资增长幅度。",
            },
        )
    contract.refresh_from_db()
    assert contract.state == "negotiating" and list(contract.rounds.values_list("number", flat=True)) == [1, 2]

    # Too few votes for: recorded, not passed.
    response = client.post(
        reverse("supervision:contract-vote", args=[contract.pk]),
        {"eligible": 10, "votes_for": 5, "votes_against": 3, "votes_abstain": 2, "voted_on": "2026-11-01"},
        follow=True,
    )
    assert "未通过" in response.content.decode()
    contract.refresh_from_db()
    assert contract.state == "negotiating"
    response = client.post(
        reverse("supervision:contract-vote", args=[contract.pk]),
        {"eligible": 10, "votes_for": 8, "votes_against": 1, "votes_abstain": 2, "voted_on": "2026-11-02"},
    )
    assert "之和不能超过应到代表人数" in response.content.decode()
    client.post(
        reverse("supervision:contract-vote", args=[contract.pk]),
        {"eligible": 10, "votes_for": 8, "votes_against": 1, "votes_abstain": 1, "voted_on": "2026-11-02"},
    )
    contract.refresh_from_db()
    assert contract.state == "voted"
    # Once voted, the text is fixed.
    assert (
        "不能修改" in client.get(reverse("supervision:contract-edit", args=[contract.pk]), follow=True).content.decode()
    )

    old = Contract.objects.create(
        union=union.root,
        title="2024—2026 年集体合同",
        kind="general",
        text="……",
        state="filed",
        expires_on=date(2027, 3, 31),
    )
    client.post(
        reverse("supervision:contract-file", args=[contract.pk]),
        {
            "signed_on": "2026-11-10",
            "filed_on": "2026-11-20",
            "authority": "市人力资源和社会保障局",
            "effective_from": "2027-01-01",
            "expires_on": "2029-12-31",
        },
    )
    contract.refresh_from_db()
    old.refresh_from_db()
    assert contract.state == "filed" and contract.expires_on == date(2029, 12, 31)
    assert old.state == "expired"

    fresh = client.post(reverse("supervision:contract-version", args=[contract.pk]), follow=True)
    assert "已起草第 2 版" in fresh.content.decode()
    assert Contract.objects.get(version=2).text == contract.text

    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(contract).filter(actor=union.staff).count() >= 3


def test_employees_read_filed_contracts_only(client, login, union):
    o = make_oversight(union)
    login(union.employee)
    page = client.get(reverse("supervision:contracts")).content.decode()
    assert o.filed.title in page and o.draft.title not in page
    assert client.get(reverse("supervision:contract", args=[o.draft.pk])).status_code == 404
    detail = client.get(reverse("supervision:contract", args=[o.filed.pk])).content.decode()
    assert "第一条 为维护职工合法权益" in detail and "协商过程" not in detail
    login(union.representative)
    assert client.get(reverse("supervision:contract", args=[o.draft.pk])).status_code == 200


def test_the_congress_votes_by_secret_ballot(client, login, union):
    from gonghui.ballots.services import ballot_vote

    o = make_oversight(union)
    reps = [union.representative] + [
        make_user(make_employee(union.shift2, f"代表{n}"), ("representative", union.run_dept)) for n in range(3)
    ]
    login(union.staff)
    client.post(reverse("supervision:contract-open-vote", args=[o.draft.pk]))
    o.draft.refresh_from_db()
    ballot = o.draft.ballot
    assert ballot.purpose == "contract_vote" and {v.user for v in ballot.voters.all()} == set(reps)
    item = ballot.items.get()
    for rep, choice in zip(reps, ["同意", "同意", "不同意"], strict=False):
        ballot_vote(voter=rep, ballot=ballot, answers={item.pk: choice})
    from gonghui.ballots.services import ballot_close

    ballot_close(actor=union.staff, ballot=ballot)
    form = client.get(reverse("supervision:contract-vote", args=[o.draft.pk])).content.decode()
    assert 'name="votes_for" value="2"' in form and 'name="eligible" value="4"' in form
    # Two of four representatives is not more than half of all of them: the kernel's rule says so.
    detail = client.get(reverse("supervision:contract", args=[o.draft.pk])).content.decode()
    assert "赞成 2 票，应投 4 人，超过应投人数的半数：未通过" in detail


def test_the_expiry_reminder_comes_once(union):
    o = make_oversight(union)
    assert remind_expiring() == {"contracts_reminded": 0}
    Contract.objects.filter(pk=o.filed.pk).update(expires_on=timezone.localdate() + timedelta(days=60))
    assert remind_expiring() == {"contracts_reminded": 1}
    assert remind_expiring() == {"contracts_reminded": 0}
    note = Notification.objects.get(recipient=union.chair, title__contains="到期")
    assert "还有 60 天" in note.body
    Contract.objects.filter(pk=o.filed.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    remind_expiring()
    o.filed.refresh_from_db()
    assert o.filed.state == ContractState.EXPIRED

    from django.core.management import call_command

    call_command("run_periodic")


def test_an_inspection_finding_is_done_by_the_department(client, login, union):
    o = make_oversight(union)
    login(union.staff)
    response = client.post(
        reverse("supervision:inspection-finding", args=[o.inspection.pk]),
        {"title": "高温津贴未按月发放", "body": "检修外委人员高温津贴延迟发放。", "lead_unit": union.equip_dept.pk},
        follow=True,
    )
    case = Case.objects.get(kind="followup")
    assert f"已登记 {case.number}，已交办设备部" in response.content.decode()
    assert case.state == "assigned" and case.category == "inspection"

    login(union.handler)
    assert case.number in client.get(reverse("todo")).content.decode()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "合同履约检查" in page and o.filed.title in page
    _act(client, case, "accept")
    _act(client, case, "answer", text="已于本月补发。")
    login(union.staff)
    case.refresh_from_db()
    client.post(reverse("cases:rate", args=[case.pk]), {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert case.state == "closed"
    contract_page = client.get(reverse("supervision:contract", args=[o.filed.pk])).content.decode()
    assert "高温津贴未按月发放" in contract_page and "已落实" in contract_page


def test_a_representative_records_what_the_patrol_found(client, login, union):
    o = make_oversight(union)
    login(union.representative)
    client.post(
        reverse("supervision:patrol-finding", args=[o.patrol.pk]),
        {"title": "锅炉房饮水点无冰镇饮品", "body": "夏季高温时段锅炉零米饮水点只有热水。"},
    )
    case = Case.objects.get(kind="followup")
    assert case.state == "submitted" and case.requester == union.representative
    # Only the union assigns; a representative who tries is refused.
    assert (
        client.post(
            reverse("supervision:patrol-finding", args=[o.patrol.pk]),
            {"title": "x", "body": "y", "lead_unit": union.equip_dept.pk},
        ).status_code
        == 403
    )
    login(union.staff)
    assert case.number in client.get(reverse("todo")).content.decode()
    _act(client, case, "assign", lead_unit=union.equip_dept.pk)
    login(union.handler)
    _act(client, case, "answer", text="已配备冰柜和绿豆汤。")
    # The representative who found it judges it.
    login(union.representative)
    case.refresh_from_db()
    client.post(reverse("cases:rate", args=[case.pk]), {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert case.state == "closed"
    assert "已落实" in client.get(reverse("supervision:patrol", args=[o.patrol.pk])).content.decode()


def test_meeting_decisions_and_who_may_record(client, login, union):
    o = make_oversight(union)
    login(union.employee)
    assert client.get(reverse("supervision:meeting", args=[o.meeting.pk])).status_code == 403
    assert (
        client.post(
            reverse("supervision:meeting-decision", args=[o.meeting.pk]), {"title": "x", "body": "y"}
        ).status_code
        == 403
    )
    login(union.outsider)
    assert (
        client.post(reverse("supervision:patrol-finding", args=[o.patrol.pk]), {"title": "x", "body": "y"}).status_code
        == 403
    )

    login(union.staff)
    response = client.post(
        reverse("supervision:meeting-decision", args=[o.meeting.pk]), {"title": "", "body": ""}, follow=True
    )
    assert "事项：这个字段是必填项" in response.content.decode()
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    client.post(
        reverse("supervision:meeting-decision", args=[o.meeting.pk]),
        {"title": "各班组配备防暑药品", "body": "7 月 1 日前配齐。", "lead_unit": union.run_dept.pk, "due_on": due},
    )
    case = Case.objects.get(kind="followup")
    assert timezone.localtime(case.due_at).date().isoformat() == due
    login(union.leader)
    assert "各班组配备防暑药品" in client.get(reverse("supervision:meeting", args=[o.meeting.pk])).content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get("/api/v1/supervision/meetings").json()["results"][0]["decisions"][0].endswith("（已交办）")


def test_lists_cost_the_same_whatever_their_size(client, login, union):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.supervision.models import JointMeeting, Patrol

    make_oversight(union)
    login(union.staff)
    urls = [reverse("supervision:meetings"), reverse("supervision:patrols"), reverse("supervision:contracts")]

    def counts():
        result = []
        for url in urls:
            cache.clear()  # the cost with nothing kept: roles and the bell are cached too
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            result.append(len(ctx))
        return result

    small = counts()
    for i in range(5):
        minutes_save(
            actor=union.staff,
            record=JointMeeting(union=union.root),
            title=f"会议{i}",
            held_on=timezone.localdate(),
            attendees="…",
            minutes="…",
            participants=[union.chair],
        )
        minutes_save(
            actor=union.staff,
            record=Patrol(union=union.root),
            topic=f"巡察{i}",
            held_on=timezone.localdate(),
            places="…",
            participants=[union.representative],
        )
        Contract.objects.create(union=union.root, title=f"合同{i}", kind="wages", text="…")
    assert counts() == small


def test_the_union_office_records_a_meeting_and_a_patrol(client, login, union):
    from gonghui.supervision.models import JointMeeting, Patrol

    login(union.staff)
    response = client.post(
        reverse("supervision:meeting-new"),
        {
            "title": "第三季度联席会议",
            "held_on": "2026-09-20",
            "attendees": "公司领导、工会委员",
            "minutes": "研究冬季保暖。",
        },
        follow=True,
    )
    assert "已保存：第三季度联席会议" in response.content.decode()
    response = client.post(
        reverse("supervision:patrol-new"),
        {
            "topic": "冬季防寒防冻巡察",
            "held_on": "2026-12-01",
            "places": "燃料部",
            "participants": [union.representative.pk],
        },
        follow=True,
    )
    patrol = Patrol.objects.get()
    assert "已保存：冬季防寒防冻巡察" in response.content.decode() and list(participants_of(patrol)) == [
        union.representative
    ]
    # Only representatives can be patrol participants.
    response = client.post(
        reverse("supervision:patrol-edit", args=[patrol.pk]),
        {"topic": "冬季防寒防冻巡察", "held_on": "2026-12-01", "places": "燃料部", "participants": [union.employee.pk]},
    )
    assert f"选择一个有效的选项。 {union.employee.pk} 不在可用的选项中" in response.content.decode()
    assert JointMeeting.objects.get().title == "第三季度联席会议"


def test_who_went_on_a_patrol_or_sat_at_a_meeting_counts_in_their_record(client, login, union):
    """Meetings and patrols take attendance through the events kernel: the patrol's people
    and the meeting's union side are present at its event, credited its hours in their own
    record; taking someone off the list takes the hours away again."""
    login(union.staff)
    client.post(
        reverse("supervision:meeting-new"),
        {
            "title": "第四季度联席会议",
            "held_on": timezone.localdate().isoformat(),
            "attendees": "公司领导、各部门负责人",
            "participants": [union.chair.pk, union.leader.pk],
            "minutes": "研究冬季保暖。",
        },
    )
    client.post(
        reverse("supervision:patrol-new"),
        {
            "topic": "冬季防寒防冻巡察",
            "held_on": timezone.localdate().isoformat(),
            "places": "燃料部",
            "participants": [union.representative.pk],
        },
    )
    from gonghui.supervision.models import JointMeeting, Patrol

    meeting, patrol = JointMeeting.objects.get(), Patrol.objects.get()
    assert "签到：王主席、周领导" in client.get(reverse("supervision:meeting", args=[meeting.pk])).content.decode()

    login(union.representative)
    record = client.get(reverse("events:mine")).content.decode()
    assert "冬季防寒防冻巡察" in record and "会议与巡察" in record
    login(union.chair)
    assert "第四季度联席会议" in client.get(reverse("events:mine")).content.decode()

    # Patrol participants are the union's representatives; someone else is refused as a choice.
    login(union.staff)
    response = client.post(
        reverse("supervision:meeting-edit", args=[meeting.pk]),
        {
            "title": "第四季度联席会议",
            "held_on": timezone.localdate().isoformat(),
            "attendees": "公司领导、各部门负责人",
            "participants": [union.chair.pk],
            "minutes": "研究冬季保暖。",
        },
        follow=True,
    )
    assert "已保存：第四季度联席会议" in response.content.decode()
    assert list(participants_of(meeting)) == [union.chair]
    login(union.leader)
    assert "第四季度联席会议" not in client.get(reverse("events:mine")).content.decode()
    assert patrol.event.kind == "patrol" and patrol.event.registrations.get().hours == patrol.event.hours


def test_a_patrol_stays_editable_after_one_of_its_people_left_office(client, login, union):
    """Who went on a patrol stays on it when their term ends: the form still lists them and
    saving it again keeps them; taking them off works too."""
    from gonghui.org.models import Role
    from gonghui.supervision.models import Patrol

    login(union.staff)
    form = {
        "topic": "冬季防寒防冻巡察",
        "held_on": timezone.localdate().isoformat(),
        "places": "燃料部",
        "participants": [union.representative.pk],
    }
    client.post(reverse("supervision:patrol-new"), form)
    patrol = Patrol.objects.get()
    # A patrol planned for next week: nobody is marked present before the day, and it says so.
    ahead = {**form, "held_on": (timezone.localdate() + timedelta(days=7)).isoformat(), "topic": "节前安全巡察"}
    response = client.post(reverse("supervision:patrol-new"), ahead)
    assert "当天起才能登记出席" in response.content.decode()
    union.representative.role_assignments.filter(role=Role.REPRESENTATIVE).delete()
    page = client.get(reverse("supervision:patrol-edit", args=[patrol.pk])).content.decode()
    assert "陈代表" in page
    response = client.post(
        reverse("supervision:patrol-edit", args=[patrol.pk]), {**form, "summary": "已复查"}, follow=True
    )
    assert "已保存：冬季防寒防冻巡察" in response.content.decode()
    assert list(participants_of(patrol)) == [union.representative]
    client.post(reverse("supervision:patrol-edit", args=[patrol.pk]), {**form, "participants": []})
    assert list(participants_of(patrol)) == []
