from tests.congress_helpers import make_term, submit_proposal

ALL = "302 200 200 200 200 200 200 200"
OFFICE = "302 200 200 403 403 403 403 403"
POST_ONLY = "302 405 405 405 405 405 405 405"
REPORT = "302 200 200 403 403 403 403 200"

MATRIX = {
    "congress:index": ("get", lambda u, f: {}, ALL),
    "congress:session-new": ("get", lambda u, f: {}, OFFICE),
    "congress:congress-new": ("get", lambda u, f: {}, OFFICE),
    "congress:delegation-new": ("get", lambda u, f: {}, OFFICE),
    "congress:session": ("get", lambda u, f: {"pk": f["term"].session.pk}, ALL),
    "congress:session-edit": ("get", lambda u, f: {"pk": f["term"].session.pk}, OFFICE),
    "congress:attendance": ("get", lambda u, f: {"pk": f["term"].session.pk}, POST_ONLY),
    "congress:report": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:report-docx": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:report-pdf": ("get", lambda u, f: {"pk": f["term"].session.pk}, REPORT),
    "congress:representatives": ("get", lambda u, f: {}, ALL),
    "congress:representative-new": ("get", lambda u, f: {}, OFFICE),
    "congress:representative": ("get", lambda u, f: {"pk": f["term"].congress.representatives.first().pk}, ALL),
    "congress:representative-end": (
        "get",
        lambda u, f: {"pk": f["term"].congress.representatives.first().pk},
        POST_ONLY,
    ),
    # Handlers and branch chairs list the proposals assigned to their units.
    "congress:proposal-list": ("get", lambda u, f: {}, "302 200 200 200 200 403 403 403"),
    "congress:proposal-new": ("get", lambda u, f: {}, "302 403 403 403 403 200 403 403"),
    "congress:proposal-mine": ("get", lambda u, f: {}, ALL),
    "congress:proposal-public": ("get", lambda u, f: {}, ALL),
    "congress:proposal-public-detail": ("get", lambda u, f: {"pk": f["proposal"].pk}, ALL),
    "congress:duty-report-new": ("get", lambda u, f: {}, "302 403 403 403 403 200 403 403"),
    "congress:duty-report-evaluate": ("get", lambda u, f: {"pk": f["duty_report"].pk}, POST_ONLY),
    "congress:evaluation-new": ("get", lambda u, f: {}, POST_ONLY),
    "congress:cosign": ("get", lambda u, f: {"pk": f["proposal"].pk}, POST_ONLY),
    "congress:add-cosigners": ("get", lambda u, f: {"pk": f["proposal"].pk}, POST_ONLY),
    "api:list_representatives": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    # GET and POST share /api/v1/proposals: a GET there is the public list.
    "api:submit_proposal": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:list_proposals": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:cosign_proposal": ("get", lambda u, f: {"case_id": f["proposal"].pk}, "405 405 405 405 405 405 405 405"),
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
