"""An appeal travels from an employee's phone through the union office and a department and back."""

import pytest
from playwright.sync_api import expect

from gonghui.cases.models import Case
from tests.e2e.conftest import ARTIFACTS, log_in, screenshot
from tests.factories import PASSWORD, image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit_on_phone(page, tmp_path, *, anonymous: bool) -> None:
    photo = tmp_path / "现场.png"
    photo.write_bytes(image_bytes("PNG"))
    page.locator(".gh-tile", has_text="我要反映").click()
    page.get_by_label("类别").select_option(label="安全生产")
    page.get_by_label("标题").fill("锅炉房通道照明损坏")
    page.get_by_label("详细情况").fill("3 号锅炉零米层通道照明坏了一周，夜班巡检看不清。")
    page.get_by_label("照片或文件").set_input_files(str(photo))
    if anonymous:
        page.get_by_label("匿名提交").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已提交，编号 SQ-")).to_be_visible()


def act(page, card_title: str, button: str, **fields) -> None:
    card = page.locator("form.card", has=page.locator(".card-header", has_text=card_title))
    for label, value in fields.items():
        control = card.get_by_label(label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    card.get_by_role("button", name=button).click()


def test_employee_staff_handler_and_the_rating(open_page, union, tmp_path):
    phone = open_page("phone")
    log_in(phone, "H0006", PASSWORD)
    submit_on_phone(phone, tmp_path, anonymous=False)
    screenshot(phone, "appeal-submitted-phone")
    case = Case.objects.get()

    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto("/todo/")
    staff.get_by_role("link", name=case.number).click()
    act(staff, "转办", "转办", 主办部门="设备部")
    expect(staff.get_by_text("现为“已转办”")).to_be_visible()

    handler = open_page("desk")
    log_in(handler, "H0004", PASSWORD)
    handler.goto("/todo/")
    handler.get_by_role("link", name=case.number).click()
    act(handler, "受理", "受理")
    act(handler, "答复", "答复", 答复内容="已安排电气班今日更换灯具，并增加应急照明。")
    expect(handler.get_by_text("现为“已答复”")).to_be_visible()
    screenshot(handler, "appeal-answered-desk")

    phone.goto("/")
    phone.get_by_text("件事项待处理").click()
    phone.get_by_role("link", name=case.number).click()
    expect(phone.locator(".card.border-success")).to_contain_text("已安排电气班今日更换灯具")
    phone.locator(".gh-rating").get_by_text("满意", exact=True).click()
    expect(phone.get_by_label("满意", exact=True)).to_be_checked()
    phone.locator(".gh-rating").screenshot(path=str(ARTIFACTS / "appeal-rating-phone.png"))
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_text("感谢您的评价")).to_be_visible()
    screenshot(phone, "appeal-rated-phone")
    case.refresh_from_db()
    assert (case.state, case.rating) == ("closed", "satisfied")
    for page in (phone, staff, handler):
        assert page.console_errors == []


def test_an_anonymous_appeal_hides_the_person_from_the_handler(open_page, union, tmp_path):
    phone = open_page("phone")
    log_in(phone, "H0006", PASSWORD)
    submit_on_phone(phone, tmp_path, anonymous=True)
    case = Case.objects.get()

    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto(f"/cases/{case.pk}/")
    expect(staff.get_by_text("提出人：匿名职工")).to_be_visible()
    act(staff, "转办", "转办", 主办部门="设备部")

    handler = open_page("desk")
    log_in(handler, "H0004", PASSWORD)
    for path in (f"/cases/{case.pk}/", "/appeals/", "/todo/", "/inbox/", f"/api/v1/cases/{case.pk}"):
        handler.goto(path)
        content = handler.content()
        assert "吴职工" not in content and "H0006" not in content, path
    handler.goto(f"/cases/{case.pk}/")
    expect(handler.get_by_text("提出人：匿名职工")).to_be_visible()
    screenshot(handler, "appeal-anonymous-handler")
