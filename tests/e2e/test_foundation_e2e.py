"""The foundation, as people use it: in Chromium, logged in as the real roles."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD, make_employee

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employee_on_a_phone_lands_on_the_service_hall(open_page, union):
    page = open_page("phone")
    log_in(page, "H0006", PASSWORD)
    expect(page.get_by_role("heading", name="吴职工，您好")).to_be_visible()
    expect(page.locator(".gh-tile", has_text="我的资料")).to_be_visible()
    screenshot(page, "service-hall-phone")
    # The tiles fit the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".gh-tile", has_text="我的资料").click()
    expect(page.get_by_role("heading", name="吴职工")).to_be_visible()
    assert page.console_errors == []


def test_first_login_on_a_phone_must_change_the_password(open_page, union):
    from gonghui.accounts.services import account_notices

    newcomer = make_employee(union.shift1, "郑新人", "N0001")
    password = next(
        n.password for n in account_notices(actor=union.staff, unit=union.shift1) if n.employee_no == "N0001"
    )
    page = open_page("phone")
    log_in(page, newcomer.phone, password)
    expect(page.get_by_text("首次登录")).to_be_visible()
    page.get_by_label("新密码", exact=True).fill("Hongqi-2024!")
    page.get_by_label("再次输入新密码").fill("Hongqi-2024!")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
    expect(page.get_by_role("heading", name="郑新人，您好")).to_be_visible()


def test_branch_chair_sees_only_the_branch_people(open_page, union):
    page = open_page("desk")
    log_in(page, "H0003", PASSWORD)
    page.get_by_role("link", name="职工名册").click()
    rows = page.locator("#people tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#people")).to_contain_text("吴职工")
    expect(page.locator("#people")).not_to_contain_text("孙外人")
    # Live search narrows the list without a page load.
    page.get_by_placeholder("姓名、工号或手机号（从头输入）").fill("陈")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("陈代表")
    screenshot(page, "people-branch-chair")
    assert page.console_errors == []


def test_staff_workbench_draws_the_branch_chart(open_page, union):
    page = open_page("desk")
    log_in(page, "H0002", PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.locator(".gh-chart canvas")).to_have_count(1)
    screenshot(page, "workbench-staff")
    assert page.console_errors == []
