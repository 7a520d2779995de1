from datetime import timedelta

from django.utils import timezone

from tests.matrix_profiles import API_EVERYONE, API_POST_ONLY, EVERYONE, OFFICE, POST_ONLY, expect

VOTERS_AND_OFFICE = expect(200, branch_chair=404, handler=404, leader=404, elsewhere=404)

MATRIX = {
    "ballots:list": ("get", lambda u, f: {}, EVERYONE),
    "ballots:new": ("get", lambda u, f: {}, OFFICE),
    "ballots:detail": ("get", lambda u, f: {"pk": f["ballot"].pk}, VOTERS_AND_OFFICE),
    "ballots:vote": ("get", lambda u, f: {"pk": f["ballot"].pk}, POST_ONLY),
    "ballots:close": ("get", lambda u, f: {"pk": f["ballot"].pk}, POST_ONLY),
    # Results of a closed ballot: the organisers export them; voters may not, others never learn of it.
    "ballots:export": (
        "get",
        lambda u, f: {"pk": f["closed_ballot"].pk},
        expect(403, chair=200, staff=200, branch_chair=404, handler=404, leader=404, elsewhere=404),
    ),
    "api:list_ballots": ("get", lambda u, f: {}, API_EVERYONE),
    "api:get_ballot": (
        "get",
        lambda u, f: {"ballot_id": f["ballot"].pk},
        expect(200, anonymous=401, branch_chair=404, handler=404, leader=404, elsewhere=404),
    ),
    "api:vote": ("get", lambda u, f: {"ballot_id": f["ballot"].pk}, API_POST_ONLY),
    "api:ballot_results": (
        "get",
        lambda u, f: {"ballot_id": f["closed_ballot"].pk},
        expect(403, anonymous=401, chair=200, staff=200, branch_chair=404, handler=404, leader=404, elsewhere=404),
    ),
}


def fixtures(union) -> dict:
    from gonghui.ballots.services import RATINGS, ballot_close, ballot_create, ballot_vote
    from tests.factories import make_employee, make_user

    now = timezone.now()
    # Three more voters outside the matrix's roles: a secret ballot needs at least three, and
    # closing early needs more than half to have voted.
    others = [make_user(make_employee(union.shift2, f"投票人{n}")) for n in range(3)]

    def make(title):
        return ballot_create(
            actor=union.staff,
            title=title,
            choices=RATINGS,
            items=["陈代表"],
            voters=[union.representative, union.employee, *others],
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(days=1),
        )

    closed = make("上一年度代表评议")
    for voter in others:
        ballot_vote(voter=voter, ballot=closed, answers={closed.items.get().pk: RATINGS[0]})
    ballot_close(actor=union.staff, ballot=closed)
    return {"ballot": make("代表民主评议"), "closed_ballot": closed, "ballot_others": others}


OFFICE_ACTS = {"chair", "staff"}
# The open ballot's voters among the matrix's roles are 陈代表 and 吴职工; its organiser is the union office.
ACTIONS = {
    "ballots:vote": {"representative", "employee"},
    "ballots:close": OFFICE_ACTS,
    "api:vote": {"representative", "employee"},
}


def _answers(f, *, api: bool) -> dict:
    """Every item of the open ballot answered with its first choice."""
    first = f["ballot"].choices[0]
    items = {item.pk: first for item in f["ballot"].items.all()}
    return {"answers": {str(pk): c for pk, c in items.items()}} if api else {f"item-{pk}": c for pk, c in items.items()}


def _enough_voted(f) -> dict:
    """Closing early needs more than half of the five voters: the three outside the matrix vote."""
    from gonghui.ballots.services import ballot_vote

    item = f["ballot"].items.get()
    for voter in f["ballot_others"]:
        ballot_vote(voter=voter, ballot=f["ballot"], answers={item.pk: f["ballot"].choices[0]})
    return {}


ACTION_INPUT = {
    "ballots:close": lambda u, f, user: _enough_voted(f),
    "ballots:vote": lambda u, f, user: _answers(f, api=False),
    "api:vote": lambda u, f, user: _answers(f, api=True),
}
