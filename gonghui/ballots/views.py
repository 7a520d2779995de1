from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.models import User
from gonghui.accounts.services import accounts_for
from gonghui.core.numbers import percent
from gonghui.core.paging import paginate
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.forms import limit_units
from gonghui.org.models import Employee, EmploymentStatus, Role, under
from gonghui.org.rules import can
from gonghui.org.selectors import units_in_office

from . import services
from .forms import BallotForm
from .models import Ballot, BallotVoter, Method, audience_paths


def _ballot_for(request, pk) -> Ballot:
    ballot = Ballot.objects.visible_to(request.user).filter(pk=pk).first()
    if ballot is None:
        raise Http404
    return ballot


def ballot_list(request):
    mine = BallotVoter.objects.filter(ballot=OuterRef("pk"), user=request.user)
    ballots = (
        Ballot.objects.visible_to(request.user)
        .annotate(
            eligible=Exists(mine) | Q(audience_path__in=audience_paths(request.user)),
            voted=Exists(mine.filter(has_voted=True)),
            voter_count=Count("voters", distinct=True),
            voted_count=Count("voters", filter=Q(voters__has_voted=True), distinct=True),
        )
        .order_by("-closes_at", "-id")
    )
    now = timezone.now()
    paging = paginate(request, ballots, per_page=20)
    for ballot in paging["page"].object_list:
        ballot.open_now = ballot.is_open(now)
        ballot.closed_now = ballot.is_closed(now)
    return render(request, "ballots/list.html", {**paging, "may_create": can(request.user, "ballots.manage")})


def eligible_users(kind: str, unit=None):
    if kind == "representatives":
        # Every union's; ballot_create keeps the ballot's own union's alone.
        return User.objects.filter(is_active=True, role_assignments__role=Role.REPRESENTATIVE).distinct()
    # Everybody in the unit, including those who have not logged in yet.
    return accounts_for(Employee.objects.filter(under("unit_path", unit.path), status=EmploymentStatus.ACTIVE))


@require_http_methods(["GET", "POST"])
def ballot_new(request):
    if not can(request.user, "ballots.manage"):
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = BallotForm(
        request.POST or None,
        initial={"opens_at": now, "closes_at": now + timedelta(days=3), "preset": "ratings"},
    )
    limit_units(form, units_in_office(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audience = data["voters"] == "audience"
            ballot = services.ballot_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                method=data["method"],
                choices=data["choices"],
                max_approvals=data.get("max_approvals"),
                score_range=data.get("score_range"),
                items=data["items"].splitlines(),
                voters=None if audience else eligible_users(data["voters"], data.get("unit")),
                audience=data.get("unit") if audience else None,
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                results_public=data["results_public"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            if audience:
                messages.success(request, f"已发起投票，{data['unit'].name}的在职职工登录后即可投票。")
            else:
                messages.success(request, f"已发起投票，{ballot.voters.count()} 人已收到通知。")
            return redirect("ballots:detail", pk=ballot.pk)
    return render(request, "ballots/new.html", {"form": form})


def ballot_detail(request, pk):
    ballot = _ballot_for(request, pk)
    me = ballot.voters.filter(user=request.user).first()
    eligible_now = me is not None or services.is_eligible(request.user, ballot)
    manage = services.may_manage(request.user, ballot)
    eligible, voted = services.turnout(ballot) if manage else (None, None)
    results = services.ballot_results(ballot) if services.results_visible(request.user, ballot) else None
    chart = None
    if results and not results.withheld and ballot.method == Method.SCORE:
        chart = {
            "categories": [r.label for r in results.items],
            "series": [{"name": "平均分", "data": [r.mean for r in results.items]}],
            "horizontal": True,
        }
    elif results and not results.withheld and ballot.method == Method.APPROVE:
        chart = {
            "categories": [r.label for r in results.items],
            "series": [{"name": "得票", "data": [r.total for r in results.items]}],
            "horizontal": True,
        }
    elif results and not results.withheld:
        # Bars across, names down the side: a delegation's twenty names never overlap on a phone.
        chart = {
            "categories": [r.label for r in results.items],
            "series": [{"name": c, "data": [dict(r.counts)[c] for r in results.items]} for c in ballot.choices],
            "stacked": True,
            "horizontal": True,
        }
    return render(
        request,
        "ballots/detail.html",
        {
            "ballot": ballot,
            "items": ballot.items.all(),
            "me": me,
            "eligible_now": eligible_now,
            "has_voted": bool(me and me.has_voted),
            "may_vote": eligible_now and not (me and me.has_voted) and ballot.is_open(),
            "manage": manage,
            "eligible": eligible,
            "voted": voted,
            "results": results,
            "chart": chart,
        },
    )


@require_POST
def ballot_vote(request, pk):
    ballot = _ballot_for(request, pk)
    answers = {item.pk: request.POST.get(f"item-{item.pk}", "") for item in ballot.items.all()}
    try:
        services.ballot_vote(voter=request.user, ballot=ballot, answers=answers)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "投票成功，感谢参与。您的选择不会与您的姓名关联。")
    return redirect("ballots:detail", pk=ballot.pk)


@require_POST
def ballot_close(request, pk):
    ballot = _ballot_for(request, pk)
    try:
        services.ballot_close(actor=request.user, ballot=ballot)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "投票已结束，结果如下。")
    return redirect("ballots:detail", pk=ballot.pk)


def ballot_export(request, pk):
    ballot = _ballot_for(request, pk)
    if not services.may_manage(request.user, ballot):
        raise PermissionDenied
    if not ballot.is_closed():
        raise PermissionDenied("投票结束后才能导出结果")
    results = services.ballot_results(ballot)
    if results.withheld:
        raise PermissionDenied(f"实投不足 {ballot.min_voters} 人，为保护投票秘密未计票")
    if ballot.method == Method.SCORE:
        headers = ["评议对象或事项", "打分人数", "平均分", *[f"{c} 分" for c in ballot.choices]]
        rows = [[r.label, r.total, r.mean, *[n for _, n in r.counts]] for r in results.items]
    elif ballot.method == Method.APPROVE:
        headers = ["候选项", "得票", "得票率（%）", "名次"]
        rows = [
            [r.label, r.total, percent(r.total, results.voted), r.rank]
            for r in sorted(results.items, key=lambda r: r.rank)
        ]
    else:
        headers = ["评议对象或事项", *ballot.choices, "合计", *[f"{c}（%）" for c in ballot.choices]]
        headers += [f"{name}（%）" for name in results.rate_names]
        rows = [
            [r.label, *[n for _, n in r.counts], r.total, *[r.share(c) for c in ballot.choices], *rates]
            for r, rates in results.rows()
        ]
    rows.append([])
    rows.append(["应投票人数", results.eligible, "实际投票人数", results.voted, "参与率（%）", results.turnout])
    return xlsx_response(write_table(headers, rows, sheet_name="投票结果"), f"投票结果-{ballot.pk}.xlsx")
