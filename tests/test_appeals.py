"""Online appeals (plan tasks 14, 16) on the cases kernel, through HTTP as the real roles."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case, CaseEvent
from gonghui.cases.services import Conflict, case_act
from gonghui.cases.sweep import sweep_overdue
from gonghui.notify.models import Notification
from tests.cases_helpers import make_appeal
from tests.factories import image_upload


def act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload, follow=True)


def test_employee_to_staff_to_handler_and_back_to_the_rating(login, union):
    employee = login(union.employee)
    response = employee.post(
        reverse("appeals:new"),
        {
            "category": "wages",
            "title": "加班费未足额发放",
            "body": "三月加班 20 小时只算 12 小时",
            "attachments": [image_upload("工资条.jpg")],
        },
        follow=True,
    )
    case = Case.objects.get()
    assert case.number == f"SQ-{timezone.localdate().year}-0001"
    assert f"已提交，编号 {case.number}" in response.content.decode()
    assert Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()

    staff = login(union.staff)
    act(staff, case, "assign", lead_unit=union.equip_dept.pk, co_units=[union.fuel_dept.pk], text="请核实考勤")
    case.refresh_from_db()
    assert (case.state, case.lead_unit, case.first_response_at is not None) == ("assigned", union.equip_dept, True)
    assert Notification.objects.filter(recipient=union.handler, title__contains="转办").exists()

    handler = login(union.handler)
    assert case.number in handler.get(reverse("todo")).content.decode()
    act(handler, case, "accept")
    act(handler, case, "answer", text="已核实，差额 8 小时加班费随四月工资补发。")
    case.refresh_from_db()
    assert case.state == "answered"
    assert Notification.objects.filter(recipient=union.employee, title__contains="请评价").exists()

    employee = login(union.employee)
    page = employee.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "随四月工资补发" in page and "评价答复" in page
    # Each rating a toggle button with one label, not also wrapped as a form-check.
    assert page.count('for="id_rating_0"') == 1 and 'class="btn-check"' in page
    employee.post(reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "satisfied"})
    case.refresh_from_db()
    assert (case.state, case.rating, case.closed_at is not None) == ("closed", "satisfied", True)
    labels = list(case.events.values_list("label", flat=True))
    assert labels == ["提出", "转办", "受理", "答复", "评价：满意"]
    assert list(case.events.values_list("actor__employee__name", flat=True)) == [
        "吴职工",
        "李干事",
        "刘承办",
        "刘承办",
        "吴职工",
    ]


def test_unsatisfied_sends_it_back_once_then_to_the_union_office(login, union):
    case = make_appeal(union)
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="按规定执行")
    client = login(union.employee)
    response = client.post(
        reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "unsatisfied"}, follow=True
    )
    assert "选择“不满意”时请说明理由" in response.content.decode()
    client.post(
        reverse("cases:rate", args=[case.pk]),
        {"version": case.version, "rating": "unsatisfied", "reason": "没有说明依据"},
    )
    case.refresh_from_db()
    assert (case.state, case.reopen_count, case.closed_at) == ("processing", 1, None)
    case = case_act(
        actor=union.handler, case=case, transition="answer", version=case.version, text="依据《工资支付规定》第 X 条"
    )
    client.post(
        reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "unsatisfied", "reason": "仍不满意"}
    )
    case.refresh_from_db()
    # Not closed over her head: the union office supervises (see the next tests).
    assert (case.state, case.rating, case.closed_at) == ("supervising", "unsatisfied", None)


def test_an_anonymous_appeal_never_shows_the_person_to_handlers(login, union):
    from django.contrib.contenttypes.models import ContentType

    login(union.employee).post(
        reverse("appeals:new"),
        {
            "category": "welfare",
            "title": "食堂夜班餐标准",
            "body": "夜班餐标准三年未调整",
            "anonymous": "on",
            "attachments": [image_upload("菜单.jpg")],
        },
    )
    case = Case.objects.get(anonymous=True)
    case = case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    name, number = "吴职工", union.employee.employee.employee_no
    for user, url in [
        (union.handler, reverse("cases:detail", args=[case.pk])),
        (union.handler, reverse("appeals:list")),
        (union.handler, reverse("todo")),
        (union.staff, reverse("cases:detail", args=[case.pk])),
        (union.staff, reverse("appeals:list")),
        (union.staff, reverse("audit:log-list") + f"?model={ContentType.objects.get_for_model(Case).pk}"),
        (union.staff, reverse("appeals:export")),
        (union.handler, reverse("notify:inbox")),
    ]:
        body = login(user).get(url).content
        text = body.decode(errors="ignore")
        assert name not in text and number not in text, url
        assert name.encode() not in body
    assert "匿名职工" in login(union.handler).get(reverse("cases:detail", args=[case.pk])).content.decode()
    for note in Notification.objects.exclude(recipient=union.employee):
        assert name not in note.title + note.body
    entries = LogEntry.objects.filter(content_type__model="case", object_id=case.pk)
    assert entries.count() == 2
    for entry in entries:
        assert name not in str(entry.changes) and entry.actor_id != union.employee.pk
    # The requester still sees their own case, with their own steps.
    assert "食堂夜班餐标准" in login(union.employee).get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_complaints_about_the_union_reach_the_chair_only(login, union):
    case = make_appeal(union, category="union_conduct", assign=False, title="工会活动报名不公开")
    assert login(union.staff).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.number not in login(union.staff).get(reverse("appeals:list")).content.decode()
    assert not Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()
    chair = login(union.chair)
    assert case.number in chair.get(reverse("todo")).content.decode()
    act(chair, case, "answer", text="已整改：报名名单今后在工会公众号公示。")
    case.refresh_from_db()
    assert case.state == "answered"


def test_two_people_acting_at_once_one_wins_the_other_is_told(login, union):
    case = make_appeal(union)
    stale_version = case.version
    case_act(actor=union.handler, case=case, transition="accept", version=stale_version)
    with pytest.raises(Conflict):
        case_act(actor=union.staff, case=case, transition="reassign", version=stale_version, lead_unit=union.fuel_dept)
    client = login(union.handler)
    response = client.post(
        reverse("cases:act", args=[case.pk]),
        {
            "transition": "answer",
            "answer-transition": "answer",
            "answer-version": stale_version,
            "answer-text": "重复提交",
        },
        follow=True,
    )
    assert "该事项刚被其他人处理过" in response.content.decode()
    assert CaseEvent.objects.filter(case=case, action="answer").count() == 0
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1


def test_handler_returns_it_to_the_union_with_a_reason(login, union):
    case = make_appeal(union)
    client = login(union.handler)
    response = act(client, case, "return")
    assert "请填写退回理由" in response.content.decode()
    act(client, case, "return", text="属于燃料部职责")
    case.refresh_from_db()
    assert (case.state, case.lead_unit) == ("submitted", None)
    assert login(union.handler).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_handler_of_another_department_cannot_see_or_act(login, union, django_user_model):
    from gonghui.org.models import Role
    from tests.factories import make_employee, make_user

    fuel_handler = make_user(make_employee(union.fuel_dept, "燃料承办"), (Role.HANDLER, union.fuel_dept))
    case = make_appeal(union)
    client = login(fuel_handler)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert act(client, case, "accept").status_code == 404


def test_overdue_sweep_reminds_once_and_escalates_later(union, settings):
    settings.CASE_ESCALATE_AFTER_HOURS = 24
    case = make_appeal(union)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert sweep_overdue() == {"reminded": 1, "escalated": 0}
    assert sweep_overdue() == {"reminded": 0, "escalated": 0}
    reminders = Notification.objects.filter(recipient=union.handler, title__contains="超期")
    assert reminders.count() == 1
    assert case.events.filter(action="overdue").count() == 1
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=30))
    assert sweep_overdue() == {"reminded": 0, "escalated": 1}
    assert sweep_overdue() == {"reminded": 0, "escalated": 0}
    assert Notification.objects.filter(recipient=union.chair, title__contains="升级").count() == 1
    assert case.events.filter(action="escalate").count() == 1


def test_staff_urge_an_assigned_case(login, union):
    case = make_appeal(union)
    response = login(union.staff).post(reverse("cases:urge", args=[case.pk]), {"text": "请本周内答复"}, follow=True)
    assert f"已督办 {case.number}" in response.content.decode()
    assert Notification.objects.filter(recipient=union.handler, title__contains="督办").exists()
    assert login(union.handler).post(reverse("cases:urge", args=[case.pk])).status_code == 302
    assert case.events.filter(action="urge").count() == 1


def test_list_and_todo_cost_a_fixed_number_of_queries(login, union, django_assert_max_num_queries):
    from django.core.cache import cache

    make_appeal(union)
    staff = login(union.staff)
    staff.get(reverse("appeals:list"))
    cache.clear()  # measure with the counts not cached
    with django_assert_max_num_queries(12) as few_list:
        staff.get(reverse("appeals:list"))
    handler = login(union.handler)
    handler.get(reverse("todo"))
    cache.clear()
    with django_assert_max_num_queries(12) as few_todo:
        handler.get(reverse("todo"))
    for i in range(15):
        make_appeal(union, title=f"诉求{i}")
    cache.clear()
    with django_assert_max_num_queries(len(few_todo.captured_queries)):
        assert len(handler.get(reverse("todo")).context["page"].object_list) == 16
    staff = login(union.staff)
    cache.clear()
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        assert staff.get(reverse("appeals:list")).context["total"] == 16


def test_counts_follow_changes_at_once(login, union):
    make_appeal(union)
    staff = login(union.staff)
    assert staff.get(reverse("appeals:list")).context["total"] == 1
    make_appeal(union, title="第二件")
    assert staff.get(reverse("appeals:list")).context["total"] == 2


def test_stats_and_export(login, union):
    import io

    import openpyxl

    case = make_appeal(union)
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已处理")
    from gonghui.cases.services import case_rate

    case_rate(actor=union.employee, case=case, rating="basically", version=case.version)
    make_appeal(union, category="legal", title="劳动合同续签咨询")
    client = login(union.staff)
    stats = client.get(reverse("appeals:stats"))
    assert stats.context["overall"]["total"] == 2
    assert stats.context["overall"]["satisfaction"] == 100
    assert {r["label"] for r in stats.context["by_category"]} == {"工资待遇", "法律咨询"}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("appeals:export")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "分组" and any(r[0] == "设备部" for r in rows)


def test_attachments_are_checked(login, union):
    response = login(union.employee).post(
        reverse("appeals:new"),
        {"category": "other", "title": "t", "body": "b", "attachments": [SimpleUploadedFile("run.exe", b"MZ")]},
    )
    assert "格式不支持" in response.content.decode()
    assert not Case.objects.exists()


def test_the_periodic_command_is_safe_to_repeat(union):
    import io

    from django.core.management import call_command

    case = make_appeal(union)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    call_command("run_periodic", stdout=out)
    assert "超期提醒 1 件" in out.getvalue() and "超期提醒 0 件" in out.getvalue()
    assert Notification.objects.filter(recipient=union.handler, title__contains="超期").count() == 1


def test_the_periodic_task_reschedules_itself(union, settings):
    from django_tasks_db.models import DBTaskResult

    from gonghui.core import periodic as tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert not tasks.periodic_is_waiting()
    tasks.schedule_next()
    assert tasks.periodic_is_waiting()
    queued = DBTaskResult.objects.get()
    assert queued.run_after > timezone.now()
    tasks.periodic.call()  # what the worker runs: it queues its successor
    assert DBTaskResult.objects.count() == 2


def test_the_list_walks_older_and_newer_by_cursor(login, union):
    from gonghui.cases.services import case_open

    for i in range(60):
        case_open(kind="appeal", requester=union.employee, title=f"诉求{i:02d}", body="…", category="other")
    client = login(union.staff)
    first = client.get(reverse("appeals:list"))
    newest = [c["title"] for c in first.context["rows"]]
    assert newest[0] == "诉求59" and len(newest) == 50 and first.context["newer"] is None
    older = client.get(reverse("appeals:list"), {"before": first.context["older"]})
    assert [c["title"] for c in older.context["rows"]] == [f"诉求{i:02d}" for i in range(9, -1, -1)]
    assert older.context["older"] is None and older.context["total"] == 60
    back = client.get(reverse("appeals:list"), {"after": older.context["newer"]})
    assert [c["title"] for c in back.context["rows"]] == newest
    assert "较早 →" in first.content.decode() and "← 较新" in older.content.decode()


def test_co_units_get_their_own_deadline(login, union):
    from gonghui.cases.models import CaseUnit

    case = make_appeal(union, assign=False)
    staff = login(union.staff)
    act(
        staff,
        case,
        "assign",
        lead_unit=union.equip_dept.pk,
        co_units=[union.fuel_dept.pk],
        due_at="2031-06-10T17:00",
        co_due_at="2031-06-05T17:00",
    )
    units = {
        cu.unit.name: timezone.localtime(cu.due_at).strftime("%m-%d")
        for cu in CaseUnit.objects.filter(case=case).select_related("unit")
    }
    assert units == {"设备部": "06-10", "燃料部": "06-05"}
    assert "燃料部（06-05 17:00 前）" in staff.get(reverse("cases:detail", args=[case.pk])).content.decode()
    case.refresh_from_db()
    response = act(
        staff,
        case,
        "reassign",
        lead_unit=union.equip_dept.pk,
        co_units=[union.fuel_dept.pk],
        due_at="2031-06-10T17:00",
        co_due_at="2031-06-20T17:00",
    )
    assert "协办期限不能晚于主办期限" in response.content.decode()


def test_unhappy_twice_goes_to_the_union_office_as_supervision(login, union):
    """The second 不满意 no longer closes the case silently: the union office gets it to 督办,
    sends it back with instructions, and the requester rates the new answer."""
    case = make_appeal(union)
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已核实。")
    employee = login(union.employee)
    employee.post(
        reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "unsatisfied", "reason": "没补"}
    )
    case.refresh_from_db()
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已补发。")
    page = employee.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "再选“不满意”，事项将提交工会督办" in page
    employee.post(
        reverse("cases:rate", args=[case.pk]),
        {"version": case.version, "rating": "unsatisfied", "reason": "只补了一半"},
    )
    case.refresh_from_db()
    assert (case.state, case.closed_at, case.rating) == ("supervising", None, "unsatisfied")
    assert case.state_label == "工会督办"
    assert Notification.objects.filter(recipient=union.staff, title__contains="请工会督办").exists()
    staff = login(union.staff)
    assert case.number in staff.get(reverse("todo")).content.decode()

    act(staff, case, "redo", text="请按考勤记录补足 8 小时，并当面向职工说明。")
    case.refresh_from_db()
    assert (case.state, case.answered_at) == ("processing", None) and case.due_at > timezone.now()
    handler = login(union.handler)
    assert case.number in handler.get(reverse("todo")).content.decode()
    act(handler, case, "answer", text="已补足，并已当面说明。")
    employee = login(union.employee)
    case.refresh_from_db()
    employee.post(reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "satisfied"})
    case.refresh_from_db()
    assert case.state == "closed"


def test_the_union_may_close_a_supervised_case_with_its_reasons(login, union):
    case = make_appeal(union)
    for _ in range(2):
        case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="答复。")
        login(union.employee).post(
            reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "unsatisfied", "reason": "不行"}
        )
        case.refresh_from_db()
    assert case.state == "supervising"
    act(login(union.staff), case, "close_supervised", text="经核实已按政策足额发放，工会已向职工解释。")
    case.refresh_from_db()
    assert case.state == "closed" and case.closed_at is not None
    assert Notification.objects.filter(recipient=union.employee, title__contains="已办结").exists()
