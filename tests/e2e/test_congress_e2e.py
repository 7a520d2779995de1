"""The congress in Chromium: a proposal with two co-signers all the way into the handling report,
and a secret ballot whose tally appears only once it is closed."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.cases.models import Case
from gonghui.congress.models import Session
from tests.congress_helpers import make_term
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_appeals_e2e import act
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "关于改善运行值班室通风条件的提案"


def confirm(page) -> None:
    page.locator("#gh-confirm").get_by_role("button", name="确定").click()


def test_a_proposal_from_a_phone_into_the_report(open_page, union):
    make_term(union)
    proposer = open_page("phone")
    log_in(proposer, "H0005", PASSWORD)
    proposer.locator(".gh-tile", has_text="职代会提案").click()
    proposer.get_by_role("link", name="提交提案").click()
    proposer.get_by_label("类别").select_option(label="安全生产")
    proposer.get_by_label("提案标题").fill(TITLE)
    proposer.get_by_label("案由").fill("夏季运行值班室温度超过 32℃，通风不良。")
    proposer.get_by_label("建议措施").fill("加装新风系统，更换老旧空调。")
    proposer.get_by_label("建议承办部门").select_option(label="设备部")
    proposer.get_by_label("赵代表（运行一值）").check()
    proposer.get_by_label("钱代表（锅炉班）").check()
    screenshot(proposer, "proposal-form-phone")
    proposer.get_by_role("button", name="提交并请代表附议").click()
    expect(proposer.get_by_text("已请附议人确认")).to_be_visible()
    assert proposer.evaluate("document.documentElement.scrollWidth") <= 390
    case = Case.objects.get(kind="proposal")

    for number in ("H0101", "H0102"):
        cosigner = open_page("phone")
        log_in(cosigner, number, PASSWORD)
        cosigner.goto("/congress/proposals/mine/")
        cosigner.get_by_role("link", name="去确认").click()
        cosigner.get_by_role("button", name="我附议").click()
        expect(cosigner.get_by_text("已附议，感谢支持")).to_be_visible()
    screenshot(cosigner, "proposal-cosigned-phone")

    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto("/todo/")
    staff.get_by_role("link", name=case.number).click()
    expect(staff.get_by_text("2 / 至少 2 人")).to_be_visible()
    act(staff, "立案交办", "立案交办", 主办部门="设备部")
    expect(staff.get_by_text("现为“已交办”")).to_be_visible()

    handler = open_page("desk")
    log_in(handler, "H0004", PASSWORD)
    handler.goto("/todo/")
    handler.get_by_role("link", name=case.number).click()
    act(handler, "受理", "受理")
    act(handler, "答复", "答复", **{"答复内容（办理措施、结果、时间）": "已于 7 月加装新风系统两台，空调已更换。"})
    expect(handler.get_by_text("现为“已答复”")).to_be_visible()
    screenshot(handler, "proposal-answered-desk")

    proposer.goto(f"/cases/{case.pk}/")
    proposer.locator(".gh-rating").get_by_text("满意", exact=True).click()
    proposer.get_by_role("button", name="提交评价").click()
    expect(proposer.get_by_text("感谢您的评价")).to_be_visible()
    screenshot(proposer, "proposal-rated-phone")

    staff.goto(f"/cases/{case.pk}/")
    act(staff, "办结", "办结")
    confirm(staff)
    expect(staff.get_by_text("现为“已办结”")).to_be_visible()
    staff.goto("/congress/")
    staff.get_by_role("link", name="三届二次职代会").click()
    staff.get_by_role("link", name="提案处理情况报告").click()
    expect(staff.locator(".gh-report")).to_contain_text(TITLE)
    expect(staff.locator(".gh-report")).to_contain_text("已于 7 月加装新风系统两台")
    screenshot(staff, "proposal-report-desk")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="下载 Word").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    assert TITLE in text and "满意和基本满意率 100%" in text

    employee = open_page("phone")
    log_in(employee, "H0006", PASSWORD)
    employee.goto("/congress/proposals/public/")
    employee.get_by_role("link", name=TITLE).click()
    expect(employee.get_by_text("已于 7 月加装新风系统两台")).to_be_visible()
    for page in (proposer, staff, handler, employee):
        assert page.console_errors == []


def test_a_secret_ballot_shows_its_tally_only_after_closing(open_page, union):
    make_term(union)
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto("/ballots/new/")
    staff.get_by_label("标题").fill("三届二次职代会评估")
    staff.get_by_label("选项类型").select_option(label="满意度：满意 / 基本满意 / 不满意")
    staff.get_by_label("评议对象或表决事项").fill("会议筹备和组织\n提案征集和办理")
    staff.get_by_label("投票人", exact=False).first.select_option(label="全体职工代表")
    staff.get_by_role("button", name="发起").click()
    expect(staff.get_by_text("已发起投票，4 人已收到通知")).to_be_visible()
    ballot_url = staff.url

    def vote(number, choices):
        rep = open_page("phone")
        log_in(rep, number, PASSWORD)
        rep.goto("/ballots/")
        rep.get_by_role("link", name="三届二次职代会评估").click()
        for fieldset, choice in zip(rep.locator("fieldset").all(), choices, strict=True):
            fieldset.get_by_text(choice, exact=True).click()
        screenshot(rep, f"ballot-vote-{number}-phone")
        rep.get_by_role("button", name="提交投票").click()
        expect(rep.get_by_text("投票提交后不能修改，也无法撤回")).to_be_visible()
        confirm(rep)
        expect(rep.get_by_text("投票成功")).to_be_visible()
        expect(rep.get_by_text("投票结果（")).to_have_count(0)
        assert rep.evaluate("document.documentElement.scrollWidth") <= 390

    vote("H0005", ("满意", "满意"))
    vote("H0101", ("满意", "不满意"))
    staff.goto(ballot_url)
    expect(staff.get_by_text("应投 4 人，已投 2 人")).to_be_visible()
    expect(staff.get_by_text("投票结果（")).to_have_count(0)
    # Two of four: closing now would let the organiser narrow down who chose what.
    staff.get_by_role("button", name="结束投票").click()
    confirm(staff)
    expect(staff.get_by_text("已投 2 人，未超过应投 4 人的半数")).to_be_visible()
    vote("H0102", ("基本满意", "满意"))
    staff.goto(ballot_url)
    staff.get_by_role("button", name="结束投票").click()
    confirm(staff)
    expect(staff.get_by_text("投票结果（应投 4 人，实投 3 人，参与率 75%）")).to_be_visible()
    rows = staff.locator("table tbody tr")
    expect(rows.nth(0)).to_contain_text("会议筹备和组织")
    assert rows.nth(0).locator("td").all_inner_texts() == ["会议筹备和组织", "2", "1", "0", "3", "100.0%"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["提案征集和办理", "2", "0", "1", "3", "66.7%"]
    expect(staff.locator(".gh-chart canvas, .gh-chart svg").first).to_be_visible()
    screenshot(staff, "ballot-results-desk")
    assert staff.console_errors == []


def test_the_office_takes_a_sessions_attendance_and_it_reaches_the_representatives_record(open_page, union):
    term = make_term(union)
    Session.objects.filter(pk=term.session.pk).update(held_on=timezone.localdate())  # held today
    term.session.refresh_from_db()
    staff = open_page("desk")
    log_in(staff, "H0002", PASSWORD)
    staff.goto(f"/congress/sessions/{term.session.pk}/")
    staff.get_by_role("group", name="陈代表出席情况").get_by_text("出席").click()
    staff.get_by_role("group", name="赵代表出席情况").get_by_text("请假").click()
    staff.get_by_role("group", name="钱代表出席情况").get_by_text("缺席").click()
    staff.get_by_role("button", name="保存出席登记").click()
    expect(staff.get_by_text("已登记 3 名代表的出席情况")).to_be_visible()
    expect(staff.locator(".col-md-3 .card", has_text="请假").locator(".fs-4")).to_have_text("1")
    expect(staff.locator(".col-md-3 .card", has_text="未登记").locator(".fs-4")).to_have_text("1")
    expect(staff.get_by_role("link", name="签到二维码")).to_be_visible()
    screenshot(staff, "session-attendance-desk")

    rep = open_page("phone")
    log_in(rep, "H0005", PASSWORD)
    rep.goto(f"/events/mine/?year={term.session.held_on.year}")
    expect(rep.locator(".col-md-3 .card", has_text="会议与巡察").locator(".fs-4")).to_have_text("4.0 小时")
    expect(rep.get_by_role("link", name="三届二次职代会").first).to_be_visible()
    assert rep.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(rep, "session-attendance-phone")
    for page in (staff, rep):
        assert page.console_errors == []
