"""Logging in: employee number or phone, first-login password change, lockout after failures."""

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from tests.factories import PASSWORD, make_employee

LOGIN = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_logs_in_with_employee_number(client, union):
    response = post_login(client, "H0006", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").context["user"] == union.employee


def test_it_logs_in_with_phone(client, union):
    response = post_login(client, union.employee.employee.phone, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_it_rejects_a_wrong_password_in_chinese(client, union):
    response = post_login(client, "H0006", "wrong-password")
    assert response.status_code == 200
    assert "工号/手机号或密码不正确" in response.content.decode()


def _notice_for(client, staff, unit, employee_no):
    """The union office prints 开通通知 for a unit; the password on this person's slip."""
    client.force_login(staff, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    page = client.post(reverse("roster:account-notices", args=[unit.pk]), {"format": "print"})
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    client.logout()
    return next(n.password for n in page.context["notices"] if n.employee_no == employee_no)


def test_first_login_takes_the_one_time_password_and_forces_a_new_one(client, union):
    newcomer = make_employee(union.shift1, "郑新人", "N0001")
    # The old way in (the ID number's tail, which colleagues see half of) is closed.
    assert post_login(client, "N0001", newcomer.id_number[-6:]).status_code == 200

    password = _notice_for(client, union.staff, union.run_dept, "N0001")
    assert len(password) == 11 and password[5] == "-"
    assert newcomer.id_number[-6:] not in password
    # Typed on a phone: small letters, no dash.
    response = post_login(client, "N0001", password.replace("-", "").lower())
    assert response.status_code == 302
    user = User.objects.get(employee=newcomer)
    assert user.must_change_password

    # Every page sends them to the password form until they set one.
    assert client.get("/org/units/").url == reverse("accounts:password-change")
    response = client.post(reverse("accounts:password-change"), {"new_password1": "123", "new_password2": "123"})
    assert "密码" in response.content.decode() and response.status_code == 200
    response = client.post(
        reverse("accounts:password-change"), {"new_password1": "Hongqi-2024!", "new_password2": "Hongqi-2024!"}
    )
    assert response.status_code == 302
    assert client.get("/org/units/").status_code == 200

    # The one-time password no longer works once a real one is set, and the next notice skips them.
    client.logout()
    assert post_login(client, "N0001", password).status_code == 200
    assert post_login(client, "N0001", "Hongqi-2024!").status_code == 302
    client.logout()
    client.force_login(union.staff, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    again = client.post(reverse("roster:account-notices", args=[union.run_dept.pk]), {"format": "print"})
    assert "N0001" not in {n.employee_no for n in again.context["notices"]}


def test_a_one_time_password_expires_and_a_new_notice_voids_the_old(client, union, settings):
    from datetime import timedelta

    from django.utils import timezone

    newcomer = make_employee(union.shift1, "郑新人", "N0001")
    first = _notice_for(client, union.staff, union.shift1, "N0001")
    second = _notice_for(client, union.staff, union.shift1, "N0001")
    assert first != second
    assert post_login(client, "N0001", first).status_code == 200
    User.objects.filter(employee=newcomer).update(initial_password_expires_at=timezone.now() - timedelta(minutes=1))
    response = post_login(client, "N0001", second)
    assert response.status_code == 200 and "初始密码已过期" in response.content.decode()


def test_notices_come_as_a_workbook_and_only_for_ones_own_branch(client, union):
    import io

    from openpyxl import load_workbook

    make_employee(union.shift1, "郑新人", "N0001")
    client.force_login(union.branch_chair, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    response = client.post(reverse("roster:account-notices", args=[union.run_branch.pk]), {"format": "xlsx"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    newcomer = next(r for r in rows if r[1] == "N0001")
    assert newcomer[:3] == ["运行一值", "N0001", "郑新人"] and len(newcomer[3]) == 11
    # Those with their own password (every fixture person) are not on it.
    assert "H0006" not in {r[1] for r in rows}
    assert client.post(reverse("roster:account-notices", args=[union.equip_dept.pk])).status_code == 403
    client.force_login(union.employee, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    assert client.post(reverse("roster:account-notices", args=[union.shift1.pk])).status_code == 403


def test_someone_who_left_cannot_log_in(client, union):
    employee = union.outsider.employee
    employee.status = "left"
    employee.save()
    assert post_login(client, "H0007", PASSWORD).status_code == 200


@pytest.mark.parametrize("path", ["/", "/org/people/", "/audit/"])
def test_anonymous_visitors_are_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_guessing_across_number_phone_and_addresses_is_locked_out(client, union, settings):
    """31 guesses at 吴职工's password, switching between her number and phone and between three
    addresses, and she is locked (per account); a colleague at the same address is not."""
    phone = union.employee.employee.phone
    addresses = ["10.1.0.5", "10.1.0.6", "10.1.0.7"]
    answers = []
    for guess in range(31):
        username = "H0006" if guess % 2 else phone
        answers.append(
            client.post(
                LOGIN,
                {"username": username, "password": f"12345{guess}"},
                REMOTE_ADDR=addresses[guess % 3],
            ).status_code
        )
    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    assert answers[:limit] == [200] * limit and set(answers[limit:]) == {429}
    # Now even her real password is refused, from any address, by either name.
    for username, address in (("H0006", "10.9.9.9"), (phone, addresses[0])):
        response = client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)
        assert response.status_code == 429 and "账号已暂时锁定" in response.content.decode()
    # A colleague behind the same NAT address is not locked out.
    assert client.post(LOGIN, {"username": "H0007", "password": PASSWORD}, REMOTE_ADDR=addresses[0]).status_code == 302


def test_one_address_trying_everybody_is_locked_out(client, union, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    people = ["H0001", "H0002", "H0003", "H0004", "H0005", "H0007"]
    for number in people:
        assert (
            client.post(LOGIN, {"username": number, "password": "Password1"}, REMOTE_ADDR="10.2.0.9").status_code == 200
        )
    response = client.post(LOGIN, {"username": "H0008", "password": PASSWORD}, REMOTE_ADDR="10.2.0.9")
    assert response.status_code == 429
    assert client.post(LOGIN, {"username": "H0008", "password": PASSWORD}, REMOTE_ADDR="10.2.0.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, union, settings):
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.accounts.models import LoginThrottle

    for _ in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
        post_login(client, "H0006", "wrong-password")
    assert post_login(client, "H0006", PASSWORD).status_code == 429
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert post_login(client, "H0006", PASSWORD).status_code == 302


def test_logout_needs_post(client, login, union):
    login(union.employee)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
