from tests.supervision_helpers import make_oversight

ALL = "302 200 200 200 200 200 200 200"
OFFICE = "302 200 200 403 403 403 403 403"
POST_ONLY = "302 405 405 405 405 405 405 405"
# Minutes of meetings and patrols: the union office, representatives and company leaders.
MINUTES = "302 200 200 403 403 200 403 200"


def _o(f):
    return f["oversight"]


MATRIX = {
    "supervision:index": ("get", lambda u, f: {}, ALL),
    "supervision:contracts": ("get", lambda u, f: {}, ALL),
    "supervision:contract-new": ("get", lambda u, f: {}, OFFICE),
    # A filed contract concerns everybody; its draft successor does not.
    "supervision:contract": ("get", lambda u, f: {"pk": _o(f).filed.pk}, ALL),
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
    "api:list_contracts": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:list_meetings": ("get", lambda u, f: {}, "401 200 200 403 403 200 403 200"),
    "api:list_patrols": ("get", lambda u, f: {}, "401 200 200 403 403 200 403 200"),
}


def fixtures(union) -> dict:
    return {"oversight": make_oversight(union)}
