"""Search in Chromium: a representative on a phone is shown last year's similar proposal while
writing a title; staff find the canteen across the union's records; a branch chair finds
nothing of another branch."""

import re
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


def _merged_on_the_desk(open_page, union):
    """Two similar proposals; the union office merges the second into the first on the desk."""
    from tests.e2e.test_congress_e2e import confirm
    from tests.test_merge import _submitted

    term = make_term(union)
    lead = _submitted(term, term.proposer, "关于职工食堂增设夜班热饭窗口的提案", [term.cosigner1, term.cosigner2])
    other = _submitted(term, term.cosigner3, "关于解决夜班职工食堂吃饭难的提案", [term.cosigner1, term.cosigner2])
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto(f"/cases/{lead.pk}/")
    merge = staff.locator("form.card", has=staff.locator(".card-header", has_text="相似提案（可并案）"))
    merge.get_by_label(re.compile(other.number)).check()
    screenshot(staff, "proposal-merge-desk")
    merge.get_by_role("button", name="并入本提案办理").click()
    confirm(staff)
    expect(staff.get_by_text(f"已并案：{other.number} 并入 {lead.number}")).to_be_visible()
    expect(staff.get_by_test_id("merged")).to_contain_text(other.number)
    return staff, lead, other


def test_the_committee_merges_similar_proposals_and_each_proposer_rates(open_page, union):
    from tests.e2e.test_appeals_e2e import act

    staff, lead, other = _merged_on_the_desk(open_page, union)
    act(staff, "立案交办", "立案交办", 主办部门="设备部")

    handler = open_page("desk")
    log_in(handler, "H0004", PASSWORD)
    handler.goto(f"/cases/{lead.pk}/")
    act(handler, "受理", "受理")
    act(handler, "答复", "答复", **{"答复内容（办理措施、结果、时间）": "食堂已于 12 月开设夜班热饭窗口。"})
    expect(handler.get_by_text("现为“已答复”")).to_be_visible()

    proposer = open_page("phone")
    log_in(proposer, "H0103", PASSWORD)
    proposer.goto(f"/cases/{other.pk}/")
    expect(proposer.get_by_test_id("merged-into")).to_contain_text(lead.number)
    expect(proposer.locator(".card.border-success")).to_contain_text("食堂已于 12 月开设夜班热饭窗口。")
    proposer.locator(".gh-rating").get_by_text("满意", exact=True).click()
    proposer.get_by_role("button", name="提交评价").click()
    expect(proposer.get_by_text("感谢您的评价")).to_be_visible()
    screenshot(proposer, "proposal-merged-rated-phone")
    assert proposer.evaluate("document.documentElement.scrollWidth") <= 390
    other.refresh_from_db()
    lead.refresh_from_db()
    assert other.rating == "satisfied" and lead.rating == ""


def test_the_committee_undoes_a_mistaken_merge(open_page, union):
    from tests.e2e.test_congress_e2e import confirm

    staff, lead, other = _merged_on_the_desk(open_page, union)
    merged = staff.get_by_test_id("merged")
    expect(merged).to_contain_text(other.number)
    merged.get_by_role("button", name="撤销并案").click()
    confirm(staff)
    expect(staff.get_by_text(f"已撤销并案：{other.number} 单独办理")).to_be_visible()
    expect(staff.get_by_test_id("merged")).to_have_count(0)
    screenshot(staff, "proposal-unmerged-desk")
    other.refresh_from_db()
    assert other.merged_into is None
    assert staff.console_errors == []
