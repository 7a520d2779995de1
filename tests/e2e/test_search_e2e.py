"""Search in Chromium: a representative on a phone is shown last year's similar proposal while
writing a title; staff find the canteen across the union's records; a branch chair finds
nothing of another branch."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.cases.models import Case
from gonghui.cases.services import case_open
from gonghui.congress.services import proposal_cosign
from tests.cases_helpers import make_appeal
from tests.congress_helpers import make_term, submit_proposal
from tests.disclosure_helpers import make_catalogue
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAST_YEAR = "关于职工食堂增设夜班热饭窗口的提案"


def _last_years_proposal(union):
    term = make_term(union)
    proposal = submit_proposal(term, title=LAST_YEAR)
    for cosigner in (term.cosigner1, term.cosigner2):
        proposal_cosign(actor=cosigner, case=proposal, agree=True)
    Case.objects.filter(pk=proposal.pk).update(requester=term.cosigner3)
    return proposal


def test_a_representative_sees_last_years_similar_proposal(open_page, union):
    proposal = _last_years_proposal(union)
    proposal.created_at = timezone.now() - timedelta(days=365)
    proposal.save()
    page = open_page("phone")
    log_in(page, "H0005", PASSWORD)
    page.goto("/congress/proposals/new/")
    page.get_by_label("提案标题").press_sequentially("食堂夜班吃饭难", delay=30)
    similar = page.get_by_test_id("similar")
    expect(similar).to_contain_text(LAST_YEAR)
    screenshot(page, "search-similar-proposal-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.context.expect_page() as opened:
        similar.get_by_role("link", name=LAST_YEAR).click()
    detail = opened.value
    detail.wait_for_load_state()
    expect(detail.get_by_role("heading", name=LAST_YEAR)).to_be_visible()
    # The draft is still there to finish.
    expect(page.get_by_label("提案标题")).to_have_value("食堂夜班吃饭难")


def test_staff_search_the_canteen_and_a_branch_chair_finds_nothing_elsewhere(open_page, union):
    _last_years_proposal(union)
    make_appeal(union, title="食堂饭菜分量不足")
    catalogue = make_catalogue(union)
    catalogue.published.body = "本月食堂补贴随奖金一并发放。"
    catalogue.published.save()
    case_open(kind="appeal", requester=union.outsider, title="输煤栈桥粉尘超标", body="……", category="safety")

    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    box = staff.get_by_role("searchbox", name="全站搜索")
    box.fill("食堂")
    box.press("Enter")
    expect(staff.get_by_text("找到 3 条")).to_be_visible()
    for kind in ("proposal", "appeal", "disclosure"):
        expect(staff.locator(f'.gh-hit[data-kind="{kind}"]')).to_have_count(1)
    expect(staff.locator(".gh-hit mark").first).to_have_text("食堂")
    screenshot(staff, "search-results-desk")
    staff.locator('a[data-kind="appeal"]').click()
    expect(staff.locator(".gh-hit")).to_have_count(1)
    staff.get_by_role("link", name="食堂饭菜分量不足").click()
    expect(staff.get_by_role("heading", name="食堂饭菜分量不足")).to_be_visible()

    chair = open_page("phone")
    log_in(chair, "H0003", PASSWORD)
    chair.get_by_role("link", name="搜索").click()
    chair.get_by_label("关键词").fill("粉尘")
    chair.get_by_role("button", name="搜索").click()
    expect(chair.get_by_text("没有找到与“粉尘”相关的内容")).to_be_visible()
    screenshot(chair, "search-nothing-phone")
    assert chair.console_errors == []
    assert staff.console_errors == []
