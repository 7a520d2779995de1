from tests.matrix_profiles import API_EVERYONE, EVERYONE, OFFICE, POST_ONLY, expect
from tests.supervision_helpers import make_oversight

# Minutes of meetings and patrols: the union office, representatives and company leaders.
MINUTES = expect(403, chair=200, staff=200, representative=200, leader=200)


def _o(f):
    return f["oversight"]


MATRIX = {
    "supervision:index": ("get", lambda u, f: {}, EVERYONE),
    "supervision:contracts": ("get", lambda u, f: {}, EVERYONE),
    "supervision:contract-new": ("get", lambda u, f: {}, OFFICE),
    # A filed contract concerns everybody; its draft successor does not.
    "supervision:contract": ("get", lambda u, f: {"pk": _o(f).filed.pk}, EVERYONE),
    "supervision:contract-edit": ("get", lambda u, f: {"pk": _o(f).draft.pk}, OFFICE),
    "supervision:contract-version": ("get", lambda u, f: {"pk": _o(f).filed.pk}, POST_ONLY),
    "supervision:contract-round": ("get", lambda u, f: {"pk": _o(f).draft.pk}, OFFICE),
    "supervision:contract-open-vote": ("get", lambda u, f: {"pk": _o(f).draft.pk}, POST_ONLY),
    "supervision:contract-vote": ("get", lambda u, f: {"pk": _o(f).draft.pk}, OFFICE),
    "supervision:contract-file": ("get", lambda u, f: {"pk": _o(f).draft.pk}, OFFICE),
    "supervision:inspection-new": ("get", lambda u, f: {"pk": _o(f).filed.pk}, OFFICE),
    "supervision:inspection-finding": ("get", lambda u, f: {"pk": _o(f).inspection.pk}, POST_ONLY),
    "supervision:meetings": ("get", lambda u, f: {}, MINUTES),
    "supervision:meeting-new": ("get", lambda u, f: {}, OFFICE),
    "supervision:meeting": ("get", lambda u, f: {"pk": _o(f).meeting.pk}, MINUTES),
    "supervision:meeting-edit": ("get", lambda u, f: {"pk": _o(f).meeting.pk}, OFFICE),
    "supervision:meeting-decision": ("get", lambda u, f: {"pk": _o(f).meeting.pk}, POST_ONLY),
    "supervision:patrols": ("get", lambda u, f: {}, MINUTES),
    "supervision:patrol-new": ("get", lambda u, f: {}, OFFICE),
    "supervision:patrol": ("get", lambda u, f: {"pk": _o(f).patrol.pk}, MINUTES),
    "supervision:patrol-edit": ("get", lambda u, f: {"pk": _o(f).patrol.pk}, OFFICE),
    "supervision:patrol-finding": ("get", lambda u, f: {"pk": _o(f).patrol.pk}, POST_ONLY),
    "api:list_contracts": ("get", lambda u, f: {}, API_EVERYONE),
    "api:list_meetings": (
        "get",
        lambda u, f: {},
        expect(403, anonymous=401, chair=200, staff=200, representative=200, leader=200),
    ),
    "api:list_patrols": (
        "get",
        lambda u, f: {},
        expect(403, anonymous=401, chair=200, staff=200, representative=200, leader=200),
    ),
}


def fixtures(union) -> dict:
    from tests.factories import make_employee, make_user

    # The congress votes on a contract by secret ballot, which needs three voters at least:
    # two more representatives besides the matrix's own.
    for n in range(2):
        make_user(make_employee(union.shift2, f"合同代表{n}"), ("representative", union.run_dept))
    return {"oversight": make_oversight(union)}


OFFICE_ACTS = {"chair", "staff"}
ACTIONS = {
    "supervision:contract-version": OFFICE_ACTS,
    "supervision:contract-open-vote": OFFICE_ACTS,
    "supervision:inspection-finding": OFFICE_ACTS,
    "supervision:meeting-decision": OFFICE_ACTS,
    "supervision:patrol-finding": OFFICE_ACTS | {"representative"},
}
