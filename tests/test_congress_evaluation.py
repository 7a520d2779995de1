"""Duty reports judged by constituents, democratic evaluation of representatives and of a session:
all through secret ballots."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.ballots.models import Ballot
from gonghui.congress.models import DutyReport, Evaluation
from tests.congress_helpers import make_term

pytestmark = pytest.mark.django_db

REPORT = "今年参加职代会两次，提出提案两件、附议三件，走访运行一值、二值职工二十余人次，反映夜班补贴问题。"


def _vote(client, ballot, choice):
    data = {f"item-{item.pk}": choice for item in ballot.items.all()}
    return client.post(reverse("ballots:vote", args=[ballot.pk]), data, follow=True)


def test_a_duty_report_is_evaluated_by_constituents(client, login, union):
    term = make_term(union)
    login(term.proposer)
    response = client.post(
        reverse("congress:duty-report-new"), {"year": timezone.localdate().year, "text": "参加了会议"}
    )
    assert "述职内容太短" in response.content.decode()
    client.post(reverse("congress:duty-report-new"), {"year": timezone.localdate().year, "text": REPORT})
    report = DutyReport.objects.get()
    assert report.representative.user == term.proposer

    login(union.staff)
    rep_page = reverse("congress:representative", args=[report.representative_id])
    client.post(reverse("congress:duty-report-evaluate", args=[report.pk]))
    report.refresh_from_db()
    ballot = report.ballot
    # The 运行 delegation's constituents: everybody with a login under 运行分工会.
    voters = set(ballot.voters.values_list("user__username", flat=True))
    assert {"H0003", "H0005", "H0006", "H0101"} <= voters and "H0007" not in voters
    assert ballot.purpose == "duty_report"

    login(term.proposer)
    response = client.post(
        reverse("congress:duty-report-new"), {"year": timezone.localdate().year, "text": REPORT + "补充"}
    )
    assert "已进入评议，不能再修改" in response.content.decode()

    for user, choice in ((union.employee, "优秀"), (union.branch_chair, "称职"), (union.representative, "称职")):
        login(user)
        _vote(client, ballot, choice)
    login(union.staff)
    client.post(reverse("ballots:close", args=[ballot.pk]))
    page = client.get(rep_page).content.decode()
    assert "优秀 1（33%）" in page and "称职 2（67%）" in page
    # Constituents were told the results would be public.
    login(union.employee)
    assert "优秀 1（33%）" in client.get(rep_page).content.decode()
    login(union.outsider)
    assert "优秀 1（33%）" not in client.get(rep_page).content.decode()


def test_democratic_evaluation_and_congress_evaluation(client, login, union):
    term = make_term(union)
    login(union.staff)
    client.post(reverse("congress:evaluation-new"), {"kind": "representatives", "delegation": term.equip.pk})
    evaluation = Evaluation.objects.get(kind="representatives")
    assert list(evaluation.ballot.items.values_list("label", flat=True)) == ["钱代表", "冯代表"]
    assert evaluation.ballot.voters.filter(user=union.handler).exists()
    assert not evaluation.ballot.voters.filter(user=union.employee).exists()

    client.post(reverse("congress:evaluation-new"), {"kind": "congress", "session": term.session.pk})
    congress_eval = Evaluation.objects.get(kind="congress").ballot
    assert congress_eval.choices == ["满意", "基本满意", "不满意"]
    assert set(congress_eval.voters.values_list("user", flat=True)) == {u.pk for u in term.reps}
    assert "职代会评估" in client.get(reverse("congress:index")).content.decode()

    response = client.post(reverse("congress:evaluation-new"), {"kind": "congress"}, follow=True)
    assert "请选择要评议的代表团或会议" in response.content.decode()
    assert Ballot.objects.count() == 2
    login(union.employee)
    assert (
        client.post(reverse("congress:evaluation-new"), {"kind": "congress", "session": term.session.pk}).status_code
        == 403
    )


def test_constituents_who_never_logged_in_still_vote(client, union):
    from gonghui.accounts.models import User
    from gonghui.accounts.services import account_notices
    from gonghui.congress.services import evaluation_open
    from tests.factories import make_employee

    term = make_term(union)
    newcomer = make_employee(union.shift2, "林新人", "H0401")
    assert not User.objects.filter(employee=newcomer).exists()
    evaluation = evaluation_open(actor=union.staff, kind="representatives", delegation=term.run)
    voter = evaluation.ballot.voters.get(user__employee=newcomer).user
    assert not voter.has_usable_password()
    # Their notice opens the account that is already on the ballot, and forces a change.
    password = next(
        n.password for n in account_notices(actor=union.staff, unit=union.shift2) if n.employee_no == "H0401"
    )
    assert client.post("/accounts/login/", {"username": "H0401", "password": "wrong1"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "H0401", "password": password})
    assert response.status_code == 302
    voter.refresh_from_db()
    assert voter.must_change_password and voter.initial_password_expires_at is not None
