"""An approval ballot in Chromium: the union office opens a "pick 2 of 4" for a whole department
without a list, employees pick on their phones, and the ranks appear once the deadline passes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.ballots.models import Ballot
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_congress_e2e import confirm
from tests.factories import PASSWORD, make_employee, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOMINEES = ["王磊（运行一值）", "王磊（运行二值）", "李娜", "赵强"]


def test_an_approval_ballot_for_a_department(open_page, union):
    voters = [make_user(make_employee(union.shift1, f"评选人{n}", f"H02{n:02d}")) for n in range(3)]
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto("/ballots/new/")
    staff.get_by_label("标题").fill("2026 年度运行部先进个人评选")
    staff.get_by_label("投票方式").select_option(label="限额选举（最多选 K 项）")
    staff.get_by_label("每人最多可选").fill("2")
    staff.get_by_label("评议对象或表决事项").fill("\n".join(NOMINEES))
    staff.get_by_label("投票人", exact=False).first.select_option(
        label="所选单位的全体在职职工（不逐人通知，职工在“投票”里看到）"
    )
    staff.get_by_label("单位", exact=False).last.select_option(label="运行部")
    staff.get_by_role("button", name="发起").click()
    expect(staff.get_by_text("已发起投票，运行部的在职职工登录后即可投票。")).to_be_visible()
    ballot_url = staff.url

    for voter, picks in zip(voters, [(0, 2), (0, 3), (1, 2)], strict=True):
        phone = open_page("phone")
        log_in(phone, voter.username, PASSWORD)
        phone.goto("/ballots/")
        phone.get_by_role("link", name="2026 年度运行部先进个人评选").click()
        boxes = phone.locator(".gh-approvals input[type=checkbox]")
        for n in picks:
            boxes.nth(n).check()
        # Two ticked: the other two wait, and the count says why.
        expect(phone.get_by_text("已选 2 / 2 项")).to_be_visible()
        expect(phone.locator(".gh-approvals input:disabled")).to_have_count(2)
        if voter == voters[0]:
            screenshot(phone, "ballot-approval-phone")
        phone.get_by_role("button", name="提交投票").click()
        confirm(phone)
        expect(phone.get_by_text("投票成功")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.console_errors == []
        if voter == voters[0]:
            # One vote of the whole department: closing now would show that one person's picks.
            staff.goto(ballot_url)
            staff.get_by_role("button", name="结束投票").click()
            confirm(staff)
            expect(staff.get_by_text("未超过应投")).to_be_visible()

    Ballot.objects.filter(pk=int(ballot_url.rstrip("/").split("/")[-1])).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    staff.goto(ballot_url)
    rows = staff.locator("table tbody tr")
    expect(rows).to_have_count(4)
    assert [rows.nth(n).locator("td").all_inner_texts() for n in range(4)] == [
        ["1", "王磊（运行一值）", "2"],
        ["1", "李娜", "2"],
        ["3", "王磊（运行二值）", "1"],
        ["3", "赵强", "1"],
    ]
    screenshot(staff, "ballot-approval-results-desk")
    assert staff.console_errors == []
