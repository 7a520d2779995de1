"""The board of registered figures: a company leader's first page, drawn from real records,
for a year and a branch, with trends by month and by branch; and a figure any module registers."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.cases.services import case_act, case_open, case_rate
from gonghui.figures import registry
from tests.cases_helpers import make_appeal
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


def _card(page: str, label: str) -> str:
    """The value shown on a figure's card."""
    match = re.search(rf'gh-stat__label">{label}</div>\s*<div class="gh-stat__value">([^<]*)<', page)
    assert match, f"no card {label}"
    return match.group(1)


def _answer(union, case):
    case = case_act(actor=union.handler, case=case, transition="accept", version=case.version)
    return case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已补发")


def test_a_leader_lands_on_the_figures_of_the_union(client, login, union):
    first = _answer(union, make_appeal(union))
    case_rate(actor=union.employee, case=first, rating="satisfied", version=first.version)
    other = make_user(make_employee(union.boiler_team, "设备职工"))
    case_open(kind="appeal", requester=other, title="更衣柜不够用", body="……", category="welfare")
    login(union.leader)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("figures:board")
    page = response.content.decode()
    assert "数据看板" in page and "测试发电有限公司工会" in page
    assert _card(page, "诉求受理") == "2" and _card(page, "诉求满意率") == "100"
    # The leader may not open the appeals' statistics page, so the card offers no link to it.
    assert reverse("appeals:stats") not in page

    # One branch: the 运行分工会's employee raised one, the 设备 one is not theirs.
    cache.clear()
    page = client.get(reverse("figures:board"), {"unit": union.run_branch.pk}).content.decode()
    assert _card(page, "诉求受理") == "1"

    # The trend of a figure, by month and by branch, from the same records.
    cache.clear()
    page = client.get(reverse("figures:board"), {"trend": "appeals.received"}).content.decode()
    months = json.loads(re.search(r'id="chart-months" type="application/json">(.*?)</script>', page).group(1))
    assert months["series"][0]["data"][timezone.localdate().month - 1] == 2
    branches = json.loads(re.search(r'id="chart-branches" type="application/json">(.*?)</script>', page).group(1))
    by_branch = dict(zip(branches["categories"], branches["series"][0]["data"], strict=True))
    assert by_branch["运行分工会"] == 1 and by_branch["设备分工会"] == 1

    # The union office sees the same board, with the links it may follow.
    login(union.staff)
    page = client.get(reverse("figures:board")).content.decode()
    assert reverse("appeals:stats") in page
    # Others do not.
    for user in (union.employee, union.handler, union.branch_chair):
        login(user)
        assert client.get(reverse("figures:board")).status_code == 403


def test_anonymous_appeals_count_for_the_union_but_not_for_a_branch(client, login, union):
    make_appeal(union, anonymous=True)
    login(union.leader)
    assert _card(client.get(reverse("figures:board")).content.decode(), "诉求受理") == "1"
    cache.clear()
    page = client.get(reverse("figures:board"), {"unit": union.run_branch.pk}).content.decode()
    assert _card(page, "诉求受理") == "0"


def test_a_module_registers_a_figure_and_the_board_costs_the_same_whatever_the_records(client, login, union):
    registry.register_figure(
        "test.cases", "测试：全部事项", lambda *, start, end, scope_path: Case.objects.count(), unit="件", area="测试"
    )
    try:
        login(union.leader)
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            page = client.get(reverse("figures:board")).content.decode()
        assert _card(page, "测试：全部事项") == "0"
        for n in range(5):
            make_appeal(union, title=f"诉求{n}", assign=n % 2 == 0)
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            page = client.get(reverse("figures:board")).content.decode()
        assert _card(page, "测试：全部事项") == "5"
        assert len(few) == len(many)
    finally:
        registry._FIGURES.pop("test.cases")
