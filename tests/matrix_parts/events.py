from tests.events_helpers import make_events
from tests.factories import image_upload

ALL = "302 200 200 200 200 200 200 200"
OFFICE = "302 200 200 403 403 403 403 403"
POST_ONLY = "302 405 405 405 405 405 405 405"
# An activity for 运行分工会: the union office and the branch's people see it; others never learn of it.
BRANCH_AUDIENCE = "302 200 200 200 404 200 200 404"
ORGANISERS = "302 200 200 200 403 403 403 403"


def _e(f):
    return f["events"]


MATRIX = {
    "events:list": ("get", lambda u, f: {}, ALL),
    "events:new": ("get", lambda u, f: {}, ORGANISERS),
    "events:mine": ("get", lambda u, f: {}, ALL),
    "events:coverage": ("get", lambda u, f: {}, ORGANISERS),
    "events:coverage-export": ("get", lambda u, f: {}, ORGANISERS),
    "events:detail": ("get", lambda u, f: {"pk": _e(f).activity.pk}, BRANCH_AUDIENCE),
    "events:signup": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:cancel": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    # Whoever holds the code on site gets the sign-in page; signing in checks the rest.
    "events:checkin": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk, "token": _e(f).activity.checkin_token},
        ALL,
    ),
    "events:qr": ("get", lambda u, f: {"pk": _e(f).activity.pk}, "302 200 200 403 404 403 403 404"),
    "events:mark": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:photo": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:photo-file": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk, "photo_pk": f["event_photo"].pk},
        BRANCH_AUDIENCE,
    ),
    "events:cancel-event": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "activities:associations": ("get", lambda u, f: {}, ALL),
    "activities:association-new": ("get", lambda u, f: {}, OFFICE),
    "activities:association": ("get", lambda u, f: {"pk": _e(f).association.pk}, ALL),
    "activities:join": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "activities:leave": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "activities:leader": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "venues:list": ("get", lambda u, f: {}, ALL),
    "venues:new": ("get", lambda u, f: {}, OFFICE),
    "venues:detail": ("get", lambda u, f: {"pk": _e(f).venue.pk}, ALL),
    "venues:book": ("get", lambda u, f: {"pk": _e(f).venue.pk}, POST_ONLY),
    "venues:unbook": ("get", lambda u, f: {"pk": _e(f).venue.pk, "booking_pk": 1}, POST_ONLY),
    "study:index": ("get", lambda u, f: {}, ALL),
    "study:library": ("get", lambda u, f: {}, ALL),
    "study:plan": ("get", lambda u, f: {"pk": f["study_plan"].pk}, ALL),
    "study:plan-new": ("get", lambda u, f: {}, OFFICE),
    "study:material-new": ("get", lambda u, f: {}, OFFICE),
    "api:list_events": ("get", lambda u, f: {}, "401 200 200 200 200 200 200 200"),
    "api:get_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, "401 200 200 200 404 200 200 404"),
    "api:signup_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, "405 405 405 405 405 405 405 405"),
    "api:cancel_signup": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, "405 405 405 405 405 405 405 405"),
    "api:checkin_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, "405 405 405 405 405 405 405 405"),
}


def fixtures(union) -> dict:
    from gonghui.events.models import Photo
    from gonghui.study.models import StudyPlan

    events = make_events(union)
    photo = Photo.objects.create(
        event=events.activity,
        file=image_upload("合影.jpg"),
        uploaded_by=union.staff,
    )
    plan = StudyPlan.objects.create(
        union=union.root, title="学习贯彻工会十八大精神", year=2026, unit=union.root, content="……"
    )
    return {"events": events, "event_photo": photo, "study_plan": plan}
