from tests.congress_helpers import make_term, submit_proposal
from tests.matrix_profiles import (
    API_EVERYONE,
    API_POST_ONLY,
    EVERYONE,
    HANDLERS,
    OFFICE,
    POST_ONLY,
    REPRESENTATIVES,
    expect,
)

# The other union has registered no congress: pages of its current term are not found.
NO_TERM_YET = {"other_chair": 404}
REPORT = expect(403, chair=200, staff=200, leader=200)

MATRIX = {
    "congress:index": ("get", lambda u, f: {}, EVERYONE),
    "congress:session-new": ("get", lambda u, f: {}, NO_TERM_YET | OFFICE),
    "congress:congress-new": ("get", lambda u, f: {}, OFFICE),
    "congress:delegation-new": ("get", lambda u, f: {}, NO_TERM_YET | OFFICE),
    "congress:session": ("get", lambda u, f: {"pk": f["term"].session.pk}, EVERYONE),
    "congress:session-edit": ("get", lambda u, f: {"pk": f["term"].session.pk}, OFFICE),
    "congress:attendance": ("get", lambda u, f: {"pk": f["term"].session.pk}, POST_ONLY),
    "congress:report": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:report-docx": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:report-pdf": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:representatives": ("get", lambda u, f: {}, NO_TERM_YET | EVERYONE),
    "congress:representative-new": ("get", lambda u, f: {}, NO_TERM_YET | OFFICE),
    "congress:representative": ("get", lambda u, f: {"pk": f["term"].congress.representatives.first().pk}, EVERYONE),
    "congress:representative-end": (
        "get",
        lambda u, f: {"pk": f["term"].congress.representatives.first().pk},
        POST_ONLY,
    ),
    # Handlers and branch chairs list the proposals assigned to their units.
    "congress:proposal-list": ("get", lambda u, f: {}, HANDLERS),
    "congress:proposal-new": ("get", lambda u, f: {}, NO_TERM_YET | REPRESENTATIVES),
    "congress:proposal-mine": ("get", lambda u, f: {}, EVERYONE),
    "congress:proposal-public": ("get", lambda u, f: {}, EVERYONE),
    "congress:proposal-public-detail": ("get", lambda u, f: {"pk": f["proposal"].pk}, EVERYONE),
    "congress:duty-report-new": ("get", lambda u, f: {}, NO_TERM_YET | REPRESENTATIVES),
    "congress:duty-report-evaluate": ("get", lambda u, f: {"pk": f["duty_report"].pk}, POST_ONLY),
    "congress:evaluation-new": ("get", lambda u, f: {}, POST_ONLY),
    "congress:cosign": ("get", lambda u, f: {"pk": f["proposal"].pk}, POST_ONLY),
    "congress:add-cosigners": ("get", lambda u, f: {"pk": f["proposal"].pk}, POST_ONLY),
    "api:list_representatives": ("get", lambda u, f: {}, API_EVERYONE),
    # GET and POST share /api/v1/proposals: a GET there is the public list.
    "api:submit_proposal": ("get", lambda u, f: {}, API_EVERYONE),
    "api:list_proposals": ("get", lambda u, f: {}, API_EVERYONE),
    "api:cosign_proposal": ("get", lambda u, f: {"case_id": f["proposal"].pk}, API_POST_ONLY),
}


def fixtures(union) -> dict:
    from gonghui.cases.services import case_act
    from gonghui.congress.services import proposal_cosign

    term = make_term(union)
    case = submit_proposal(term)
    for user in (term.cosigner1, term.cosigner2):
        proposal_cosign(actor=user, case=case, agree=True)
    case.refresh_from_db()
    case = case_act(actor=union.staff, case=case, transition="register", version=case.version, lead_unit=union.run_dept)
    from gonghui.congress.models import DutyReport

    report = DutyReport.objects.create(
        representative=term.congress.representatives.get(user=term.proposer), year=2026, text="参加会议，提出提案。"
    )
    return {"term": term, "proposal": case, "duty_report": report}


OFFICE_ACTS = {"chair", "staff"}
ACTIONS = {
    "congress:attendance": OFFICE_ACTS,
    "congress:duty-report-evaluate": OFFICE_ACTS,
    "congress:evaluation-new": OFFICE_ACTS,
    # The proposal is past co-signing (registered): nobody co-signs or invites any more.
    "congress:cosign": set(),
    "congress:add-cosigners": set(),
    "api:cosign_proposal": set(),
}


ACTION_INPUT = {
    "congress:attendance": lambda u, f, user: {
        # Before the session only leave can be marked: a change all the same.
        f"rep-{r.pk}": "leave"
        for r in f["term"].congress.representatives.all()
    },
    "congress:evaluation-new": lambda u, f, user: {"kind": "representatives", "delegation": f["term"].run.pk},
}
