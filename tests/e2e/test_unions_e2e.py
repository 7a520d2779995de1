"""Two unions on one deployment, in Chromium: a worker of the second raises an appeal on a phone;
its own office sees and assigns it, the first union's office never sees it, and the second
union's chair finds none of the first union's appeals, people or roster template units."""

import pytest
from playwright.sync_api import expect

from gonghui.cases.services import case_open
from gonghui.org.models import Role, UnitKind
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD, make_employee, make_root, make_unit, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_each_union_works_its_own_appeals(open_page, union):
    root = make_root("第二热电有限公司工会", "HQ2")
    dept = make_unit(
        make_unit(root, "生产分工会", UnitKind.BRANCH, "B2-PROD"), "生产部", UnitKind.DEPARTMENT, "D2-PROD"
    )
    make_user(make_employee(dept, "钱主席", "E2-0001"), (Role.CHAIR, root))
    make_user(make_employee(dept, "周职工", "E2-0002"))
    case_open(kind="appeal", requester=union.employee, title="夜班补贴未发放", body="……", category="wages")

    phone = open_page("phone")
    log_in(phone, "E2-0002", PASSWORD)
    phone.locator(".gh-tile", has_text="我要反映").click()
    phone.get_by_label("类别").select_option(label="福利待遇")
    phone.get_by_label("标题").fill("食堂晚班没有热菜")
    phone.get_by_label("详细情况").fill("夜班十点以后食堂只剩凉菜，希望保留一个热菜窗口。")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_text("已提交，编号 SQ-")).to_be_visible()

    theirs = open_page("desk")
    log_in(theirs, "E2-0001", PASSWORD)
    theirs.goto("/appeals/")
    expect(theirs.get_by_role("link", name="食堂晚班没有热菜")).to_be_visible()
    expect(theirs.get_by_text("夜班补贴未发放")).to_have_count(0)
    screenshot(theirs, "second-union-appeals-desk")
    theirs.goto("/org/people/")
    expect(theirs.get_by_text("周职工")).to_be_visible()
    expect(theirs.get_by_text("吴职工")).to_have_count(0)
    theirs.goto("/org/units/")
    expect(theirs.get_by_text("生产分工会")).to_be_visible()
    expect(theirs.get_by_text("运行分工会")).to_have_count(0)

    ours = open_page("desk")
    log_in(ours, "H0002", PASSWORD)
    ours.goto("/appeals/")
    expect(ours.get_by_role("link", name="夜班补贴未发放")).to_be_visible()
    expect(ours.get_by_text("食堂晚班没有热菜")).to_have_count(0)
    assert not theirs.console_errors and not phone.console_errors and not ours.console_errors
