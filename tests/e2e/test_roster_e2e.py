"""Importing the roster in the browser: a bad row is shown by row and column, and nothing is written."""

import pytest
from playwright.sync_api import expect

from gonghui.org.models import Employee
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD
from tests.roster_files import roster_of, roster_xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_import_with_one_bad_row_shows_its_error_and_writes_nothing(open_page, union, tmp_path):
    rows = roster_of(union)
    rows[3]["手机号"] = "1380000"  # row 5 in Excel
    rows[5]["岗位"] = "新岗位"  # a valid change that must not be written either
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster_xlsx(rows))
    before = list(Employee.objects.values_list("employee_no", "phone", "position").order_by("employee_no"))

    page = open_page("desk")
    log_in(page, "H0002", PASSWORD)
    page.locator("#gh-sidebar").get_by_role("link", name="花名册导入").click()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()

    expect(page.get_by_text("共 1 处错误，未写入任何数据")).to_be_visible()
    error_row = page.locator(".gh-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("第 5 行")
    expect(error_row).to_contain_text("E 列（手机号）")
    expect(error_row).to_contain_text("“1380000”不是有效的11位手机号")
    screenshot(page, "roster-import-error")
    assert list(Employee.objects.values_list("employee_no", "phone", "position").order_by("employee_no")) == before

    # Fixed and uploaded again, it goes through.
    rows[3]["手机号"] = "13800001111"
    path.write_bytes(roster_xlsx(rows))
    page.locator("#gh-sidebar").get_by_role("link", name="花名册导入").click()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_text("导入完成")).to_be_visible()
    screenshot(page, "roster-import-done")
    assert Employee.objects.filter(phone="13800001111").exists()
    assert page.console_errors == []
