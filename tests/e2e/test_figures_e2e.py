"""The company leader's first page in Chromium: the figures of the union, a trend by month and
by branch, on a desk and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.cases_helpers import make_appeal
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_year_and_its_trend(open_page, union):
    for n in range(3):
        make_appeal(union, title=f"诉求{n}")
    leader = open_page("desk")
    log_in(leader, "H0008", PASSWORD)
    expect(leader.get_by_role("heading", name="数据看板")).to_be_visible()
    card = leader.locator(".gh-stat", has_text="诉求受理")
    expect(card.locator(".gh-stat__value")).to_contain_text("3")
    card.get_by_role("link", name="看趋势").click()
    expect(leader.get_by_text("诉求受理 · 按月")).to_be_visible()
    expect(leader.locator("#trend .gh-chart canvas, #trend .gh-chart svg").first).to_be_visible()
    expect(leader.get_by_text("诉求受理 · 按分工会")).to_be_visible()
    leader.get_by_label("范围").select_option(label="运行分工会")
    leader.get_by_role("button", name="查看").click()
    expect(leader.get_by_text("测试发电有限公司工会 · 运行分工会")).to_be_visible()
    screenshot(leader, "figures-board-desk")
    assert leader.console_errors == []

    phone = open_page("phone")
    log_in(phone, "H0008", PASSWORD)
    expect(phone.get_by_role("heading", name="数据看板")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "figures-board-phone")
    assert phone.console_errors == []
