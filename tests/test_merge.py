"""并案: the proposals committee merges similar proposals; the merged ones are handled and
answered with the lead, and each proposer rates the answer for themselves."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from gonghui.cases.models import Case
from gonghui.congress.services import proposal_cosign, proposal_submit
from gonghui.notify.models import Notification
from tests.congress_helpers import make_term, submit_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(union):
    return make_term(union)


def _submitted(term, proposer, title, cosigners):
    case = proposal_submit(
        actor=proposer,
        session=term.session,
        title=title,
        category="welfare",
        reasons="夜班职工下班后食堂没有热饭。",
        measures="增设夜班热饭窗口。",
        cosigners=cosigners,
    )
    for cosigner in cosigners:
        proposal_cosign(actor=cosigner, case=case, agree=True)
    case.refresh_from_db()
    assert case.state == "submitted"
    return case


@pytest.fixture
def pair(term):
    lead = _submitted(term, term.proposer, "关于职工食堂增设夜班热饭窗口的提案", [term.cosigner1, term.cosigner2])
    other = _submitted(term, term.cosigner3, "关于解决夜班职工食堂吃饭难的提案", [term.cosigner1, term.cosigner2])
    return lead, other


def _act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload, follow=True)


def _merge(client, lead, *others):
    return client.post(reverse("cases:merge", args=[lead.pk]), {"cases": [o.pk for o in others]}, follow=True)


def test_merged_proposals_share_the_answer_and_each_proposer_rates(client, login, union, term, pair):
    lead, other = pair
    login(union.staff)
    page = client.get(reverse("cases:detail", args=[lead.pk])).content.decode()
    assert "相似提案（可并案）" in page and other.number in page
    response = _merge(client, lead, other)
    assert f"已并案：{other.number} 并入 {lead.number}" in response.content.decode()
    other.refresh_from_db()
    assert other.merged_into == lead and other.state == "submitted"
    assert Notification.objects.filter(recipient=term.cosigner3, title__contains=f"已并入 {lead.number}").exists()
    assert any(
        "merged_into" in str(e.changes) for e in LogEntry.objects.filter(object_pk=str(other.pk), actor=union.staff)
    )
    # The merged one is handled as the lead: no steps of its own, even by hand.
    page = client.get(reverse("cases:detail", args=[other.pk])).content.decode()
    assert f'已并入 <a href="{reverse("cases:detail", args=[lead.pk])}">{lead.number}' in page
    assert "立案交办" not in page
    response = _act(client, other, "register", lead_unit=union.equip_dept.pk)
    assert "已并案，请在主办提案" in response.content.decode()
    assert other.number in client.get(reverse("cases:detail", args=[lead.pk])).content.decode()

    _act(client, lead, "register", lead_unit=union.equip_dept.pk)
    other.refresh_from_db()
    assert other.state == "assigned" and other.lead_unit == union.equip_dept
    # 设备部 handles one proposal, not two.
    login(union.handler)
    todo = client.get(reverse("todo")).content.decode()
    assert lead.number in todo and other.number not in todo
    _act(client, lead, "accept")
    _act(client, lead, "answer", text="已于 12 月开设夜班热饭窗口。")
    other.refresh_from_db()
    assert other.state == "answered" and other.answer == "已于 12 月开设夜班热饭窗口。"
    assert Notification.objects.filter(
        recipient=term.cosigner3, title__contains=f"{other.number} 已答复，请评价"
    ).exists()

    # Each proposer rates their own.
    login(term.cosigner3)
    page = client.get(reverse("cases:detail", args=[other.pk])).content.decode()
    assert "已于 12 月开设夜班热饭窗口。" in page and "评价答复" in page
    client.post(reverse("cases:rate", args=[other.pk]), {"rating": "basically", "version": other.version})
    login(term.proposer)
    lead.refresh_from_db()
    client.post(reverse("cases:rate", args=[lead.pk]), {"rating": "satisfied", "version": lead.version})
    lead.refresh_from_db()
    other.refresh_from_db()
    assert (lead.rating, lead.state) == ("satisfied", "rated")
    assert (other.rating, other.state) == ("basically", "rated")

    # Closing the lead closes the merged one.
    login(union.staff)
    _act(client, lead, "close")
    other.refresh_from_db()
    assert other.state == "closed" and other.closed_at is not None


def test_unhappy_with_a_merged_answer_is_handled_again_on_its_own(client, login, union, term, pair):
    lead, other = pair
    login(union.staff)
    _merge(client, lead, other)
    _act(client, lead, "register", lead_unit=union.equip_dept.pk)
    login(union.handler)
    _act(client, lead, "accept")
    _act(client, lead, "answer", text="已研究，明年解决。")
    login(term.cosigner3)
    other.refresh_from_db()
    client.post(
        reverse("cases:rate", args=[other.pk]), {"rating": "unsatisfied", "reason": "太慢", "version": other.version}
    )
    other.refresh_from_db()
    lead.refresh_from_db()
    assert other.merged_into is None and other.state == "processing"
    assert lead.state == "answered"  # the lead's proposer has not rated yet
    assert other.units.filter(active=True, unit=union.equip_dept).exists()
    login(union.handler)
    assert other.number in client.get(reverse("todo")).content.decode()


def test_who_may_merge_and_what(client, login, union, term, pair):
    lead, other = pair
    for user in (union.handler, term.proposer, union.branch_chair):
        login(user)
        _merge(client, lead, other)
        other.refresh_from_db()
        assert other.merged_into is None, user
    login(union.staff)
    # Not into itself, not one still collecting co-signers, not one already answered.
    assert "请选择要并入的提案" in _merge(client, lead, lead).content.decode()
    collecting = submit_proposal(term, title="关于食堂夜班热饭的提案")
    assert "不符合提案并案的条件" in _merge(client, lead, collecting).content.decode()
    _merge(client, lead, other)
    third = _submitted(term, term.cosigner1, "关于食堂夜班供餐的提案", [term.cosigner2, term.cosigner3])
    # A merged proposal cannot take others in; the lead cannot be merged away.
    assert "已答复、已办结或已并入其他事项" in _merge(client, other, third).content.decode()
    assert "已有其他提案并入它" in _merge(client, third, lead).content.decode()
    assert Case.objects.filter(merged_into=lead).count() == 1


def test_a_mistaken_merge_is_undone_while_the_lead_is_unanswered(client, login, union, term, pair):
    lead, other = pair
    login(union.staff)
    _merge(client, lead, other)
    _act(client, lead, "register", lead_unit=union.equip_dept.pk)
    # Only the committee undoes it; the handler, the proposer and a branch chair cannot.
    for user in (union.handler, term.cosigner3, union.branch_chair):
        login(user)
        client.post(reverse("cases:unmerge", args=[other.pk]))
        other.refresh_from_db()
        assert other.merged_into == lead, user
    login(union.staff)
    page = client.get(reverse("cases:detail", args=[lead.pk])).content.decode()
    assert reverse("cases:unmerge", args=[other.pk]) in page
    response = client.post(reverse("cases:unmerge", args=[other.pk]), follow=True)
    assert f"已撤销并案：{other.number} 单独办理" in response.content.decode()
    other.refresh_from_db()
    # On its own from where the lead is: 设备部 handles it, by the lead's deadline.
    assert other.merged_into is None and other.state == "assigned"
    assert other.units.filter(active=True, unit=union.equip_dept, is_lead=True).exists()
    assert Notification.objects.filter(recipient=term.cosigner3, title__contains="已撤销并案").exists()
    assert any(
        "merged_into" in str(e.changes) for e in LogEntry.objects.filter(object_pk=str(other.pk), actor=union.staff)
    )
    login(union.handler)
    assert other.number in client.get(reverse("todo")).content.decode()

    # After the lead's answer a merge stands: an unsatisfied rating takes a proposal out instead.
    login(union.staff)
    _merge(client, lead, other)
    other.refresh_from_db()
    assert other.merged_into == lead
    login(union.handler)
    _act(client, lead, "accept")
    _act(client, lead, "answer", text="已于 12 月开设夜班热饭窗口。")
    login(union.staff)
    response = client.post(reverse("cases:unmerge", args=[other.pk]), follow=True)
    assert "已答复或已办结，不能撤销并案" in response.content.decode()
    # Nor once the lead's own proposer has sent it back: the merged one keeps its answer and rating.
    login(term.cosigner3)
    other.refresh_from_db()
    client.post(reverse("cases:rate", args=[other.pk]), {"rating": "satisfied", "version": other.version})
    login(term.proposer)
    lead.refresh_from_db()
    client.post(
        reverse("cases:rate", args=[lead.pk]), {"rating": "unsatisfied", "reason": "太慢", "version": lead.version}
    )
    lead.refresh_from_db()
    assert lead.answered_at is None and lead.state == "processing"
    login(union.staff)
    page = client.get(reverse("cases:detail", args=[lead.pk])).content.decode()
    assert reverse("cases:unmerge", args=[other.pk]) not in page
    response = client.post(reverse("cases:unmerge", args=[other.pk]), follow=True)
    assert "已答复或已办结，不能撤销并案" in response.content.decode()
    other.refresh_from_db()
    assert other.merged_into == lead and other.state == "rated"


def test_the_merge_candidates_cost_the_same_queries_however_many(client, login, union, term, pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead, _ = pair
    login(union.staff)
    url = reverse("cases:detail", args=[lead.pk])

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx.captured_queries), page.count('name="cases"')

    few, shown = queries()
    assert shown == 1
    for n in range(4):
        _submitted(term, term.cosigner3, f"关于职工食堂夜班供餐的提案{n}", [term.cosigner1, term.cosigner2])
    many, shown = queries()
    assert shown == 5 and many == few
