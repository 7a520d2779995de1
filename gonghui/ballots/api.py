"""Secret ballots over the API: the same eligibility, once-only and results-after-closing rules."""

from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from gonghui.core.api.paging import PageParams, cursor_page, page_of
from gonghui.core.api.schemas import Error, Id, PathId, Text, error

from . import services
from .models import Ballot, BallotVoter, Method

router = Router(tags=["投票"])


class BallotItemOut(Schema):
    id: int
    label: str


class BallotOut(Schema):
    id: int
    title: str
    description: str
    method: str = Field(
        description="choice 每项单选；approve 最多选 max_approvals 项（所选项填“入选”）；score 逐项打分"
    )
    choices: list[str] = Field(description="每项可填的值：选项、“入选”或分数")
    max_approvals: int | None
    items: list[BallotItemOut]
    opens_at: datetime
    closes_at: datetime
    status: str
    eligible: bool
    has_voted: bool


class VoteIn(Schema):
    answers: dict[Id, Text(20)] = Field(description="每个表决事项的 id 对应所选的选项", max_length=500)


class ItemResultOut(Schema):
    label: str
    counts: dict[str, int]
    total: int
    mean: float | None = Field(None, description="打分投票的平均分")
    rank: int | None = Field(None, description="限额选举的名次")


class ResultsOut(Schema):
    eligible: int
    voted: int
    withheld: bool = Field(description="实投人数不足，为保护投票秘密未计票")
    items: list[ItemResultOut]


def _out(ballot, user) -> dict:
    me = BallotVoter.objects.filter(ballot=ballot, user=user).first()
    return {
        "id": ballot.pk,
        "title": ballot.title,
        "description": ballot.description,
        "method": ballot.method,
        "choices": ballot.choices,
        "max_approvals": ballot.max_approvals,
        "items": [{"id": i.pk, "label": i.label} for i in ballot.items.all()],
        "opens_at": ballot.opens_at,
        "closes_at": ballot.closes_at,
        "status": ballot.status_label,
        "eligible": me is not None or services.is_eligible(user, ballot),
        "has_voted": bool(me and me.has_voted),
    }


def _get(user, ballot_id):
    return Ballot.objects.visible_to(user).filter(pk=ballot_id).first()


@router.get(
    "/ballots", response={200: page_of(BallotOut), 400: Error}, summary="我可以参加或管理的投票（截止晚的在前）"
)
def list_ballots(request, page: Query[PageParams]):
    user = request.auth
    return cursor_page(
        Ballot.objects.visible_to(user).prefetch_related("items"),
        page,
        order=("-closes_at", "-id"),
        row=lambda b: _out(b, user),
    )


@router.get("/ballots/{ballot_id}", response={200: BallotOut, 404: Error}, summary="投票详情")
def get_ballot(request, ballot_id: PathId):
    ballot = _get(request.auth, ballot_id)
    if ballot is None:
        return error(404, "找不到该投票", "not_found")
    return _out(ballot, request.auth)


@router.post(
    "/ballots/{ballot_id}/vote",
    response={200: BallotOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="投票（每人一次，无记名）",
)
def vote(request, ballot_id: PathId, payload: VoteIn):
    ballot = _get(request.auth, ballot_id)
    if ballot is None:
        return error(404, "找不到该投票", "not_found")
    try:
        services.ballot_vote(voter=request.auth, ballot=ballot, answers=payload.answers)
    except services.AlreadyVoted as exc:
        return error(409, "；".join(exc.messages), "conflict")
    return _out(ballot, request.auth)


@router.get(
    "/ballots/{ballot_id}/results",
    response={200: ResultsOut, 403: Error, 404: Error},
    summary="投票结果（结束后才有）",
)
def ballot_results(request, ballot_id: PathId):
    ballot = _get(request.auth, ballot_id)
    if ballot is None:
        return error(404, "找不到该投票", "not_found")
    if not services.results_visible(request.auth, ballot):
        return error(403, "投票结束后才能查看结果" if not ballot.is_closed() else "结果未向投票人公开", "forbidden")
    results = services.ballot_results(ballot)
    scored = ballot.method == Method.SCORE
    return {
        "eligible": results.eligible,
        "voted": results.voted,
        "withheld": results.withheld,
        "items": [
            {
                "label": r.label,
                "counts": dict(r.counts),
                "total": r.total,
                "mean": r.mean if scored else None,
                "rank": r.rank,
            }
            for r in results.items
        ],
    }
