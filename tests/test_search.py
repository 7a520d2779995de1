"""Search, through the page and the API, as the real roles: Chinese words found, every hit one
the user could open, the index kept current by the writes themselves."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.services import case_open
from gonghui.congress.services import proposal_cosign
from gonghui.disclosure.services import disclosure_withdraw
from gonghui.news.models import Article
from gonghui.search.models import Entry
from gonghui.search.text import name_terms, parse_query, tokens
from tests.cases_helpers import make_appeal
from tests.congress_helpers import make_term, submit_proposal
from tests.disclosure_helpers import make_catalogue
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


def _found(client, user, q, **params) -> tuple[list[str], str]:
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    response = client.get(reverse("search:results"), {"q": q, **params})
    assert response.status_code == 200
    html = response.content.decode()
    titles = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<a class="fw-semibold" href="[^"]*">(.*?)</a>', html)]
    return titles, html


def _api(client, user, q, **params) -> dict:
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    response = client.get("/api/v1/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _canteen(union):
    """食堂 in an appeal (吴职工's, handled by 设备部), a disclosure (运行一值's audience) and a
    proposal; an article that does not mention it."""
    make_appeal(union, title="职工食堂夜班不供应热饭")
    catalogue = make_catalogue(union)
    catalogue.published.body = "本月食堂补贴随奖金一并发放。"
    catalogue.published.save()
    term = make_term(union)
    proposal = submit_proposal(term, title="关于改善职工食堂伙食的提案")
    for cosigner in (term.cosigner1, term.cosigner2):  # past co-signing: on the public list
        proposal_cosign(actor=cosigner, case=proposal, agree=True)
    Article.objects.create(
        union=union.root, title="工会开展送清凉活动", body="……", author=union.staff, published_at=timezone.now()
    )
    return catalogue, proposal


def test_two_character_words_are_words():
    assert {"提案", "食堂", "职工食堂"} <= set(tokens("关于改善职工食堂伙食的提案"))
    assert {"隐患", "工资"} <= set(tokens("锅炉隐患整改，工资未发"))
    query = parse_query("职工食堂")
    assert query.fts5() == '("职工食堂" OR ("职工" AND "食堂"))'


def test_a_name_by_its_pinyin_initials_and_middle():
    terms = set(name_terms("张伟"))
    assert {"张伟", "伟", "zhangwei", "zw"} <= terms
    assert {"shanxiongxin", "danxiongxin", "雄"} <= set(name_terms("单雄信"))


@pytest.fixture(params=["row by row", "as id sets"])
def strategy(request, monkeypatch):
    """Both ways a route's records are asked (chosen by size when the query is built) give
    the same hits: every route as a set of ids, and every route record by record."""
    from django.core.cache import cache

    from gonghui.search import selectors

    if request.param == "as id sets":
        monkeypatch.setattr(selectors, "SMALL_KIND", 0)
        monkeypatch.setattr(selectors, "NARROW", 10**9)
    cache.clear()  # the compiled queries keep the choice
    yield request.param
    cache.clear()


def test_staff_find_canteen_across_proposals_appeals_and_disclosures(client, union, strategy):
    _canteen(union)
    titles, html = _found(client, union.staff, "食堂")
    assert "职工食堂夜班不供应热饭" in titles
    assert "关于改善职工食堂伙食的提案" in titles
    assert any("奖金分配" in t for t in titles)  # the disclosure, found by its body
    assert "工会开展送清凉活动" not in titles
    assert "<mark>食堂</mark>" in html
    assert "找到 3 条" in html
    # By kind: only the proposals.
    titles, html = _found(client, union.staff, "食堂", kind="proposal")
    assert titles == ["关于改善职工食堂伙食的提案"]


def test_what_a_user_cannot_open_is_neither_shown_nor_counted(client, union, strategy):
    _canteen(union)
    # 孙外人 (燃料部) raised nothing and is outside the disclosure's audience; the proposal is
    # on the public list for every member of the union.
    titles, html = _found(client, union.outsider, "食堂")
    assert titles == ["关于改善职工食堂伙食的提案"]
    assert "找到 1 条" in html
    assert _api(client, union.outsider, "食堂")["total"] == 1
    # The appeal's handler (设备部) sees it; 吴职工 sees her own appeal and her team's disclosure.
    assert "职工食堂夜班不供应热饭" in _found(client, union.handler, "食堂")[0]
    assert len(_found(client, union.employee, "食堂")[0]) == 3


def test_a_branch_chair_finds_nothing_of_another_branch(client, union, strategy):
    case_open(kind="appeal", requester=union.outsider, title="输煤栈桥粉尘超标", body="……", category="safety")
    assert _found(client, union.staff, "粉尘")[0] == ["输煤栈桥粉尘超标"]
    titles, html = _found(client, union.branch_chair, "粉尘")
    assert titles == [] and "没有找到" in html
    assert _api(client, union.branch_chair, "粉尘") == {"results": [], "total": 0, "capped": False, "next": None}


def test_an_anonymous_requester_is_never_indexed(client, union, strategy):
    make_appeal(union, anonymous=True, title="班长克扣加班费")
    entry = Entry.objects.get(kind="appeal")
    stored = " ".join([entry.title, entry.subtitle, entry.text, entry.title_tokens, entry.body_tokens])
    assert "吴职工" not in stored and "wuzhigong" not in stored
    assert _found(client, union.staff, "吴职工", kind="appeal")[0] == []
    assert _found(client, union.staff, "克扣")[0] == ["班长克扣加班费"]


def test_a_complaint_about_the_union_reaches_only_the_chair(client, union, strategy):
    case_open(kind="appeal", requester=union.employee, title="工会干部作风粗暴", body="……", category="union_conduct")
    assert _found(client, union.chair, "作风")[0] == ["工会干部作风粗暴"]
    assert _found(client, union.staff, "作风")[0] == []
    assert _api(client, union.staff, "作风")["total"] == 0


def test_people_by_pinyin_initials_middle_and_number_for_those_who_manage_them(client, union, strategy):
    make_employee(union.shift1, "张建伟", "H0300")
    for q in ("zhangjianwei", "zjw", "建伟", "建", "H0300", "zhangjian"):
        assert "张建伟" in _found(client, union.staff, q, kind="person")[0], q
    # 张分会 chairs 运行分工会, which 运行一值 is in; 刘承办's department is another branch.
    assert "张建伟" in _found(client, union.branch_chair, "zjw")[0]
    assert _found(client, union.handler, "zjw")[0] == []
    # An employee searches no one.
    titles, html = _found(client, union.employee, "zjw")
    assert titles == [] and 'data-kind="person"' not in html


def test_a_withdrawn_disclosure_and_a_deleted_record_leave_at_once(client, union):
    catalogue = make_catalogue(union)
    assert any("奖金分配" in t for t in _found(client, union.employee, "考核得分")[0])
    disclosure_withdraw(actor=union.branch_chair, disclosure=catalogue.published)
    assert _found(client, union.employee, "考核得分")[0] == []
    article = Article.objects.create(
        union=union.root, title="防暑降温知识", body="……", author=union.staff, published_at=timezone.now()
    )
    assert _found(client, union.employee, "防暑")[0] == ["防暑降温知识"]
    article.title = "夏季防汛知识"
    article.save()
    assert _found(client, union.employee, "防暑")[0] == []
    assert _found(client, union.employee, "防汛")[0] == ["夏季防汛知识"]
    article.delete()
    assert _found(client, union.employee, "防汛")[0] == []
    assert not Entry.objects.filter(kind="news").exists()


def test_rebuild_writes_the_same_index(client, union):
    _canteen(union)
    before = sorted(Entry.objects.values_list("kind", "object_id", "title_tokens", "body_tokens"))
    Entry.objects.all().delete()
    call_command("rebuild_search", stdout=io.StringIO())
    assert sorted(Entry.objects.values_list("kind", "object_id", "title_tokens", "body_tokens")) == before
    assert len(_found(client, union.staff, "食堂")[0]) == 3


def test_filters_by_year_and_unit(client, union):
    make_appeal(union, title="食堂饭菜涨价")  # assigned to 设备部
    last_year = make_appeal(union, title="食堂排队太久", assign=False)
    last_year.created_at = timezone.now() - timedelta(days=366)
    last_year.save()
    year = timezone.localdate().year
    assert _found(client, union.staff, "食堂", year=year)[0] == ["食堂饭菜涨价"]
    assert _found(client, union.staff, "食堂", year=year - 1)[0] == ["食堂排队太久"]
    assert _found(client, union.staff, "食堂", unit=union.equip_branch.pk)[0] == ["食堂饭菜涨价"]
    assert _found(client, union.staff, "食堂", unit=union.run_branch.pk)[0] == []


def test_hostile_text_is_escaped_and_odd_queries_answer(client, union):
    make_appeal(union, title='<img src=x onerror=alert(1)>食堂"; DROP')
    titles, html = _found(client, union.staff, "食堂")
    assert "<img src=x" not in html and "&lt;img src=x" in html
    for q in ['"', "'", "*", "AND OR NOT", '食堂"*)', "((", "NEAR(食堂)", "食堂 -", "\\", "食堂:*|!"]:
        _found(client, union.staff, q)
        _api(client, union.staff, q)
    assert _found(client, union.staff, '食堂"*)')[0] == ["&lt;img src=x onerror=alert(1)&gt;食堂&quot;; DROP"]


def test_similar_proposals_while_writing_a_title(client, union):
    term = make_term(union)
    for title, confidential in [("关于改善职工食堂伙食的提案", False), ("关于食堂涉密事项的提案", True)]:
        proposal = submit_proposal(term, title=title, confidential=confidential)
        for cosigner in (term.cosigner1, term.cosigner2):
            proposal_cosign(actor=cosigner, case=proposal, agree=True)
    client.force_login(term.cosigner3, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    response = client.get(reverse("search:similar"), {"title": "食堂饭菜太贵", "kind": "proposal"})
    html = response.content.decode()
    assert "关于改善职工<mark>食堂</mark>伙食的提案" in html
    assert "涉密" not in html  # confidential: not on the public list, not the cosigner's
    assert reverse("congress:proposal-public-detail", args=[Entry.objects.filter(kind="proposal").first().object_id])
    # The proposer opens it as the case it is to them.
    client.force_login(term.proposer, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    html = client.get(reverse("search:similar"), {"title": "食堂", "kind": "proposal"}).content.decode()
    assert "/cases/" in html and "涉密" in html
    # The form asks for them as the title is typed.
    form = client.get(reverse("congress:proposal-new")).content.decode()
    assert 'hx-get="/search/similar/"' in form and "gh-similar-slot" in form


def test_api_pages_by_cursor(client, union):
    for n in range(5):
        Article.objects.create(
            union=union.root, title=f"食堂公告第{n}期", body="……", author=union.staff, published_at=timezone.now()
        )
    first = _api(client, union.employee, "食堂", limit=3)
    assert first["total"] == 5 and len(first["results"]) == 3 and first["next"]
    second = _api(client, union.employee, "食堂", limit=3, cursor=first["next"])
    assert len(second["results"]) == 2 and second["next"] is None
    seen = {r["title"] for r in first["results"] + second["results"]}
    assert seen == {f"食堂公告第{n}期" for n in range(5)}
    assert second["results"][0]["url"].startswith("/news/")
    bad = client.get("/api/v1/search", {"q": "食堂", "cursor": "bm90IGFuIG9mZnNldA"})
    assert bad.status_code == 400 and "cursor" in bad.json()["message"]
    assert client.get("/api/v1/search", {"q": "食堂", "kind": "nothing"}).status_code == 400


def _queries(client, user, q, **params) -> int:
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    client.get(reverse("search:results"), {"q": q, **params})  # sessions, roles and jieba warmed
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("search:results"), {"q": q, **params}).status_code == 200
    return len(ctx.captured_queries)


def test_a_search_costs_the_same_queries_however_many_hits(client, union):
    term = make_term(union)
    submit_proposal(term, title="关于食堂的提案")
    make_appeal(union, title="食堂问题")
    few = _queries(client, union.staff, "食堂")
    few_proposals = _queries(client, union.staff, "食堂", kind="proposal")
    for n in range(30):
        make_appeal(union, title=f"食堂问题{n}", assign=False)
        submit_proposal(term, title=f"关于食堂的提案{n}")
        Article.objects.create(union=union.root, title=f"食堂{n}", body="……", author=union.staff)
    # Which route opens a proposal (as a case, or on the public list) comes with the match.
    assert few_proposals == few
    assert _queries(client, union.staff, "食堂", kind="proposal") == few
    assert _queries(client, union.staff, "食堂", kind="news") == few
    assert _queries(client, union.staff, "食堂") == few


def test_indexing_a_record_is_one_statement(union):
    with CaptureQueriesContext(connection) as ctx:
        Article.objects.create(union=union.root, title="食堂", body="……", author=union.staff)
    index_writes = [q["sql"] for q in ctx.captured_queries if "search_entry" in q["sql"]]
    assert len(index_writes) == 1 and index_writes[0].startswith("INSERT")


def test_every_kind_of_record_is_found(client, union):
    from tests.events_helpers import make_activity
    from tests.supervision_helpers import make_oversight

    make_oversight(union)
    make_activity(union, title="职工羽毛球比赛")
    from gonghui.study.models import Material

    Material.objects.create(union=union.root, title="劳动法律法规汇编", author="工会")
    client.force_login(union.chair, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    for q, kind in [
        ("集体合同", "contract"),
        ("联席会议", "meeting"),
        ("防暑降温", "patrol"),
        ("羽毛球", "event"),
        ("法律法规", "material"),
        ("王主席", "person"),
    ]:
        html = _found(client, union.chair, q)[1]
        assert f'class="gh-hit p-3" data-kind="{kind}"' in html, q
    # A meeting's minutes are for the office, leaders and representatives, not every worker.
    assert _found(client, union.outsider, "联席会议")[0] == []
    assert _found(client, union.representative, "联席会议")[0] != []


def test_an_inspector_without_people_sees_no_people_filter(client, union):
    user = make_user(make_employee(union.office_dept, "赵监督", "H0009"))
    titles, html = _found(client, user, "王主席")
    assert titles == []


def test_title_hits_rank_first_and_each_kind_counts_to_its_cap(client, union, monkeypatch):
    from gonghui.search import selectors

    older = Article.objects.create(union=union.root, title="职工食堂夜间供餐的安排", body="……", author=union.staff)
    Article.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=400))
    Entry.objects.filter(kind="news", object_id=older.pk).update(happened_at=timezone.now() - timedelta(days=400))
    for n in range(4):
        Article.objects.create(
            union=union.root, title=f"第{n}期工作简报", body="本期提到食堂一次。", author=union.staff
        )
    for n in range(2):
        case_open(
            kind="appeal", requester=union.employee, title=f"夜班补贴问题{n}", body="食堂也要改进。", category="welfare"
        )
    titles, _ = _found(client, union.staff, "食堂")
    # The one that says 食堂 in its title first, though it is the oldest; then the newest.
    assert titles[0] == "职工食堂夜间供餐的安排" and len(titles) == 7

    # Every kind is counted on its own up to the cap: many news do not crowd out the appeals.
    monkeypatch.setattr(selectors, "POOL", 3)
    found = _api(client, union.staff, "食堂")
    assert found["capped"] and found["total"] == 3 + 2
    assert sorted(r["kind"] for r in found["results"]) == ["appeal", "appeal", "news", "news", "news"]
    _, html = _found(client, union.staff, "食堂")
    assert re.search(r'data-kind="news">.*?新闻与政策 <span class="badge text-bg-light">3\+</span>', html)
    assert re.search(r'data-kind="appeal">.*?诉求 <span class="badge text-bg-light">2</span>', html)


def test_an_answer_is_found_by_those_who_may_open_the_case(client, union):
    from gonghui.cases.services import case_act

    case = make_appeal(union, title="夜班吃饭难")
    assert _found(client, union.staff, "热饭窗口")[0] == []
    case_act(
        actor=union.handler, case=case, transition="answer", version=case.version, text="已于 12 月开设夜班热饭窗口。"
    )
    assert _found(client, union.staff, "热饭窗口")[0] == ["夜班吃饭难"]
    assert _found(client, union.employee, "热饭窗口")[0] == ["夜班吃饭难"]  # the requester
    assert _found(client, union.branch_chair, "热饭窗口")[0] == []
