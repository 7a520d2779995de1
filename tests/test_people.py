"""Browsing and changing people, each scoped by role."""

from datetime import date

from auditlog.models import LogEntry
from django.urls import reverse

from gonghui.org.models import Employee, MembershipEvent


def names_on(response) -> set[str]:
    return {e["name"] for e in response.context["page"].object_list}


def test_union_staff_see_everyone(login, union):
    response = login(union.staff).get(reverse("org:person-list"))
    assert response.status_code == 200
    assert {"吴职工", "孙外人", "王主席"} <= names_on(response)


def test_branch_chair_sees_only_their_branch(login, union):
    response = login(union.branch_chair).get(reverse("org:person-list"))
    assert names_on(response) == {"张分会", "陈代表", "吴职工"}


def test_branch_chair_gets_404_for_a_person_of_another_branch(login, union):
    client = login(union.branch_chair)
    assert client.get(reverse("org:person-detail", args=[union.outsider.employee_id])).status_code == 404
    assert client.get(reverse("org:person-detail", args=[union.employee.employee_id])).status_code == 200


def test_employee_cannot_browse_people_but_sees_themselves(login, union):
    client = login(union.employee)
    assert client.get(reverse("org:person-list")).status_code == 403
    assert client.get(reverse("org:person-detail", args=[union.employee.employee_id])).status_code == 200
    assert client.get(reverse("org:person-detail", args=[union.outsider.employee_id])).status_code == 404


def test_handler_sees_department_with_masked_phone(login, union):
    from tests.factories import make_employee

    colleague = make_employee(union.boiler_team, "钱班员")
    response = login(union.handler).get(reverse("org:person-list"))
    assert names_on(response) == {"刘承办", "钱班员"}
    body = response.content.decode()
    phone = colleague.phone
    assert phone not in body and f"{phone[:3]}****{phone[-4:]}" in body


def test_search_by_name_number_and_phone(login, union):
    client = login(union.staff)
    assert names_on(client.get(reverse("org:person-list"), {"q": "孙"})) == {"孙外人"}
    assert names_on(client.get(reverse("org:person-list"), {"q": "h0006"})) == {"吴职工"}
    phone = union.outsider.employee.phone
    assert names_on(client.get(reverse("org:person-list"), {"q": phone})) == {"孙外人"}


def test_filter_by_unit_covers_the_subtree(login, union):
    response = login(union.staff).get(reverse("org:person-list"), {"unit": union.run_branch.pk})
    assert names_on(response) == {"张分会", "陈代表", "吴职工"}


def test_filter_by_membership_and_status(login, union):
    union.outsider.employee.is_member = False
    union.outsider.employee.save()
    client = login(union.staff)
    assert names_on(client.get(reverse("org:person-list"), {"member": "0"})) == {"孙外人"}
    Employee.objects.filter(pk=union.employee.employee_id).update(status="left")
    assert names_on(client.get(reverse("org:person-list"), {"status": "left"})) == {"吴职工"}


def test_htmx_filter_returns_only_the_rows(login, union):
    response = login(union.staff).get(reverse("org:person-list"), {"q": "孙"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "孙外人" in body and "<html" not in body


def test_people_list_costs_a_fixed_number_of_queries(login, union, django_assert_max_num_queries):
    from django.core.cache import cache

    from tests.factories import make_employee

    client = login(union.staff)
    client.get(reverse("org:person-list"))  # warm the session
    cache.clear()  # the cost with nothing kept: roles, the bell and the total are cached too
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("org:person-list"))
    for i in range(60):
        make_employee(union.shift2, f"批量{i}")
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("org:person-list"))
    assert len(response.context["page"].object_list) == 50


def test_person_page_costs_a_fixed_number_of_queries(login, union, django_assert_max_num_queries):
    client = login(union.staff)
    url = reverse("org:person-detail", args=[union.employee.employee_id])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_branch_chair_edits_a_person_in_the_branch_and_it_is_audited(login, union):
    person = union.employee.employee
    client = login(union.branch_chair)
    response = client.post(
        reverse("org:person-edit", args=[person.pk]),
        {
            "name": "吴职工",
            "gender": person.gender,
            "phone": "13900009999",
            "unit": union.shift2.pk,
            "position": "主值",
            "status": "active",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.unit, person.unit_path, person.position) == (
        "13900009999",
        union.shift2,
        union.shift2.path,
        "主值",
    )
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == union.branch_chair
    assert entry.changes["phone"][1] == "13900009999"


def test_edit_rejects_a_phone_already_in_use(login, union):
    person = union.employee.employee
    response = login(union.staff).post(
        reverse("org:person-edit", args=[person.pk]),
        {
            "name": person.name,
            "gender": person.gender,
            "phone": union.outsider.employee.phone,
            "unit": person.unit_id,
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "该手机号已被其他职工使用" in response.content.decode()


def test_branch_chair_cannot_edit_outside_the_branch(login, union):
    client = login(union.branch_chair)
    assert client.get(reverse("org:person-edit", args=[union.outsider.employee_id])).status_code == 404
    handler_client = login(union.handler)
    assert handler_client.get(reverse("org:person-edit", args=[union.handler.employee_id])).status_code == 403


def test_membership_join_transfer_leave_are_kept_as_history(login, union):
    person = union.outsider.employee
    person.is_member = False
    person.save()
    client = login(union.staff)
    url = reverse("org:person-membership", args=[person.pk])

    client.post(url, {"action": "join", "occurred_on": "2024-03-01", "member_no": "HY-001"})
    client.post(url, {"action": "transfer", "occurred_on": "2024-06-01", "to_unit": union.shift1.pk})
    response = client.post(url, {"action": "leave", "occurred_on": "2024-09-01", "note": "调出公司"}, follow=True)

    assert "已办理退会" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_member and person.unit == union.shift1
    events = list(
        MembershipEvent.objects.filter(employee=person).order_by("occurred_on").values_list("kind", "occurred_on")
    )
    assert events == [("join", date(2024, 3, 1)), ("transfer", date(2024, 6, 1)), ("leave", date(2024, 9, 1))]
    transfer = MembershipEvent.objects.get(employee=person, kind="transfer")
    assert (transfer.from_unit, transfer.to_unit, transfer.recorded_by) == (union.fuel_dept, union.shift1, union.staff)


def test_transfer_within_the_same_branch_is_refused(login, union):
    client = login(union.staff)
    person = union.employee.employee
    response = client.post(
        reverse("org:person-membership", args=[person.pk]),
        {"action": "transfer", "occurred_on": "2024-06-01", "to_unit": union.shift2.pk},
        follow=True,
    )
    assert "转会须转入其他分工会" in response.content.decode()
    person.refresh_from_db()
    assert person.unit == union.shift1


def test_branch_chair_cannot_manage_membership_outside_the_branch(login, union):
    response = login(union.branch_chair).post(
        reverse("org:person-membership", args=[union.outsider.employee_id]),
        {"action": "leave", "occurred_on": "2024-01-01"},
    )
    assert response.status_code == 404
    assert Employee.objects.get(pk=union.outsider.employee_id).is_member


def test_unit_tree_shows_headcounts_including_subunits(login, union):
    response = login(union.employee).get(reverse("org:unit-tree"))
    units = {u.name: u for u in response.context["units"]}
    assert units["运行分工会"].total_people == 3
    assert units["测试发电有限公司工会"].total_people == 8
