"""A sign-up that needs approval, in Chromium: an employee applies on a phone with the kind's own
data, a newcomer is told why they may not, the branch chair and then the union office approve
at their desks, and the employee has a place of their branch's share."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.events.models import Quota, Registration
from gonghui.events.services import event_create
from gonghui.org.models import Employee
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD, make_employee, make_user
from tests.test_event_kernel import trip_kind  # noqa: F401  the synthetic kind, registered for the test

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_trip_applied_for_on_a_phone_and_approved_at_two_desks(open_page, union, trip_kind):  # noqa: F811
    Employee.objects.filter(pk=union.employee.employee_id).update(hire_date=date(2008, 3, 1))
    make_user(make_employee(union.shift1, "新同事", "H0701", hire_date=timezone.localdate() - timedelta(days=30)))
    start = timezone.now() + timedelta(days=20)
    event = event_create(
        actor=union.staff,
        kind="test_trip",
        title="2026 年职工疗休养（第一批）",
        organiser=union.root,
        starts_at=start,
        ends_at=start + timedelta(days=3),
    )
    Quota.objects.create(event=event, unit=union.run_branch, places=1)

    newcomer = open_page("phone")
    log_in(newcomer, "H0701", PASSWORD)
    newcomer.goto(f"/events/{event.pk}/")
    expect(newcomer.get_by_text("工龄满 5 年的职工才能报名疗休养")).to_be_visible()
    expect(newcomer.get_by_role("button", name="提交报名（需审批）")).to_have_count(0)

    employee = open_page("phone")
    log_in(employee, "H0006", PASSWORD)
    employee.goto(f"/events/{event.pk}/")
    employee.get_by_label("紧急联系人电话").fill("13912345678")
    employee.get_by_label("愿意与同事合住").check()
    screenshot(employee, "event-apply-phone")
    employee.get_by_role("button", name="提交报名（需审批）").click()
    expect(employee.get_by_text("已提交报名，审批通过后会通知您")).to_be_visible()
    expect(employee.get_by_text("报名审批中（共 2 级，已通过 0 级）")).to_be_visible()
    assert employee.evaluate("document.documentElement.scrollWidth") <= 390

    for number in ("H0003", "H0002"):  # 运行分工会's chair, then the union office
        desk = open_page("desk")
        log_in(desk, number, PASSWORD)
        desk.goto(f"/events/{event.pk}/")
        card = desk.locator(".card", has_text="待我审批的报名（1）")
        expect(card).to_contain_text("13912345678")
        if number == "H0003":
            screenshot(desk, "event-approve-desk")
        card.get_by_role("button", name="同意", exact=True).click()
        expect(desk.get_by_text("已同意吴职工的报名。")).to_be_visible()
        expect(desk.get_by_text("待我审批的报名")).to_have_count(0)
        assert desk.console_errors == []

    employee.reload()
    expect(employee.get_by_text("您已报名")).to_be_visible()
    registration = Registration.objects.get(event=event, user=union.employee)
    assert registration.quota.unit == union.run_branch and registration.data["share_room"] is True
    assert employee.console_errors == []
