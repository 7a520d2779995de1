"""Two enterprise unions on one deployment: each one's office is nobody in the other.

The `union` fixture is one union; a second, small one is built beside it with its own chair,
staff member and handler. Every record of the first must stay out of the second's lists,
details, numbering and notices.
"""

import pytest
from django.urls import reverse

from gonghui.cases.services import case_open
from gonghui.congress.models import Congress
from gonghui.notify.models import Notification
from gonghui.org.models import Role, UnitKind
from gonghui.supervision.models import Contract

from .factories import make_employee, make_root, make_unit, make_user


@pytest.fixture
def other(db):
    root = make_root("第二热电有限公司工会", "HQ2")
    branch = make_unit(root, "生产分工会", UnitKind.BRANCH, "B2-PROD")
    dept = make_unit(branch, "生产部", UnitKind.DEPARTMENT, "D2-PROD")
    chair = make_user(make_employee(dept, "钱主席", "E2-0001"), (Role.CHAIR, root))
    staff = make_user(make_employee(dept, "孙干事", "E2-0002"), (Role.STAFF, root))
    handler = make_user(make_employee(dept, "李承办", "E2-0003"), (Role.HANDLER, dept))
    worker = make_user(make_employee(dept, "周职工", "E2-0004"))
    return type(
        "Other", (), {"root": root, "dept": dept, "chair": chair, "staff": staff, "handler": handler, "worker": worker}
    )


def _login(client, user):
    client.force_login(user)
    return client


def test_an_appeal_goes_to_its_own_unions_office_only(union, other, client):
    case = case_open(kind="appeal", requester=union.employee, title="夜班补贴未发放", body="……", category="wages")
    theirs = case_open(kind="appeal", requester=other.worker, title="食堂问题", body="……", category="welfare")

    # Each union numbers its own: both are their union's first appeal of the year.
    assert case.number == theirs.number
    assert case.union_id == union.root.pk and theirs.union_id == other.root.pk
    # The new-appeal notice reaches this union's office and not the other's.
    assert Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()
    assert not Notification.objects.filter(recipient__in=[other.chair, other.staff], url=f"/cases/{case.pk}/").exists()

    for user in (other.chair, other.staff, other.handler, other.worker):
        page = _login(client, user).get(reverse("cases:detail", args=[case.pk]))
        assert page.status_code == 404, user
        listing = client.get(reverse("appeals:list"))
        assert "夜班补贴未发放" not in listing.content.decode()
    # The other union's chair sees their own union's appeal.
    assert "食堂问题" in _login(client, other.chair).get(reverse("appeals:list")).content.decode()


def test_another_unions_chair_cannot_act_on_or_open_this_unions_records(union, other, client):
    contract = Contract.objects.create(union=union.root, title="本厂集体合同", kind="general", text="……")
    Congress.objects.create(
        union=union.root, number=3, title="第三届职工代表大会", term_start="2024-01-01", term_end="2028-12-31"
    )
    _login(client, other.chair)
    assert client.get(reverse("supervision:contract", args=[contract.pk])).status_code == 404
    assert "本厂集体合同" not in client.get(reverse("supervision:contracts")).content.decode()
    # The other union has no congress yet: its chair is told so, not shown this one's.
    assert "第三届职工代表大会" not in client.get(reverse("congress:index")).content.decode()
    # A congress of the same number is theirs to register.
    response = client.post(
        reverse("congress:congress-new"),
        {"number": 3, "title": "第三届职工代表大会", "term_start": "2025-01-01", "term_end": "2029-12-31"},
    )
    assert response.status_code == 302
    assert Congress.objects.filter(union=other.root, number=3).exists()
    # This union's people and tree are not theirs to browse.
    assert union.employee.employee.name not in client.get(reverse("org:person-list")).content.decode()
    assert client.get(reverse("org:unit-detail", args=[union.run_dept.pk])).status_code == 404
    assert "本厂集体合同" not in client.get(reverse("audit:log-list")).content.decode()


def test_a_role_is_granted_only_inside_the_actors_union(union, other, client):
    _login(client, other.chair)
    response = client.post(
        reverse("org:role-grant"),
        {"employee_no": union.employee.employee.employee_no, "role": Role.HANDLER, "unit": union.run_dept.pk},
        follow=True,
    )
    assert not union.employee.role_assignments.filter(role=Role.HANDLER).exists()
    assert "找不到" in response.content.decode() or "选择" in response.content.decode()


def test_a_roster_import_stays_inside_the_importers_union(union, other, client):
    """Another union's office uploads a file naming this union's department and one of its people,
    then a full roster of its own: nothing of this union changes, nobody here leaves."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.excel.models import ImportJob
    from gonghui.org.models import Employee

    from .roster_files import roster_row, roster_xlsx

    mine = union.employee.employee
    rows = [
        roster_row(mine, 姓名="改名了"),
        roster_row(
            **{"工号": "E2-0100", "姓名": "新职工", "性别": "男", "身份证号": "110101199003070013"},
            手机号="13900000001",
            部门=union.run_dept.name,
            入职日期="2020-01-01",
        ),
    ]
    _login(client, other.staff)
    response = client.post(
        reverse("roster:import"),
        {"file": SimpleUploadedFile("花名册.xlsx", roster_xlsx(rows)), "mode": "incremental"},
        follow=True,
    )
    job = ImportJob.objects.get()
    assert job.union_id == other.root.pk and job.status == "invalid"
    errors = {(e["row"], e["column"], e["message"]) for e in job.errors}
    assert (2, "A", f"工号 {mine.employee_no} 是另一个工会的职工，不能在{other.root.name}导入") in errors
    assert (3, "F", f"系统中没有名为“{union.run_dept.name}”的部门") in errors
    assert f"共 {job.error_count} 处错误" in response.content.decode() and "未写入任何数据" in response.content.decode()
    mine.refresh_from_db()
    assert mine.name != "改名了"

    # A full roster of the other union's own people leaves this union's people as they are.
    theirs = [roster_row(e) for e in Employee.objects.filter(unit_path__startswith=other.root.path)]
    client.post(
        reverse("roster:import"),
        {"file": SimpleUploadedFile("新能源全员名册.xlsx", roster_xlsx(theirs)), "mode": "full"},
    )
    dry = ImportJob.objects.latest("pk")
    assert dry.status == "done" and dry.summary["left"] == 0, dry.errors
    # This union's office does not see the other's jobs on its import page or its workbench.
    _login(client, union.staff)
    assert "新能源全员名册" not in client.get(reverse("roster:import")).content.decode()
    assert "新能源全员名册" not in client.get("/").content.decode()
    assert client.get(reverse("roster:job", args=[dry.pk])).status_code == 404


def test_a_record_points_only_at_its_own_unions_units_and_records(union, other):
    """The services refuse a unit or a category of another union, whatever a form offered."""
    from django.core.exceptions import ValidationError

    from gonghui.disclosure.models import Category, Item
    from gonghui.disclosure.services import item_save
    from gonghui.study.models import StudyPlan
    from gonghui.study.services import study_record_save

    theirs = Category.objects.create(union=other.root, name="生产经营")
    item = Item(union=union.root)
    fields = {"title": "月度奖金", "category": theirs, "unit": union.run_dept, "audience": union.run_dept}
    with pytest.raises(ValidationError) as refused:
        item_save(actor=union.staff, item=item, **fields)
    assert refused.value.message_dict == {"category": ["所选公开类别不属于本工会"]}
    plan = StudyPlan(union=union.root, year=2026, month=3)
    with pytest.raises(ValidationError) as refused:
        study_record_save(actor=union.staff, record=plan, title="三月学习", unit=other.dept, content="……")
    assert refused.value.message_dict == {"unit": ["所选单位不属于本工会"]}
    assert not Item.objects.exists() and not StudyPlan.objects.exists()


def test_the_header_names_the_union_a_person_works_in(union, other, client):
    """An office of two unions sees, on every page, which one its new records will belong to."""
    header = 'data-testid="acting-union">'
    page = _login(client, other.worker).get(reverse("web:home")).content.decode()
    assert f"{header}第二热电有限公司工会 · 生产部" in page
    page = _login(client, union.staff).get(reverse("web:home")).content.decode()
    assert f"{header}{union.root.name} · " in page
    assert "第二热电有限公司工会" not in page

    # Office of the second union only, a person from the first works in the second.
    seconded = make_user(make_employee(union.run_dept, "借调干事", "E-9001"), (Role.STAFF, other.root))
    page = _login(client, seconded).get(reverse("web:home")).content.decode()
    assert f"{header}第二热电有限公司工会 · " in page
