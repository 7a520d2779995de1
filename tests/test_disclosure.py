"""厂务公开: the catalogue makes disclosures due, units publish to their audience only, people read
and question them, and the union sees who publishes on time."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.disclosure.models import Disclosure, Item, Read
from gonghui.disclosure.services import generate_due
from gonghui.notify.models import Notification
from tests.disclosure_helpers import make_catalogue

pytestmark = pytest.mark.django_db


def _act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload, follow=True)


def test_a_team_disclosure_is_seen_by_its_team_only(client, login, union):
    c = make_catalogue(union)
    login(union.employee)  # 运行一值
    assert "运行一值月度奖金分配" in client.get(reverse("disclosure:feed")).content.decode()
    page = client.get(reverse("disclosure:detail", args=[c.published.pk])).content.decode()
    assert "<th>考核得分</th>" in page and "<td>2300</td>" in page
    assert [d["title"] for d in client.get("/api/v1/disclosures").json()["results"]] == [c.published.title]

    login(union.representative)  # 运行二值
    assert "运行一值月度奖金分配" not in client.get(reverse("disclosure:feed")).content.decode()
    assert client.get(reverse("disclosure:detail", args=[c.published.pk])).status_code == 404
    assert client.get(f"/api/v1/disclosures/{c.published.pk}").status_code == 404
    assert client.get("/api/v1/disclosures").json() == {"results": [], "next": None}


def test_read_receipts_and_reach(client, login, union):
    c = make_catalogue(union)
    login(union.employee)
    for _ in range(2):
        client.get(reverse("disclosure:detail", args=[c.published.pk]))
    assert Read.objects.filter(disclosure=c.published).count() == 1
    login(union.branch_chair)
    page = client.get(reverse("disclosure:detail", args=[c.published.pk])).content.decode()
    # 运行一值 has one employee in the test union: 吴职工.
    assert "已读 1 / 1 人，知晓率 100%" in page
    # The branch chair opened it too, but is not in its audience: not counted.
    assert Read.objects.filter(disclosure=c.published).count() == 2


def test_the_schedule_makes_disclosures_due_and_reminds_once(client, login, union):
    c = make_catalogue(union, publish=False)
    # On the 20th, last month's disclosures (due 10 days after the month) are late; this month's are not.
    now = timezone.localtime().replace(day=20, hour=10)
    # Last and this month, for both monthly items; last month's two are overdue.
    assert generate_due(now) == {"disclosures_due": 4, "disclosures_overdue": 2}
    assert generate_due(now) == {"disclosures_due": 0, "disclosures_overdue": 0}
    assert Disclosure.objects.count() == 4
    assert Notification.objects.filter(recipient=union.branch_chair, title__contains="请按时公开").count() == 2
    assert Notification.objects.filter(recipient=union.branch_chair, title__contains="已逾期").count() == 1
    assert Notification.objects.filter(recipient=union.staff, title__contains="逾期未公开").exists()
    # Pages judge lateness by the real date.
    Disclosure.objects.filter(overdue_reminded_at__isnull=False).update(due_on=timezone.localdate() - timedelta(days=1))

    login(union.branch_chair)
    todo = client.get(reverse("todo")).content.decode()
    assert "运行一值月度奖金分配" in todo and "超期" in todo
    login(union.staff)
    board = client.get(reverse("disclosure:board") + "?state=overdue").content.decode()
    assert "运行一值月度奖金分配" in board and "月度生产经营情况" in board
    assert c.bonus.title in client.get(reverse("todo") + "?overdue=1").content.decode()


@pytest.mark.parametrize("month", [1, 2, 3, 12])
def test_the_schedule_runs_in_every_month_of_the_year(union, month):
    """In January the start of the quarter before is in the year before: once a ValueError, so
    no disclosure became due all of January and February."""
    from datetime import datetime

    c = make_catalogue(union, publish=False)
    Item.objects.create(
        union=union.root,
        title="季度工资调整情况",
        category=c.bonus.category,
        level=c.bonus.level,
        frequency="quarterly",
        unit=union.shift1,
        audience=union.shift1,
    )
    Item.objects.create(
        union=union.root,
        title="年度评先评优结果",
        category=c.bonus.category,
        level=c.bonus.level,
        frequency="yearly",
        unit=union.shift1,
        audience=union.shift1,
    )
    when = timezone.make_aware(datetime(2027, month, 20, 10, 0))
    figures = generate_due(when)
    assert figures["disclosures_due"] >= 4
    periods = set(Disclosure.objects.values_list("period", flat=True))
    assert f"2027年{month}月" in periods and ("2026年12月" in periods if month == 1 else True)


def test_publishing_checks_who_and_what(client, login, union):
    c = make_catalogue(union, publish=False)
    due = c.published
    login(union.handler)  # 设备部: not 运行一值's
    assert client.get(reverse("disclosure:publish", args=[due.pk])).status_code == 403
    login(union.branch_chair)
    response = client.post(reverse("disclosure:publish", args=[due.pk]), {"title": due.title})
    assert "请填写公开内容、粘贴表格或上传附件" in response.content.decode()
    until = (timezone.localdate() + timedelta(days=15)).isoformat()
    response = client.post(
        reverse("disclosure:publish", args=[due.pk]),
        {"title": due.title, "table_text": "姓名\t奖金\n吴职工\t2300\n", "publish_until": until},
        follow=True,
    )
    assert "已向运行一值公开，公示至" in response.content.decode()
    due.refresh_from_db()
    assert due.table == [["姓名", "奖金"], ["吴职工", "2300"]] and due.on_time()
    client.post(reverse("disclosure:withdraw", args=[due.pk]))
    due.refresh_from_db()
    assert due.state == "withdrawn"
    login(union.employee)
    assert client.get(reverse("disclosure:detail", args=[due.pk])).status_code == 404


def test_an_event_is_published_at_once(client, login, union):
    c = make_catalogue(union)
    login(union.staff)
    client.post(
        reverse("disclosure:publish-event", args=[c.event.pk]),
        {"title": "2026 年值长岗位竞聘结果", "body": "经笔试、面试、民主测评，拟聘任如下……"},
    )
    event = Disclosure.objects.get(item=c.event)
    assert event.state == "published" and not event.periodic
    login(union.outsider)
    assert "2026 年值长岗位竞聘结果" in client.get(reverse("disclosure:feed")).content.decode()


def test_a_question_goes_to_the_unit_and_the_answer_may_go_public(client, login, union):
    c = make_catalogue(union)
    login(union.employee)
    response = client.post(
        reverse("disclosure:ask", args=[c.published.pk]),
        {"title": "夜班是否计入考核得分？", "body": "本月 8 个夜班，得分和白班一样。", "anonymous": "on"},
        follow=True,
    )
    case = Case.objects.get(kind="disclosure_question")
    assert f"已提交，编号 {case.number}" in response.content.decode()
    assert case.state == "assigned" and case.lead_unit == union.shift1 and case.anonymous

    login(union.branch_chair)
    assert case.number in client.get(reverse("todo")).content.decode()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "匿名职工" in page and "吴职工" not in page
    _act(client, case, "answer", text="夜班按 1.1 倍计入出勤得分。")
    client.post(reverse("disclosure:answer-public", args=[case.pk]), {"public": "1"})

    login(union.employee)
    detail = client.get(reverse("disclosure:detail", args=[c.published.pk])).content.decode()
    assert "答：夜班按 1.1 倍计入出勤得分。" in detail
    case.refresh_from_db()
    client.post(reverse("cases:rate", args=[case.pk]), {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert case.state == "closed"

    # Outside the audience nobody can ask.
    login(union.representative)
    assert client.post(reverse("disclosure:ask", args=[c.published.pk]), {"title": "x", "body": "y"}).status_code == 404
    api = client.post(
        f"/api/v1/disclosures/{c.published.pk}/questions", {"title": "x", "body": "y"}, content_type="application/json"
    )
    assert api.status_code == 404


def test_compliance_figures_and_export(client, login, union):
    from openpyxl import load_workbook

    c = make_catalogue(union, publish=False)
    today = timezone.localdate()
    on_time, late = c.published, c.due
    Disclosure.objects.filter(pk=on_time.pk).update(due_on=today - timedelta(days=1))
    Disclosure.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    login(union.staff)
    for d in (on_time, late):
        d.refresh_from_db()
    Disclosure.objects.filter(pk=on_time.pk).update(
        state="published", published_at=timezone.now() - timedelta(days=2), publish_until=today
    )
    Disclosure.objects.filter(pk=late.pk).update(state="published", published_at=timezone.now(), publish_until=today)
    page = client.get(reverse("disclosure:stats")).content.decode()
    assert "运行一值" in page and "100%" in page and "0%" in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("disclosure:export")).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["运行一值", 1, 1, 1, 100] in rows and ["党群工作部", 1, 1, 0, 0] in rows


def test_the_union_office_keeps_the_catalogue(client, login, union):
    from gonghui.disclosure.models import Category

    login(union.staff)
    client.post(reverse("disclosure:category-new"), {"name": "福利费使用"})
    category = Category.objects.get(name="福利费使用")
    response = client.post(
        reverse("disclosure:item-new"),
        {
            "title": "设备部福利费使用",
            "category": category.pk,
            "level": "department",
            "frequency": "quarterly",
            "unit": union.equip_dept.pk,
            "audience": union.run_dept.pk,
            "grace_days": 10,
            "active": "on",
        },
    )
    assert "公开范围应是责任单位本身、其上级或其下属单位" in response.content.decode()
    client.post(
        reverse("disclosure:item-new"),
        {
            "title": "设备部福利费使用",
            "category": category.pk,
            "level": "department",
            "frequency": "quarterly",
            "unit": union.equip_dept.pk,
            "audience": union.equip_dept.pk,
            "grace_days": 10,
            "active": "on",
        },
    )
    item = Item.objects.get(title="设备部福利费使用")
    assert item.disclosures.get().period.endswith("季度")
    login(union.handler)
    assert "设备部福利费使用" in client.get(reverse("disclosure:catalogue")).content.decode()
    assert client.post(reverse("disclosure:category-new"), {"name": "x"}).status_code == 403


def test_feed_and_board_cost_the_same_whatever_their_size(client, login, union):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.disclosure.services import make_due

    c = make_catalogue(union)

    def counts():
        result = []
        for user, url in ((union.employee, reverse("disclosure:feed")), (union.staff, reverse("disclosure:board"))):
            login(user)
            cache.clear()  # the cost with nothing kept: roles and the bell are cached too
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            result.append(len(ctx))
        return result

    small = counts()
    for months in range(1, 7):
        d = make_due(c.bonus, timezone.localdate() - timedelta(days=31 * months))
        Disclosure.objects.filter(pk=d.pk).update(
            state="published", published_at=timezone.now(), publish_until=timezone.localdate()
        )
    assert counts() == small


def test_an_answer_naming_people_is_not_made_public_without_a_second_look(client, login, union):
    """Publishing an answer that names the asker would unmask an anonymous one; the check looks
    for every name of the audience, so it never singles out the asker."""
    c = make_catalogue(union)
    login(union.employee)
    client.post(
        reverse("disclosure:ask", args=[c.published.pk]),
        {"title": "夜班得分？", "body": "夜班怎么算", "anonymous": "on"},
    )
    case = Case.objects.get(kind="disclosure_question")
    login(union.branch_chair)
    _act(client, case, "answer", text="吴职工同志：夜班按 1.1 倍计入出勤得分。")
    response = client.post(reverse("disclosure:answer-public", args=[case.pk]), {"public": "1"}, follow=True)
    page = response.content.decode()
    assert "答复中出现了职工的姓名或号码（吴职工）" in page and "已核对答复中的姓名和号码" in page
    question = case.disclosure_question
    question.refresh_from_db()
    assert not question.answer_public
    client.post(reverse("disclosure:answer-public", args=[case.pk]), {"public": "1", "names_checked": "1"})
    question.refresh_from_db()
    assert question.answer_public


def test_a_colleagues_name_warns_the_same_way(client, login, union):
    from gonghui.disclosure.services import names_in

    assert names_in("请联系运行一值的孙外人", union.root) == ["孙外人"]
    assert names_in("夜班按 1.1 倍计入出勤得分。", union.root) == []
    assert names_in(f"电话 {union.employee.employee.phone}", union.root) == [union.employee.employee.phone]
