"""Granting and revoking roles over a subtree; resetting a forgotten password; leaving the company."""

from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.org.models import RoleAssignment
from tests.factories import PASSWORD, make_employee


def test_union_office_grants_a_branch_chair_who_then_sees_the_branch(client, login, union):
    newcomer = make_employee(union.boiler_team, "冯主席", "N0100")
    response = login(union.staff).post(
        reverse("org:role-grant"),
        {"employee_no": "N0100", "role": "branch_chair", "unit": union.equip_branch.pk},
        follow=True,
    )
    assert "已授予 冯主席 分工会主席（设备分工会）" in response.content.decode()
    user = User.objects.get(employee=newcomer)
    assert user.role_assignments.get().unit == union.equip_branch

    # The new chair logs in with the initial password, sets one, and sees the branch.
    client.logout()
    client.post("/accounts/login/", {"username": "N0100", "password": newcomer.id_number[-6:]})
    client.post(reverse("accounts:password-change"), {"new_password1": "Shebei-2024!", "new_password2": "Shebei-2024!"})
    names = {e.name for e in client.get(reverse("org:person-list")).context["page"].object_list}
    assert names == {"刘承办", "孙外人", "冯主席"}


def test_a_role_must_sit_on_the_right_kind_of_unit(login, union):
    response = login(union.staff).post(
        reverse("org:role-grant"),
        {"employee_no": "H0006", "role": "branch_chair", "unit": union.run_dept.pk},
        follow=True,
    )
    assert "分工会主席只能授予在分工会上" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=union.employee).exists()


def test_unknown_employee_number_is_reported(login, union):
    response = login(union.staff).post(
        reverse("org:role-grant"), {"employee_no": "X9999", "role": "handler", "unit": union.run_dept.pk}, follow=True
    )
    assert "找不到工号为 X9999 的职工" in response.content.decode()


def test_revoking_takes_the_scope_away(client, login, union):
    assignment = union.branch_chair.role_assignments.get()
    login(union.chair).post(reverse("org:role-revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert login(union.branch_chair).get(reverse("org:person-list")).status_code == 403


def test_branch_chair_cannot_grant_roles(login, union):
    response = login(union.branch_chair).post(
        reverse("org:role-grant"), {"employee_no": "H0006", "role": "handler", "unit": union.run_dept.pk}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=union.employee).exists()


def test_password_reset_returns_to_the_initial_password(client, login, union):
    person = union.employee.employee
    login(union.branch_chair).post(reverse("org:person-password-reset", args=[person.pk]))
    client.logout()
    assert client.post("/accounts/login/", {"username": "H0006", "password": PASSWORD}).status_code == 200
    assert client.post("/accounts/login/", {"username": "H0006", "password": person.id_number[-6:]}).status_code == 302
    assert client.get("/").url == reverse("accounts:password-change")


def test_leaving_the_company_closes_login_roles_and_membership(client, login, union):
    person = union.branch_chair.employee
    response = login(union.staff).post(
        reverse("org:person-edit", args=[person.pk]),
        {
            "name": person.name,
            "gender": person.gender,
            "phone": person.phone,
            "unit": person.unit_id,
            "status": "left",
            "left_on": "2024-12-31",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_member
    assert person.membership_events.get().kind == "leave"
    union.branch_chair.refresh_from_db()
    assert not union.branch_chair.is_active
    assert not union.branch_chair.role_assignments.exists()
    client.logout()
    assert client.post("/accounts/login/", {"username": person.employee_no, "password": PASSWORD}).status_code == 200
