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


def test_new_hires_add_by_default_and_a_full_import_asks_before_anyone_leaves(open_page, union, tmp_path):
    from datetime import date

    from gonghui.org.idcard import make_id_number
    from tests.roster_files import roster_row

    hires = [
        roster_row(
            **{
                "工号": f"N40{i}",
                "姓名": f"新员工{i}",
                "性别": "男",
                "身份证号": make_id_number("370102", date(1996, 4, 1 + i), 40 + i, "M"),
                "手机号": f"1361234560{i}",
                "部门": "运行部",
                "班组": "运行一值",
            }
        )
        for i in range(5)
    ]
    path = tmp_path / "新入职.xlsx"
    path.write_bytes(roster_xlsx(hires))
    page = open_page("desk")
    log_in(page, "H0002", PASSWORD)

    # The obvious path: the five new people on the template, uploaded as it comes.
    page.goto("/org/roster/import/")
    expect(page.get_by_label("增量（新增和更新文件中的人员）")).to_be_checked()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_text("导入完成")).to_be_visible()
    expect(page.get_by_text("不会有人被记为离职")).to_be_visible()
    assert Employee.objects.filter(status="active").count() == 13

    # The same file as a full roster: everybody else would leave, and it says so in red first.
    page.goto("/org/roster/import/")
    page.get_by_label("全量（文件外的在职人员记为离职）").check()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    warning = page.locator(".alert-danger")
    expect(warning).to_contain_text("全量导入将把 8 名在职职工记为离职")
    screenshot(page, "roster-import-full-confirm")
    assert Employee.objects.filter(status="active").count() == 13
    # That was not meant: nothing has been written, and the office starts again.
    page.get_by_role("link", name="放弃，重新上传").click()
    assert Employee.objects.filter(status="active").count() == 13

    # The real full roster: everybody but 孙外人, who has left. One leaves, after a tick and the dialog.
    full = tmp_path / "全量花名册.xlsx"
    full.write_bytes(roster_xlsx(roster_of(union, skip=("H0007",))))  # the five are on the roster now
    page.get_by_label("全量（文件外的在职人员记为离职）").check()
    page.get_by_label("花名册文件（.xlsx）").set_input_files(str(full))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator(".alert-danger")).to_contain_text("全量导入将把 1 名在职职工记为离职")
    expect(page.get_by_text("孙外人（H0007）")).to_be_visible()
    # The browser will not send the confirmation without the tick.
    page.get_by_role("button", name="确认全量导入").click()
    expect(page.locator("#gh-confirm")).to_be_hidden()
    page.get_by_label("我已核对名单，确认文件外的这些在职人员离职").check()
    page.get_by_role("button", name="确认全量导入").click()
    page.locator("#gh-confirm").get_by_role("button", name="确定").click()
    expect(page.get_by_text("导入完成")).to_be_visible()
    assert Employee.objects.get(employee_no="H0007").status == "left"
    assert Employee.objects.filter(status="active").count() == 12
    assert page.console_errors == []
