"""A team's bonus distribution in Chromium: published by the branch, seen by the team and not by
the next team, questioned from a phone, answered, and the answer shown under the disclosure."""

import pytest
from playwright.sync_api import expect

from gonghui.cases.models import Case
from tests.disclosure_helpers import make_catalogue
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_appeals_e2e import act
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_team_bonus_seen_by_its_team_questioned_and_answered(open_page, union):
    catalogue = make_catalogue(union, publish=False)
    chair = open_page("desk")
    log_in(chair, "H0003", PASSWORD)
    chair.goto("/disclosure/board/")
    chair.get_by_role("link", name=catalogue.published.title).click()
    chair.get_by_label("公开内容").fill("本月奖金按考核得分和岗位系数分配，明细如下。")
    chair.get_by_label("表格").fill("姓名\t考核得分\t奖金（元）\n吴职工\t96\t2300\n赵某\t92\t2100")
    chair.get_by_role("button", name="公开").click()
    expect(chair.get_by_text("已向运行一值公开")).to_be_visible()

    employee = open_page("phone")
    log_in(employee, "H0006", PASSWORD)
    employee.locator(".gh-tile", has_text="厂务公开").click()
    employee.get_by_role("link", name=catalogue.published.title).click()
    expect(employee.locator("table")).to_contain_text("2300")
    employee.get_by_label("您的问题").fill("夜班是否计入考核得分？")
    employee.get_by_label("具体说明").fill("本月上了 8 个夜班，得分和白班同事一样。")
    employee.get_by_label("匿名提出").check()
    screenshot(employee, "disclosure-question-phone")
    employee.get_by_role("button", name="提出询问").click()
    expect(employee.get_by_text("已提交，编号 GK-")).to_be_visible()
    assert employee.evaluate("document.documentElement.scrollWidth") <= 390
    case = Case.objects.get(kind="disclosure_question")

    other_team = open_page("phone")
    log_in(other_team, "H0005", PASSWORD)  # 运行二值
    other_team.goto("/disclosure/")
    expect(other_team.get_by_text("目前没有向您公开的内容")).to_be_visible()
    response = other_team.goto(f"/disclosure/{catalogue.published.pk}/")
    assert response.status == 404

    chair.goto("/todo/")
    chair.get_by_role("link", name=case.number).click()
    expect(chair.get_by_text("匿名职工").first).to_be_visible()
    act(chair, "答复", "答复", 答复内容="夜班按 1.1 倍计入出勤得分，详见运行部考核办法第五条。")
    chair.get_by_role("button", name="在公开栏展示答复").click()
    expect(chair.get_by_text("答复已在公开栏展示").first).to_be_visible()
    screenshot(chair, "disclosure-answered-desk")

    employee.goto(f"/disclosure/{catalogue.published.pk}/")
    expect(employee.get_by_text("答：夜班按 1.1 倍计入出勤得分")).to_be_visible()
    employee.get_by_role("link", name="夜班是否计入考核得分？").click()
    employee.locator(".gh-rating").get_by_text("满意", exact=True).click()
    employee.get_by_role("button", name="提交评价").click()
    expect(employee.get_by_text("感谢您的评价")).to_be_visible()
    screenshot(employee, "disclosure-rated-phone")
    case.refresh_from_db()
    assert case.state == "closed"
    for page in (chair, employee, other_team):
        assert page.console_errors == [] or all("404" in e for e in page.console_errors)
