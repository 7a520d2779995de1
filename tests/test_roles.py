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

    # The new chair logs in with the one-time password from a notice, sets one, and sees the branch.
    notices = login(union.staff).post(reverse("roster:account-notices", args=[union.boiler_team.pk])).context["notices"]
    client.logout()
    client.post("/accounts/login/", {"username": "N0100", "password": notices[0].password})
    client.post(reverse("accounts:password-change"), {"new_password1": "Shebei-2024!", "new_password2": "Shebei-2024!"})
    names = {e["name"] for e in client.get(reverse("org:person-list")).context["page"].object_list}
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


def test_password_reset_gives_a_one_time_password_shown_once(client, login, union):
    person = union.employee.employee
    page = login(union.branch_chair).post(reverse("org:person-password-reset", args=[person.pk]))
    password = page.context["notices"][0]["password"]
    assert password in page.content.decode() and "只在这一页显示一次" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # Nowhere else: not on the person's page, not in the audit log.
    from auditlog.models import LogEntry

    assert password not in client.get(reverse("org:person-detail", args=[person.pk])).content.decode()
    assert not any(password in str(e.changes) for e in LogEntry.objects.all())
    assert LogEntry.objects.filter(
        object_id=union.employee.pk, content_type__model="user", actor=union.branch_chair
    ).exists()
    client.logout()
    assert client.post("/accounts/login/", {"username": "H0006", "password": PASSWORD}).status_code == 200
    assert client.post("/accounts/login/", {"username": "H0006", "password": password}).status_code == 302
    assert client.get("/").url == reverse("accounts:password-change")


def test_a_full_id_number_is_shown_only_on_request_and_audited(client, login, union):
    from auditlog.models import LogEntry

    person = union.outsider.employee
    staff = login(union.staff)
    page = staff.get(reverse("org:person-detail", args=[person.pk])).content.decode()
    assert person.id_number not in page and person.masked_id_number in page and "显示完整号码" in page
    revealed = staff.post(reverse("org:person-reveal", args=[person.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert person.id_number in revealed
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_id=person.pk)
    assert access.actor == union.staff and access.additional_data["step"] == "查看完整身份证号"
    # Not for somebody who sees the person but does not manage them, nor outside one's scope.
    boiler_man = make_employee(union.boiler_team, "钱锅炉", "N0200")
    handler = login(union.handler)
    assert handler.get(reverse("org:person-detail", args=[boiler_man.pk])).status_code == 200
    assert handler.post(reverse("org:person-reveal", args=[boiler_man.pk])).status_code == 403
    assert handler.post(reverse("org:person-reveal", args=[person.pk])).status_code == 404
    # And never in the API.
    token = __import__("gonghui.accounts.models", fromlist=["ApiToken"]).ApiToken.issue(user=union.staff, name="t")[1]
    api = client.get(f"/api/v1/org/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert api["id_number"] == person.masked_id_number


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
