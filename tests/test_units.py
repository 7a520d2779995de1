"""The union office shapes the tree: branches, departments, teams."""

from django.urls import reverse

from gonghui.org.models import OrgUnit, UnitKind


def test_staff_add_a_team_under_a_department(login, union):
    response = login(union.staff).post(
        reverse("org:unit-create"),
        {"parent": union.fuel_dept.pk, "name": "输煤三班", "code": "T-COAL3", "sort_order": 3},
        follow=True,
    )
    assert "已新建班组“输煤三班”" in response.content.decode()
    team = OrgUnit.objects.get(code="T-COAL3")
    assert team.kind == UnitKind.TEAM and team.path.startswith(union.fuel_dept.path) and team.depth == 4


def test_a_duplicate_code_or_name_is_refused(login, union):
    client = login(union.staff)
    response = client.post(
        reverse("org:unit-create"), {"parent": union.run_dept.pk, "name": "运行三值", "code": "T-RUN1", "sort_order": 0}
    )
    assert "编码 T-RUN1 已被使用" in response.content.decode()
    response = client.post(
        reverse("org:unit-create"), {"parent": union.run_dept.pk, "name": "运行一值", "code": "T-X", "sort_order": 0}
    )
    assert "运行部下已有名为“运行一值”的单位" in response.content.decode()


def test_nothing_goes_under_a_team(login, union):
    response = login(union.staff).post(
        reverse("org:unit-create"), {"parent": union.shift1.pk, "name": "小组", "code": "G1", "sort_order": 0}
    )
    assert "班组之下不能再设单位" in response.content.decode()


def test_rename_is_audited(login, union):
    from auditlog.models import LogEntry

    login(union.chair).post(
        reverse("org:unit-edit", args=[union.fuel_dept.pk]), {"name": "燃料管理部", "code": "D-FUEL", "sort_order": 0}
    )
    union.fuel_dept.refresh_from_db()
    assert union.fuel_dept.name == "燃料管理部"
    entry = LogEntry.objects.get_for_object(union.fuel_dept).latest("timestamp")
    assert entry.actor == union.chair and entry.changes["name"] == ["燃料部", "燃料管理部"]


def test_only_an_empty_unit_can_be_deleted(login, union):
    client = login(union.staff)
    response = client.post(reverse("org:unit-delete", args=[union.shift2.pk]), follow=True)
    assert "该单位还有职工" in response.content.decode()
    assert OrgUnit.objects.filter(pk=union.shift2.pk).exists()
    empty = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=union.run_dept.pk), {"name": "临时班", "kind": "team", "code": "T-TMP"}
    )
    response = client.post(reverse("org:unit-delete", args=[empty.pk]), follow=True)
    assert "已删除“临时班”" in response.content.decode()
    assert not OrgUnit.objects.filter(pk=empty.pk).exists()
    assert OrgUnit.objects.get(pk=union.run_dept.pk).numchild == 2


def test_branch_chair_cannot_change_the_tree(login, union):
    response = login(union.branch_chair).post(
        reverse("org:unit-create"), {"parent": union.run_dept.pk, "name": "运行六值", "code": "T-RUN6", "sort_order": 0}
    )
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="T-RUN6").exists()


def test_a_new_unit_never_moves_the_others_and_nobody_changes_branch(client, login, union):
    """Units are added after their siblings, whatever their name: the paths that employees,
    cases and ballots keep a copy of never change, so a new branch named 安全分工会 (which sorts
    first) leaves 吴职工 in 运行分工会, not in the branch whose path 运行's used to be."""
    from gonghui.org.models import Employee
    from gonghui.org.scopes import union_path
    from tests.factories import make_root

    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    login(union.staff)
    client.post(
        reverse("org:unit-create"), {"parent": union.root.pk, "name": "安全分工会", "code": "AQ", "sort_order": 0}
    )
    assert OrgUnit.objects.filter(name="安全分工会").exists()
    make_root("别的工会", code="ZZ")  # another union, sorting before this one
    assert dict(OrgUnit.objects.filter(pk__in=paths).values_list("pk", "path")) == paths
    person = Employee.objects.get(pk=union.employee.employee_id)
    assert person.unit_path == person.unit.path and union_path(union.root.pk) == paths[union.root.pk]
    assert person.unit_path.startswith(paths[union.run_branch.pk])
    # The tree still reads siblings by 排序, then name, though the new one was added last.
    page = client.get(reverse("org:unit-tree")).content.decode()
    assert page.index("安全分工会") < page.index("机关分工会") < page.index("设备分工会") < page.index("运行分工会")
