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


def test_first_login_uses_id_number_tail_and_forces_a_new_password(client, union):
    newcomer = make_employee(union.shift1, "郑新人", "N0001")
    assert not User.objects.filter(employee=newcomer).exists()

    response = post_login(client, "N0001", newcomer.id_number[-6:])
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

    # The initial password no longer works once a real one is set.
    client.logout()
    assert post_login(client, "N0001", newcomer.id_number[-6:]).status_code == 200
    assert post_login(client, "N0001", "Hongqi-2024!").status_code == 302


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


def test_it_locks_out_after_repeated_failures_for_that_username_only(client, union, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "H0006", "wrong-password")
    response = post_login(client, "H0006", PASSWORD)
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    # A colleague behind the same NAT address is not locked out.
    assert post_login(client, "H0007", PASSWORD).status_code == 302


def test_logout_needs_post(client, login, union):
    login(union.employee)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
