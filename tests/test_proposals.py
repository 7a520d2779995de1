"""Proposals to the workers' congress: co-signing, review, assignment, replies, rating, the public
page and the handling report — through the pages, as the people who use them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.congress.models import Cosigner, Proposal, Session
from gonghui.notify.models import Notification
from gonghui.org.models import Role
from tests.congress_helpers import make_term, submit_proposal
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(union):
    return make_term(union)


def _act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload, follow=True)


def test_a_proposal_from_submission_to_closing(client, login, union, term):
    fuel_handler = make_user(make_employee(union.fuel_dept, "燃料承办", "H0201"), (Role.HANDLER, union.fuel_dept))

    login(term.proposer)
    page = client.get(reverse("congress:proposal-new"))
    assert "三届二次职代会" in page.content.decode()
    reps = {r.user_id: r.pk for r in term.congress.representatives.all()}
    response = client.post(
        reverse("congress:proposal-new"),
        {
            "category": "safety",
            "title": "关于改善运行值班室通风条件的提案",
            "reasons": "夏季值班室温度超过 32℃。",
            "measures": "加装新风系统。",
            "suggested_unit": union.equip_dept.pk,
            "cosigners": [reps[term.cosigner1.pk], reps[term.cosigner2.pk]],
        },
        follow=True,
    )
    case = Case.objects.get(kind="proposal")
    assert case.state == "cosigning" and case.number.startswith("TA-")
    assert "已请附议人确认" in response.content.decode()
    assert Notification.objects.filter(recipient=term.cosigner1, title__contains=case.number).exists()
    assert not Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()

    # Each co-signer confirms on the proposal's page; the second makes it enough.
    login(term.cosigner1)
    assert "我附议" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    case.refresh_from_db()
    assert case.state == "cosigning"
    login(term.cosigner2)
    client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    case.refresh_from_db()
    assert case.state == "submitted"
    assert Notification.objects.filter(recipient=union.staff, title__contains=case.number).exists()

    # The committee registers it: 设备部 leads, 燃料部 helps.
    login(union.staff)
    assert case.number in client.get(reverse("todo")).content.decode()
    due = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    _act(client, case, "register", lead_unit=union.equip_dept.pk, co_units=[union.fuel_dept.pk], due_at=due)
    case.refresh_from_db()
    assert case.state == "assigned" and case.lead_unit == union.equip_dept
    assert Proposal.objects.get(pk=case.pk).disposition == "registered"

    # 燃料部 adds its part; 设备部 answers.
    login(fuel_handler)
    assert case.number in client.get(reverse("todo")).content.decode()
    client.post(reverse("cases:co-reply", args=[case.pk]), {"text": "燃料部配合检修风道。"})
    assert case.number not in client.get(reverse("todo")).content.decode()
    login(union.handler)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "燃料部配合检修风道。" in page
    _act(client, case, "answer", text="已于 7 月加装新风系统两台。")
    case.refresh_from_db()
    assert case.state == "answered"

    # Not satisfied sends it back once; the second answer is rated and the union closes it.
    login(term.proposer)
    case.refresh_from_db()
    client.post(
        reverse("cases:rate", args=[case.pk]),
        {"rating": "unsatisfied", "reason": "空调未更换", "version": case.version},
    )
    case.refresh_from_db()
    assert case.state == "processing" and case.reopen_count == 1
    login(union.handler)
    _act(client, case, "answer", text="空调已于 8 月更换。")
    login(term.proposer)
    case.refresh_from_db()
    client.post(reverse("cases:rate", args=[case.pk]), {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert case.state == "rated" and case.closed_at is None
    login(union.staff)
    assert case.number in client.get(reverse("todo")).content.decode()
    _act(client, case, "close")
    case.refresh_from_db()
    assert case.state == "closed" and case.closed_at is not None

    # Everybody may follow it.
    login(union.outsider)
    public = client.get(reverse("congress:proposal-public")).content.decode()
    assert "关于改善运行值班室通风条件的提案" in public
    detail = client.get(reverse("congress:proposal-public-detail", args=[case.pk])).content.decode()
    assert "空调已于 8 月更换。" in detail and "赵代表" in detail


def test_too_few_cosigners_and_strangers_are_refused(client, login, union, term):
    login(term.proposer)
    reps = {r.user_id: r.pk for r in term.congress.representatives.all()}
    response = client.post(
        reverse("congress:proposal-new"),
        {
            "category": "safety",
            "title": "一个人的提案",
            "reasons": "……",
            "measures": "……",
            "cosigners": [reps[term.cosigner1.pk]],
        },
    )
    assert "至少 2 名代表附议，目前只有 1 名" in response.content.decode()
    assert not Case.objects.filter(kind="proposal").exists()

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="吴职工 不是"):
        submit_proposal(term, cosigners=[term.cosigner1, union.employee])


def test_only_representatives_submit_and_only_in_the_window(client, login, union, term):
    login(union.employee)
    assert client.get(reverse("congress:proposal-new")).status_code == 403
    term.session.proposals_close = timezone.localdate() - timedelta(days=1)
    term.session.save()
    login(term.proposer)
    assert "现在不在提案征集期内" in client.get(reverse("congress:proposal-new")).content.decode()


def test_a_declined_cosigner_is_replaced(client, login, union, term):
    case = submit_proposal(term)
    login(term.cosigner1)
    client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "0"})
    assert Notification.objects.filter(recipient=term.proposer, title__contains="不附议").exists()
    response = client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"}, follow=True)
    assert "您已不附议，不能再次确认" in response.content.decode()

    login(term.proposer)
    rep3 = term.congress.representatives.get(user=term.cosigner3)
    client.post(reverse("congress:add-cosigners", args=[case.pk]), {"cosigners": [rep3.pk]})
    for user in (term.cosigner2, term.cosigner3):
        login(user)
        client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    case.refresh_from_db()
    assert case.state == "submitted"
    assert list(Cosigner.objects.filter(proposal_id=case.pk, state="confirmed").values_list("user", flat=True)) == [
        term.cosigner2.pk,
        term.cosigner3.pk,
    ]


def test_not_registered_becomes_a_suggestion_with_its_reason(client, login, union, term):
    case = submit_proposal(term)
    for user in (term.cosigner1, term.cosigner2):
        login(user)
        client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    login(union.staff)
    response = _act(client, case, "convert", lead_unit=union.equip_dept.pk)
    assert "请填写不立案理由" in response.content.decode()
    _act(client, case, "convert", lead_unit=union.equip_dept.pk, text="属日常管理事项，转设备部作为意见建议办理")
    proposal = Proposal.objects.get(pk=case.pk)
    assert proposal.disposition == "suggestion"
    assert proposal.disposition_reason == "属日常管理事项，转设备部作为意见建议办理"

    from auditlog.models import LogEntry

    entry = LogEntry.objects.filter(object_pk=str(case.pk), additional_data__step="不立案，转意见建议").get()
    assert entry.actor == union.staff


def test_who_sees_a_proposal(client, login, union, term):
    case = submit_proposal(term)
    hidden = submit_proposal(term, confidential=True, title="关于某职工个人待遇的提案")
    for c in (case, hidden):
        for user in (term.cosigner1, term.cosigner2):
            login(user)
            client.post(reverse("congress:cosign", args=[c.pk]), {"agree": "1"})
    # Co-signers and the union see the case page; another representative and employees do not.
    for user, code in (
        (term.cosigner1, 200),
        (union.staff, 200),
        (term.cosigner3, 404),
        (union.employee, 404),
        (union.handler, 404),
    ):
        login(user)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == code, user
    login(union.employee)
    public = client.get(reverse("congress:proposal-public")).content.decode()
    assert case.title in public and hidden.title not in public
    assert client.get(reverse("congress:proposal-public-detail", args=[hidden.pk])).status_code == 404
    # Still collecting co-signers: not public yet.
    draft = submit_proposal(term, title="尚在征集附议的提案")
    assert client.get(reverse("congress:proposal-public-detail", args=[draft.pk])).status_code == 404


def _closed_proposal(client, login, union, term, **kwargs):
    case = submit_proposal(term, **kwargs)
    for user in (term.cosigner1, term.cosigner2):
        login(user)
        client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    login(union.staff)
    _act(client, case, "register", lead_unit=union.equip_dept.pk)
    login(union.handler)
    _act(client, case, "answer", text="已加装新风系统两台。")
    login(term.proposer)
    case.refresh_from_db()
    client.post(reverse("cases:rate", args=[case.pk]), {"rating": "satisfied", "version": case.version})
    return case


def test_the_handling_report_as_word_and_pdf(client, login, union, term):
    from docx import Document
    from pypdf import PdfReader

    case = _closed_proposal(client, login, union, term)
    login(union.staff)
    page = client.get(reverse("congress:report", args=[term.session.pk])).content.decode()
    assert "关于三届二次职代会提案处理情况的报告" in page
    assert "共收到职工代表提案 1 件，经审查立案 1 件" in page

    response = client.get(reverse("congress:report-docx", args=[term.session.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert case.title in text and "已加装新风系统两台。" in text and "满意和基本满意率 100%" in text
    tables = Document(io.BytesIO(response.content)).tables
    assert [c.text for c in tables[1].rows[1].cells] == ["设备部", "1", "1", "1"]

    response = client.get(reverse("congress:report-pdf", args=[term.session.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert case.number in pdf_text and "提案处理情况的报告" in pdf_text.replace("\n", "")


def test_the_report_is_a4_with_co_units_deadlines_and_dates(client, login, union, term):
    from docx import Document
    from pypdf import PdfReader

    from gonghui.cases.services import case_unit_reply

    case = submit_proposal(term)
    for user in (term.cosigner1, term.cosigner2):
        login(user)
        client.post(reverse("congress:cosign", args=[case.pk]), {"agree": "1"})
    login(union.staff)
    _act(client, case, "register", lead_unit=union.equip_dept.pk, co_units=[union.run_dept.pk])
    case.refresh_from_db()
    case_unit_reply(actor=union.branch_chair, case=case, text="运行部配合调整值班室布局。")
    login(union.handler)
    _act(client, case, "answer", text="已加装新风系统两台。")
    login(union.staff)
    due = f"{timezone.localtime(case.due_at):%Y-%m-%d}"
    page = client.get(reverse("congress:report", args=[term.session.pk])).content.decode()
    assert f"办理期限 {due}" in page and "运行部（期限" in page and "运行部配合调整值班室布局。" in page
    assert f"{timezone.localdate():%Y-%m-%d} 答复" in page

    word = Document(io.BytesIO(client.get(reverse("congress:report-docx", args=[term.session.pk])).content))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "协办部门：运行部" in text and "运行部配合调整值班室布局。" in text and f"办理期限 {due}" in text

    pdf = PdfReader(io.BytesIO(client.get(reverse("congress:report-pdf", args=[term.session.pk])).content))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert "运行部配合调整值班室布局" in "".join(p.extract_text() for p in pdf.pages).replace("\n", "")


def test_report_is_for_the_union_and_leaders(client, login, union, term):
    for user, code in ((union.employee, 403), (term.proposer, 403), (union.leader, 200), (union.chair, 200)):
        login(user)
        assert client.get(reverse("congress:report-docx", args=[term.session.pk])).status_code == code


def test_attendance_and_representatives(client, login, union, term):
    login(union.staff)
    reps = {r.user_id: r.pk for r in term.congress.representatives.all()}
    # Before the day only leave is taken; presence from the day of the session.
    response = client.post(
        reverse("congress:attendance", args=[term.session.pk]),
        {f"rep-{reps[term.proposer.pk]}": "present"},
        follow=True,
    )
    assert "尚未开始：当天起才能登记出席或缺席" in response.content.decode() and term.session.event is None
    Session.objects.filter(pk=term.session.pk).update(held_on=timezone.localdate())
    term.session.refresh_from_db()
    client.post(
        reverse("congress:attendance", args=[term.session.pk]),
        {f"rep-{reps[term.proposer.pk]}": "present", f"rep-{reps[term.cosigner1.pk]}": "leave"},
    )
    page = client.get(reverse("congress:session", args=[term.session.pk])).content.decode()
    term.session.refresh_from_db()
    attended = term.session.event.registrations.get(user=term.proposer)
    assert attended.mark == "present" and attended.hours == term.session.event.hours
    assert term.session.event.registrations.get(user=term.cosigner1).mark == "leave"
    assert "请假" in page
    # Present at a session counts in the representative's own record.
    login(term.proposer)
    record = client.get(reverse("events:mine"), {"year": term.session.held_on.year}).content.decode()
    assert term.session.title in record and "会议与巡察" in record
    login(union.staff)

    newcomer = make_user(make_employee(union.fuel_dept, "褚新代表", "H0301"))
    response = client.post(
        reverse("congress:representative-new"),
        {"employee_no": "H0301", "delegation": term.equip.pk, "kind": "technical", "elected_on": "2026-03-01"},
        follow=True,
    )
    assert "已登记职工代表：褚新代表" in response.content.decode()
    assert newcomer.role_assignments.filter(role=Role.REPRESENTATIVE).exists()
    rep = term.congress.representatives.get(user=newcomer)
    client.post(reverse("congress:representative-end", args=[rep.pk]))
    rep.refresh_from_db()
    assert not rep.is_active and not newcomer.role_assignments.filter(role=Role.REPRESENTATIVE).exists()

    login(union.employee)
    assert client.post(reverse("congress:attendance", args=[term.session.pk]), {}).status_code == 403


def test_proposal_lists_cost_the_same_whatever_their_size(client, login, union, term, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for i in range(2):
        _closed_proposal(client, login, union, term, title=f"提案{i}")
    login(union.staff)
    small = {url: count(url) for url in (reverse("congress:proposal-list"), reverse("congress:proposal-public"))}
    for i in range(6):
        _closed_proposal(client, login, union, term, title=f"更多提案{i}")
    login(union.staff)
    large = {url: count(url) for url in small}
    assert large == small


def test_the_union_office_sets_up_a_term(client, login, union):
    from gonghui.congress.models import Congress

    login(union.staff)
    assert "登记本届职代会" in client.get(reverse("congress:index")).content.decode()
    response = client.post(
        reverse("congress:congress-new"),
        {"number": 4, "title": "第四届职工代表大会", "term_start": "2027-03-01", "term_end": "2027-02-01"},
    )
    assert "任期结束须晚于任期开始" in response.content.decode()
    client.post(
        reverse("congress:congress-new"),
        {"number": 4, "title": "第四届职工代表大会", "term_start": "2026-03-01", "term_end": "2031-02-28"},
    )
    congress = Congress.objects.get()
    client.post(reverse("congress:delegation-new"), {"name": "运行代表团", "unit": union.run_branch.pk})
    response = client.post(reverse("congress:delegation-new"), {"name": "运行代表团", "unit": union.run_branch.pk})
    assert "本届已有同名代表团" in response.content.decode()
    response = client.post(
        reverse("congress:session-new"),
        {
            "number": 1,
            "title": "四届一次职代会",
            "held_on": "2026-12-20",
            "place": "综合楼",
            "proposals_open": "2026-11-01",
            "proposals_close": "2026-12-10",
            "min_cosigners": 3,
        },
        follow=True,
    )
    assert "已保存：四届一次职代会" in response.content.decode()
    assert congress.delegations.get().unit == union.run_branch
    assert congress.sessions.get().min_cosigners == 3
    login(union.employee)
    assert client.get(reverse("congress:congress-new")).status_code == 403
