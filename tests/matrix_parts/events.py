from datetime import timedelta

from django.utils import timezone

from tests.events_helpers import make_events
from tests.factories import image_upload
from tests.matrix_profiles import API_EVERYONE, API_POST_ONLY, EVERYONE, OFFICE, POST_ONLY, ROLES, expect

# An activity for 运行分工会: the union office and the branch's people see it; others never learn of it.
BRANCH_AUDIENCE = expect(200, handler=404, leader=404, elsewhere=404)
ORGANISERS = expect(403, chair=200, staff=200, branch_chair=200)
# The union's own activity: its office organises it; who cannot see it gets a 404.
ORGANISER_LIST = expect(403, anonymous=401, chair=200, staff=200, handler=404, leader=404, elsewhere=404)


def _e(f):
    return f["events"]


MATRIX = {
    "events:list": ("get", lambda u, f: {}, EVERYONE),
    "events:new": ("get", lambda u, f: {}, ORGANISERS),
    "events:mine": ("get", lambda u, f: {}, EVERYONE),
    "events:coverage": ("get", lambda u, f: {}, ORGANISERS),
    "events:coverage-export": ("get", lambda u, f: {}, ORGANISERS),
    "events:detail": ("get", lambda u, f: {"pk": _e(f).activity.pk}, BRANCH_AUDIENCE),
    "events:signup": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:cancel": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:approve": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk, "registration_pk": f["event_registration"].pk},
        POST_ONLY,
    ),
    # Whoever holds the code on site gets the sign-in page; signing in checks the rest.
    "events:checkin": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk, "token": _e(f).activity.checkin_token},
        EVERYONE,
    ),
    "events:qr": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk},
        expect(403, chair=200, staff=200, handler=404, leader=404, elsewhere=404),
    ),
    "events:mark": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:quota": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:nominate": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:photo": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "events:photo-file": (
        "get",
        lambda u, f: {"pk": _e(f).activity.pk, "photo_pk": f["event_photo"].pk},
        BRANCH_AUDIENCE,
    ),
    "events:cancel-event": ("get", lambda u, f: {"pk": _e(f).activity.pk}, POST_ONLY),
    "activities:associations": ("get", lambda u, f: {}, EVERYONE),
    "activities:association-new": ("get", lambda u, f: {}, OFFICE),
    "activities:association": ("get", lambda u, f: {"pk": _e(f).association.pk}, EVERYONE),
    "activities:join": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "activities:leave": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "activities:leader": ("get", lambda u, f: {"pk": _e(f).association.pk}, POST_ONLY),
    "venues:list": ("get", lambda u, f: {}, EVERYONE),
    "venues:new": ("get", lambda u, f: {}, OFFICE),
    "venues:detail": ("get", lambda u, f: {"pk": _e(f).venue.pk}, EVERYONE),
    "venues:book": ("get", lambda u, f: {"pk": _e(f).venue.pk}, POST_ONLY),
    "venues:unbook": ("get", lambda u, f: {"pk": _e(f).venue.pk, "booking_pk": f["booking"].pk}, POST_ONLY),
    "study:index": ("get", lambda u, f: {}, EVERYONE),
    "study:library": ("get", lambda u, f: {}, EVERYONE),
    "study:plan": ("get", lambda u, f: {"pk": f["study_plan"].pk}, EVERYONE),
    "study:plan-new": ("get", lambda u, f: {}, OFFICE),
    "study:material-new": ("get", lambda u, f: {}, OFFICE),
    "api:list_events": ("get", lambda u, f: {}, API_EVERYONE),
    "api:get_event": (
        "get",
        lambda u, f: {"event_id": _e(f).activity.pk},
        expect(200, anonymous=401, handler=404, leader=404, elsewhere=404),
    ),
    "api:signup_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, API_POST_ONLY),
    "api:cancel_signup": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, API_POST_ONLY),
    "api:checkin_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, API_POST_ONLY),
    # The list with the kind's sign-up data: the organisers (the union office), nobody else.
    # (Signing up, by POST to the same address, is tested in test_events_api.)
    "api:list_registrations": (
        "get",
        lambda u, f: {"event_id": _e(f).activity.pk},
        ORGANISER_LIST,
    ),
    "api:register_for_event": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, ORGANISER_LIST),
    "api:decide_registration": (
        "get",
        lambda u, f: {"event_id": _e(f).activity.pk, "registration_id": f["event_registration"].pk},
        API_POST_ONLY,
    ),
    "api:take_attendance": ("get", lambda u, f: {"event_id": _e(f).activity.pk}, API_POST_ONLY),
    "api:event_results": (
        "get",
        lambda u, f: {"event_id": _e(f).activity.pk},
        expect(200, anonymous=401, handler=404, leader=404, elsewhere=404),
    ),
}


def fixtures(union) -> dict:
    from gonghui.events.models import Photo
    from gonghui.events.services import signup
    from gonghui.study.models import StudyPlan
    from gonghui.venues.services import booking_make
    from tests.factories import make_employee, make_user

    events = make_events(union)
    photo = Photo.objects.create(
        event=events.activity,
        file=image_upload("合影.jpg"),
        uploaded_by=union.staff,
    )
    plan = StudyPlan.objects.create(
        union=union.root, title="学习贯彻工会十八大精神", year=2026, unit=union.root, content="……"
    )
    start = timezone.now() + timedelta(days=2)
    booking = booking_make(
        actor=union.staff, venue=events.venue, title="工会小组会", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    # Somebody outside the matrix's roles signed up; activities need no approval, so nobody may
    # approve it. (The activity has a waiting list: the matrix's own people still sign up.)
    registration = signup(user=make_user(make_employee(union.shift2, "报名人")), event=events.activity)
    return {
        "events": events,
        "event_photo": photo,
        "study_plan": plan,
        "booking": booking,
        "event_registration": registration,
    }


OFFICE_ACTS = {"chair", "staff"}
ACTIONS = {
    # The activity is 运行分工会's, for its people.
    "events:signup": {"branch_chair", "representative", "employee"},
    "events:cancel": {"branch_chair", "representative", "employee"},
    "api:signup_event": {"branch_chair", "representative", "employee"},
    "api:cancel_signup": {"branch_chair", "representative", "employee"},
    "api:checkin_event": set(),
    "api:decide_registration": set(),
    "api:take_attendance": OFFICE_ACTS,
    # Activities declare no approvers: a sign-up has nothing to approve, for anybody.
    "events:approve": set(),
    # Organised by the union itself: its office manages it, not the branch's chair.
    "events:mark": OFFICE_ACTS,
    "events:quota": OFFICE_ACTS,
    # Its organisers for anybody in the audience, 运行分工会's chair for the branch's people.
    "events:nominate": OFFICE_ACTS | {"branch_chair"},
    "events:photo": OFFICE_ACTS,
    "events:cancel-event": OFFICE_ACTS,
    # Any of the union's people joins an association.
    "activities:join": set(ROLES) - {"anonymous", "other_chair"},
    "activities:leave": set(),
    "activities:leader": OFFICE_ACTS,
    "venues:book": OFFICE_ACTS,
    "venues:unbook": OFFICE_ACTS,
}


def _signed_up(f, user) -> dict:
    """One in the activity's audience has signed up, so that cancelling has something to cancel."""
    from gonghui.events.models import Event, Registration

    event = _e(f).activity
    if user is not None and Event.objects.for_audience_of(user).filter(pk=event.pk).exists():
        Registration.objects.get_or_create(event=event, user=user, defaults={"state": Registration.State.REGISTERED})
    return {}


def _not_a_member(f, user) -> dict:
    from gonghui.events.models import GroupMember

    GroupMember.objects.filter(group=_e(f).association.group, user=user).delete()
    return {}


def _free_hour() -> dict:
    start = timezone.localtime() + timedelta(days=30)
    return {
        "title": "工会小组会",
        "starts_at": f"{start:%Y-%m-%d}T14:00",
        "ends_at": f"{start:%Y-%m-%d}T16:00",
    }


# The activity needs sign-up, and has sign-ups already: the organisers get through to the rule.
TURNED_BACK = {
    "api:take_attendance": "需要报名的活动请在活动页面现场签到",
    "events:quota": "名额只能在报名开始前按单位分配",
}

ACTION_INPUT = {
    "events:cancel": lambda u, f, user: _signed_up(f, user),
    "api:cancel_signup": lambda u, f, user: _signed_up(f, user),
    "events:mark": lambda u, f, user: {"user": u.employee.pk},
    "events:quota": lambda u, f, user: {"unit": u.run_branch.pk, "places": 30},
    "events:nominate": lambda u, f, user: {"employee_no": u.employee.username},
    # Before the activity's day only leave can be taken.
    "api:take_attendance": lambda u, f, user: {"marks": [{"employee_no": u.employee.username, "mark": "leave"}]},
    "events:photo": lambda u, f, user: {"photos": image_upload("活动现场.jpg")},
    "activities:join": lambda u, f, user: _not_a_member(f, user),
    "activities:leader": lambda u, f, user: {"employee_no": u.employee.username},
    "venues:book": lambda u, f, user: _free_hour(),
}
