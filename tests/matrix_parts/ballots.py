from datetime import timedelta

from django.utils import timezone

VOTERS_AND_OFFICE = "302 200 200 404 404 200 200 404"
POST_ONLY = "302 405 405 405 405 405 405 405"

MATRIX = {
    "ballots:list": ("get", lambda u, f: {}, "302 200 200 200 200 200 200 200"),
    "ballots:new": ("get", lambda u, f: {}, "302 200 200 403 403 403 403 403"),
    "ballots:detail": ("get", lambda u, f: {"pk": f["ballot"].pk}, VOTERS_AND_OFFICE),
    "ballots:vote": ("get", lambda u, f: {"pk": f["ballot"].pk}, POST_ONLY),
    "ballots:close": ("get", lambda u, f: {"pk": f["ballot"].pk}, POST_ONLY),
    # Results of a closed ballot: the organisers export them; voters may not, others never learn of it.
    "ballots:export": ("get", lambda u, f: {"pk": f["closed_ballot"].pk}, "302 200 200 404 404 403 403 404"),
    "api:list_ballots": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:get_ballot": ("get", lambda u, f: {"ballot_id": f["ballot"].pk}, "401 200 200 404 404 200 200 404"),
    "api:vote": ("get", lambda u, f: {"ballot_id": f["ballot"].pk}, "405 405 405 405 405 405 405 405"),
    "api:ballot_results": (
        "get",
        lambda u, f: {"ballot_id": f["closed_ballot"].pk},
        "401 200 200 404 404 403 403 404",
    ),
}


def fixtures(union) -> dict:
    from gonghui.ballots.services import RATINGS, ballot_close, ballot_create

    now = timezone.now()

    def make(title):
        return ballot_create(
            actor=union.staff,
            title=title,
            choices=RATINGS,
            items=["陈代表"],
            voters=[union.representative, union.employee],
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(days=1),
        )

    closed = make("上一年度代表评议")
    ballot_close(actor=union.staff, ballot=closed)
    return {"ballot": make("代表民主评议"), "closed_ballot": closed}
