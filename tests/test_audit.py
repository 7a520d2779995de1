"""The audit log: every change with actor, time, before and after; browsed by union staff."""

from django.urls import reverse
from django.utils import timezone


def edit_position(client, person, position):
    return client.post(
        reverse("org:person-edit", args=[person.pk]),
        {
            "name": person.name,
            "gender": person.gender,
            "phone": person.phone,
            "unit": person.unit_id,
            "status": "active",
            "position": position,
        },
    )


def test_staff_browse_changes_with_before_and_after(login, union):
    person = union.outsider.employee
    edit_position(login(union.chair), person, "输煤值班员")
    response = login(union.staff).get(reverse("audit:log-list"), {"actor": "王主席", "q": "孙外人"})
    entries = list(response.context["rows"])
    assert len(entries) == 1
    assert [(c.label, c.old.text, c.new.text) for c in entries[0].changes_shown] == [("岗位", "", "输煤值班员")]
    detail = login(union.staff).get(reverse("audit:log-detail", args=[entries[0].pk])).content.decode()
    assert "王主席" in detail and "输煤值班员" in detail


def test_filters_by_type_and_action(login, union):
    from django.contrib.contenttypes.models import ContentType

    from gonghui.org.models import Employee

    client = login(union.staff)
    edit_position(client, union.outsider.employee, "采制样工")
    ct = ContentType.objects.get_for_model(Employee)
    response = client.get(reverse("audit:log-list"), {"model": ct.pk, "action": "1"})
    assert [e.object_repr for e in response.context["rows"]] == [str(union.outsider.employee)]


def test_branch_chair_cannot_read_the_audit_log(login, union):
    assert login(union.branch_chair).get(reverse("audit:log-list")).status_code == 403


def test_rows_of_objects_the_reader_may_not_see_are_not_shown(login, union):
    """A complaint about the union itself reaches the chair only: so do its audit rows."""
    from auditlog.models import LogEntry

    from gonghui.cases.services import case_act
    from tests.cases_helpers import make_appeal

    complaint = make_appeal(union, category="union_conduct", assign=False, title="工会活动报名不公开")
    complaint = case_act(
        actor=union.chair, case=complaint, transition="answer", version=complaint.version, text="名单今后公示。"
    )
    ordinary = make_appeal(union, title="夜班餐标准")
    rows = LogEntry.objects.filter(content_type__model="case", object_id=complaint.pk)
    assert rows.count() == 2
    staff = login(union.staff)
    listing = staff.get(reverse("audit:log-list")).content.decode()
    assert "工会活动报名不公开" not in listing, listing[listing.find("工会活动报名不公开") - 300 :][:600]
    assert "名单今后公示" not in listing
    assert "夜班餐标准" in listing
    for entry in rows:
        assert staff.get(reverse("audit:log-detail", args=[entry.pk])).status_code == 404
    chair = login(union.chair)
    assert "工会活动报名不公开" in chair.get(reverse("audit:log-list")).content.decode()
    assert chair.get(reverse("audit:log-detail", args=[rows.first().pk])).status_code == 200
    assert ordinary.number in chair.get(reverse("audit:log-list")).content.decode()


def test_rows_read_in_chinese_labels_names_and_beijing_time(login, union):
    from auditlog.models import LogEntry

    from gonghui.cases.services import case_act
    from tests.cases_helpers import make_appeal

    case = make_appeal(union, assign=False, title="加班费")
    case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    staff = login(union.staff)
    assigned = LogEntry.objects.get(object_id=case.pk, additional_data__step="转办")
    page = staff.get(reverse("audit:log-detail", args=[assigned.pk])).content.decode()
    assert "状态" in page and "待受理" in page and "已转办" in page and "submitted" not in page
    assert "主办单位" in page and "设备部" in page
    local = timezone.localtime(assigned.timestamp)
    assert f"{local:%Y-%m-%d %H:%M}" in page

    # A person's own record: choices as labels, the unit by name, the ID number masked.
    person = union.outsider.employee
    edit_position(staff, person, "输煤值班员")
    created = LogEntry.objects.get(content_type__model="employee", object_id=person.pk, action=LogEntry.Action.CREATE)
    page = staff.get(reverse("audit:log-detail", args=[created.pk])).content.decode()
    assert "性别" in page and ("男" in page or "女" in page)
    assert "燃料部" in page and person.id_number not in page and person.masked_id_number in page
    assert "updated at" not in page and "unit path" not in page


def test_a_pasted_table_reads_as_a_table(login, union):
    from auditlog.models import LogEntry

    from tests.disclosure_helpers import make_catalogue

    c = make_catalogue(union)
    entry = LogEntry.objects.filter(content_type__model="disclosure", object_id=c.published.pk).latest("pk")
    page = login(union.staff).get(reverse("audit:log-detail", args=[entry.pk])).content.decode()
    assert "<td>考核得分</td>" in page and "<td>吴职工</td>" in page and "\\u" not in page
    listing = login(union.staff).get(reverse("audit:log-list")).content.decode()
    assert "表格（3 行）" in listing


def test_the_kept_log_page_shows_a_new_change_at_once(login, union):
    """The page's rows are kept between visits, but only until the log grows."""
    client = login(union.staff)
    assert "采制样工" not in client.get(reverse("audit:log-list")).content.decode()
    edit_position(login(union.chair), union.outsider.employee, "采制样工")
    page = login(union.staff).get(reverse("audit:log-list")).content.decode()
    assert "采制样工" in page and "王主席" in page
