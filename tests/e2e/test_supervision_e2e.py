"""A patrol finding in Chromium: recorded and assigned by the union office, answered by the
department, judged done, and shown done on the patrol's page."""

import pytest
from playwright.sync_api import expect

from gonghui.cases.models import Case
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_appeals_e2e import act
from tests.factories import PASSWORD
from tests.supervision_helpers import make_oversight

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_patrol_finding_is_put_right(open_page, union):
    make_oversight(union)
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto("/supervision/")
    staff.get_by_role("link", name="夏季防暑降温落实情况巡察").click()
    form = staff.locator("form", has_text="登记发现的问题")
    form.get_by_label("事项").fill("锅炉房饮水点无冰镇饮品")
    form.get_by_label("交办部门").select_option(label="设备部")
    form.get_by_label("具体内容和要求").fill("夏季高温时段锅炉零米饮水点只有热水。")
    form.get_by_role("button", name="登记").click()
    expect(staff.get_by_text("已交办设备部")).to_be_visible()
    case = Case.objects.get(kind="followup")

    handler = open_page("desk")
    log_in(handler, "H0004", PASSWORD)
    handler.goto("/todo/")
    handler.get_by_role("link", name=case.number).click()
    expect(handler.get_by_text("来源：代表巡察发现")).to_be_visible()
    act(handler, "反馈落实情况", "反馈落实情况", 落实情况="已配备冰柜和绿豆汤，每日 10 点补充。")
    expect(handler.get_by_text("现为“已反馈”")).to_be_visible()

    staff.goto(f"/cases/{case.pk}/")
    staff.locator(".gh-rating").get_by_text("满意", exact=True).click()
    staff.get_by_role("button", name="提交评价").click()
    expect(staff.get_by_text("感谢您的评价")).to_be_visible()
    staff.get_by_role("link", name="夏季防暑降温落实情况巡察").click()
    row = staff.locator("tr", has_text="锅炉房饮水点无冰镇饮品")
    expect(row).to_contain_text("已落实")
    screenshot(staff, "patrol-done-desk")

    rep = open_page("phone")
    log_in(rep, "H0005", PASSWORD)
    rep.goto("/supervision/patrols/?mine=1")
    rep.get_by_role("link", name="夏季防暑降温落实情况巡察").click()
    expect(rep.locator("tr", has_text="锅炉房饮水点无冰镇饮品")).to_contain_text("已落实")
    assert rep.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(rep, "patrol-phone")
    for page in (staff, handler, rep):
        assert page.console_errors == []
