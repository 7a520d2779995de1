"""On a phone: a full activity's waiting list, a cancellation that promotes the waiter, QR
check-in, and the coverage figure moving on the union office's desk."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.events.models import Registration
from tests.e2e.conftest import log_in, screenshot
from tests.events_helpers import make_activity
from tests.factories import PASSWORD, make_employee, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def confirm(page) -> None:
    page.locator("#gh-confirm").get_by_role("button", name="确定").click()


def test_waiting_list_promotion_qr_checkin_and_coverage(open_page, union):
    make_user(make_employee(union.shift1, "郑候补", "H0601"))
    event = make_activity(union, capacity=1, starts_in=timedelta(minutes=30))
    # The event's own year: half an hour from now may be next year, late on 31 December.
    coverage = f"/events/coverage/?year={timezone.localtime(event.starts_at).year}"

    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto(coverage)
    expect(staff.locator(".card", has_text="已覆盖 / 在职")).to_contain_text("0 /")

    first = open_page("phone")
    log_in(first, "H0006", PASSWORD)
    first.goto("/events/")
    first.get_by_role("link", name="周末羽毛球友谊赛").click()
    first.get_by_role("button", name="我要报名").click()
    expect(first.get_by_text("报名成功")).to_be_visible()

    waiter = open_page("phone")
    log_in(waiter, "H0601", PASSWORD)
    waiter.goto("/events/")
    expect(waiter.get_by_text("已满，可候补")).to_be_visible()
    waiter.get_by_role("link", name="周末羽毛球友谊赛").click()
    waiter.get_by_role("button", name="名额已满，加入候补").click()
    expect(waiter.get_by_text("候补名单第 1 位")).to_be_visible()
    screenshot(waiter, "event-waiting-phone")
    assert waiter.evaluate("document.documentElement.scrollWidth") <= 390

    first.get_by_role("button", name="取消报名").click()
    confirm(first)
    expect(first.get_by_text("已取消报名")).to_be_visible()

    waiter.reload()
    expect(waiter.get_by_text("您已报名")).to_be_visible()
    expect(waiter.get_by_role("link", name="消息，1 条未读")).to_be_visible()

    staff.goto(f"/events/{event.pk}/qr/")
    expect(staff.locator(".gh-qr svg")).to_be_visible()
    screenshot(staff, "event-qr-desk")
    checkin_url = staff.locator("p.text-break").inner_text()
    assert event.checkin_token in checkin_url

    waiter.goto(checkin_url)
    waiter.get_by_role("button", name="确认签到").click()
    expect(waiter.get_by_text("签到成功，计 2.0 小时")).to_be_visible()
    screenshot(waiter, "event-checked-in-phone")
    assert Registration.objects.get(event=event, user__username="H0601").attended

    staff.goto(coverage)
    expect(staff.locator(".card", has_text="已覆盖 / 在职")).to_contain_text("1 /")
    expect(staff.locator("table", has_text="覆盖率").first).to_contain_text("运行分工会")
    screenshot(staff, "coverage-desk")
    for page in (staff, first, waiter):
        assert page.console_errors == []


def test_the_organiser_shares_places_out_and_a_branch_waits_on_its_own_list(open_page, union):
    event = make_activity(union, capacity=None, title="迎新春观影")
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto(f"/events/{event.pk}/")
    card = staff.locator(".card", has_text="名额分配")
    expect(card).to_contain_text("名额不分单位")
    card.get_by_label("单位").select_option(label="运行分工会")
    card.get_by_label("名额").fill("1")
    card.get_by_role("button", name="保存").click()
    expect(staff.get_by_text("运行分工会：1 个名额。")).to_be_visible()

    first = open_page("phone")
    log_in(first, "H0006", PASSWORD)
    first.goto(f"/events/{event.pk}/")
    first.get_by_role("button", name="我要报名").click()
    expect(first.get_by_text("报名成功")).to_be_visible()
    make_user(make_employee(union.shift2, "郑观影", "H0602"))
    second = open_page("phone")
    log_in(second, "H0602", PASSWORD)
    second.goto(f"/events/{event.pk}/")
    second.get_by_role("button", name="我要报名").click()
    expect(second.get_by_text("候补名单第 1 位")).to_be_visible()

    staff.reload()
    expect(staff.locator(".card", has_text="名额分配")).to_contain_text("已用 1 / 1 · 候补 1")
    card = staff.locator(".card", has_text="名额分配")
    card.get_by_label("单位").select_option(label="运行分工会")
    card.get_by_label("名额").fill("2")
    card.get_by_role("button", name="保存").click()
    expect(staff.locator(".card", has_text="名额分配")).to_contain_text("已用 2 / 2")
    screenshot(staff, "event-quotas-desk")
    second.reload()
    expect(second.get_by_text("您已报名")).to_be_visible()
    for page in (staff, first, second):
        assert page.console_errors == []


def test_a_branch_chair_signs_a_colleague_up_who_finds_it_on_the_phone(open_page, union):
    event = make_activity(union, capacity=5, title="运行分会登山")
    chair = open_page("desk")
    log_in(chair, "H0003", PASSWORD)
    chair.goto(f"/events/{event.pk}/")
    chair.get_by_text("替他人报名").click()
    chair.get_by_label("职工工号").fill("H0006")
    chair.get_by_role("button", name="为他报名").click()
    expect(chair.get_by_text("已为吴职工报名：已报名。本人会收到通知。")).to_be_visible()
    screenshot(chair, "event-nominate-desk")

    colleague = open_page("phone")
    log_in(colleague, "H0006", PASSWORD)
    colleague.get_by_role("link", name="消息，1 条未读").click()
    colleague.get_by_role("button", name="张分会为您报名了：运行分会登山").click()
    expect(colleague.get_by_text("您已报名")).to_be_visible()
    assert colleague.evaluate("document.documentElement.scrollWidth") <= 390
    for page in (chair, colleague):
        assert page.console_errors == []
