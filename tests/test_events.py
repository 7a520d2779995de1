"""The events kernel and its domains: audiences, sign-up, the waiting list, QR check-in, hours,
coverage; associations, venue bookings, study records."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.events.models import Registration
from gonghui.notify.models import Notification
from tests.events_helpers import make_activity, make_events
from tests.factories import make_employee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(union):
    """Three more people in 运行一值 besides 吴职工."""
    return [make_user(make_employee(union.shift1, name, f"H05{i:02d}")) for i, name in enumerate(["甲", "乙", "丙"])]


def test_a_full_activity_keeps_a_waiting_list_in_order(client, login, union, crowd):
    event = make_activity(union, capacity=2)
    people = [union.employee, *crowd]
    for person in people:
        login(person)
        client.post(reverse("events:signup", args=[event.pk]))
    states = dict(event.registrations.values_list("user__username", "state"))
    assert states == {"H0006": "registered", "H0500": "registered", "H0501": "waiting", "H0502": "waiting"}
    login(crowd[2])
    assert "候补名单第 2 位" in client.get(reverse("events:detail", args=[event.pk])).content.decode()

    # A place freed goes to the first in line, who is told.
    login(union.employee)
    client.post(reverse("events:cancel", args=[event.pk]))
    assert Registration.objects.get(event=event, user=crowd[1]).state == "registered"
    assert Notification.objects.filter(recipient=crowd[1], title__contains="候补成功").exists()
    login(crowd[2])
    assert "候补名单第 1 位" in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    # Leaving the queue frees no place.
    client.post(reverse("events:cancel", args=[event.pk]))
    assert event.registrations.filter(state="registered").count() == 2
    # Signing up again joins the end of the queue.
    login(union.employee)
    response = client.post(reverse("events:signup", args=[event.pk]), follow=True)
    assert "名额已满，您已进入候补名单" in response.content.decode()


def test_only_the_audience_signs_up_and_only_in_the_window(client, login, union):
    event = make_activity(union)
    login(union.outsider)  # 燃料部: not 运行分工会
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert client.post(reverse("events:signup", args=[event.pk])).status_code == 404
    from django.core.exceptions import PermissionDenied

    from gonghui.events.services import signup

    with pytest.raises(PermissionDenied):
        signup(user=union.outsider, event=event)
    event.signup_closes = timezone.now() - timedelta(minutes=1)
    event.save()
    login(union.employee)
    response = client.post(reverse("events:signup", args=[event.pk]), follow=True)
    assert "不在报名时间内" in response.content.decode()


def test_qr_checkin_credits_hours_and_moves_coverage(client, login, union, crowd):
    event = make_activity(union, capacity=1, starts_in=timedelta(minutes=30))
    login(union.employee)
    client.post(reverse("events:signup", args=[event.pk]))
    login(crowd[0])
    client.post(reverse("events:signup", args=[event.pk]))  # waits

    login(union.staff)
    # The event's own year: half an hour from now may be next year, late on 31 December.
    year = {"year": timezone.localtime(event.starts_at).year}
    coverage = client.get(reverse("events:coverage"), year).content.decode()
    assert "0 / " in coverage
    assert "吴职工" in coverage  # not reached yet
    qr = client.get(reverse("events:qr", args=[event.pk])).content.decode()
    assert "<svg" in qr and event.checkin_token in qr

    checkin_url = reverse("events:checkin", args=[event.pk, event.checkin_token])
    login(union.employee)
    forged = client.post(reverse("events:checkin", args=[event.pk, "forged"]))
    assert forged.status_code == 403 and "签到码无效" in forged.content.decode()
    response = client.post(checkin_url, follow=True)
    assert "签到成功，计 2.0 小时" in response.content.decode()
    mine = Registration.objects.get(event=event, user=union.employee)
    assert mine.attended and mine.hours == 2
    assert "已经签到过了" in client.post(checkin_url, follow=True).content.decode()
    login(crowd[0])
    assert "仍在候补" in client.post(checkin_url, follow=True).content.decode()

    # The organiser signs in a walk-in by employee number.
    login(union.staff)
    client.post(reverse("events:mark", args=[event.pk]), {"employee_no": "H0501"})
    assert Registration.objects.get(event=event, user=crowd[1]).attended
    coverage = client.get(reverse("events:coverage"), {"level": "department", **year}).content.decode()
    assert "运行部" in coverage and "吴职工" not in coverage.split("尚未参加任何活动")[1]

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(reverse("events:coverage-export"), year).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    branch = next(r for r in rows if r[0] == "运行分工会")
    assert branch[2] == 2 and isinstance(branch[1], int)

    login(union.employee)
    record = client.get(reverse("events:mine")).content.decode()
    assert "文体活动" in record and "2.0 小时" in record


def test_checkin_only_on_the_day(client, login, union):
    event = make_activity(union, starts_in=timedelta(days=2))
    login(union.employee)
    client.post(reverse("events:signup", args=[event.pk]))
    response = client.post(reverse("events:checkin", args=[event.pk, event.checkin_token]), follow=True)
    assert "不在签到时间内" in response.content.decode()


def test_an_open_event_needs_no_signup_but_the_audience(client, login, union):
    event = make_activity(union, needs_signup=False, starts_in=timedelta(minutes=10), capacity=None)
    login(union.employee)
    client.post(reverse("events:checkin", args=[event.pk, event.checkin_token]))
    assert Registration.objects.get(event=event, user=union.employee).attended
    login(union.outsider)
    response = client.post(reverse("events:checkin", args=[event.pk, event.checkin_token]))
    assert response.status_code == 403


def test_cancelling_an_event_tells_everybody(client, login, union):
    event = make_activity(union)
    login(union.employee)
    client.post(reverse("events:signup", args=[event.pk]))
    login(union.employee)
    assert client.post(reverse("events:cancel-event", args=[event.pk])).status_code == 403
    login(union.staff)
    client.post(reverse("events:cancel-event", args=[event.pk]))
    assert Notification.objects.filter(recipient=union.employee, title__contains="活动取消").exists()


def test_associations_and_their_own_activities(client, login, union):
    f = make_events(union)
    login(union.outsider)
    client.post(reverse("activities:join", args=[f.association.pk]))
    assert f.association.group.memberships.filter(user=union.outsider).exists()
    # The leader (张分会) organises an activity for members only.
    login(union.branch_chair)
    start = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + timedelta(days=5, hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("events:new"),
        {
            "kind": "activity",
            "category": "badminton",
            "title": "协会月赛",
            "organiser": union.run_branch.pk,
            "group": f.association.group.pk,
            "starts_at": start,
            "ends_at": end,
            "audience": "group",
            "audience_group": f.association.group.pk,
            "needs_signup": "on",
            "hours": "2",
        },
        follow=True,
    )
    assert "已发布：协会月赛" in response.content.decode()
    login(union.outsider)  # a member, outside the branch
    assert "协会月赛" in client.get(reverse("events:list")).content.decode()
    login(union.employee)  # not a member
    assert "协会月赛" not in client.get(reverse("events:list")).content.decode()
    login(union.outsider)
    client.post(reverse("activities:leave", args=[f.association.pk]))
    assert "协会月赛" not in client.get(reverse("events:list")).content.decode()


def test_venue_bookings_never_overlap(client, login, union):
    f = make_events(union)
    login(union.staff)
    day = timezone.localtime() + timedelta(days=3)

    def book(start_h, end_h, title, **extra):
        start = day.replace(hour=start_h, minute=0).strftime("%Y-%m-%dT%H:%M")
        end = day.replace(hour=end_h, minute=0).strftime("%Y-%m-%dT%H:%M")
        return client.post(
            reverse("venues:book", args=[f.venue.pk]),
            {"title": title, "starts_at": start, "ends_at": end, **extra},
            follow=True,
        ).content.decode()

    assert "已预约" in book(9, 11, "健康大讲堂：颈椎保健", lecture="on")
    assert "已被“健康大讲堂：颈椎保健”预约" in book(10, 12, "班组长培训")
    assert "已预约" in book(11, 12, "班组长培训")
    assert f.venue.bookings.count() == 2
    lecture = f.venue.bookings.get(title__startswith="健康").event
    assert lecture.kind == "lecture" and lecture.capacity == 120
    login(union.employee)
    assert "健康大讲堂：颈椎保健" in client.get(reverse("events:list")).content.decode()
    assert "预约" not in client.get(reverse("venues:detail", args=[f.venue.pk])).content.decode().split("近期安排")[0]
    assert client.post(reverse("venues:book", args=[f.venue.pk]), {"title": "x"}).status_code == 302
    login(union.staff)
    booking = f.venue.bookings.get(title__startswith="健康")
    client.post(reverse("venues:unbook", args=[f.venue.pk, booking.pk]))
    lecture.refresh_from_db()
    assert lecture.cancelled_at is not None and not f.venue.bookings.filter(pk=booking.pk).exists()


def test_study_hours_in_the_record(client, login, union):
    from gonghui.events.services import checkin_by_organiser, event_create

    start = timezone.now() - timedelta(hours=1)
    study = event_create(
        actor=union.staff,
        kind="study",
        category="theory",
        title="学习工会十八大精神",
        organiser=union.root,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        hours=3,
    )
    checkin_by_organiser(actor=union.staff, event=study, user=union.employee)
    login(union.employee)
    # The study's own year: an hour ago may be last year, just after midnight on 1 January.
    page = client.get(reverse("study:index"), {"year": timezone.localtime(start).year}).content.decode()
    assert "3.0 小时" in page


def test_api_signup_cancel_checkin(client, login, union, crowd):
    event = make_activity(union, capacity=1, starts_in=timedelta(minutes=20))
    login(union.employee)
    assert client.post(f"/api/v1/events/{event.pk}/signup").json()["my_state"] == "已报名"
    login(crowd[0])
    assert client.post(f"/api/v1/events/{event.pk}/signup").json()["my_state"] == "候补"
    login(union.employee)
    assert client.post(f"/api/v1/events/{event.pk}/cancel").status_code == 200
    login(crowd[0])
    assert client.get(f"/api/v1/events/{event.pk}").json()["my_state"] == "已报名"
    bad = client.post(f"/api/v1/events/{event.pk}/checkin", {"token": "x"}, content_type="application/json")
    assert bad.status_code == 403
    good = client.post(
        f"/api/v1/events/{event.pk}/checkin", {"token": event.checkin_token}, content_type="application/json"
    )
    assert good.json()["attended"] is True
    login(union.outsider)
    assert client.post(f"/api/v1/events/{event.pk}/signup").status_code == 404


def test_lists_cost_the_same_whatever_their_size(client, login, union):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_activity(union)
    login(union.employee)

    def count(url):
        from django.core.cache import cache

        cache.clear()  # the uncached cost; the coverage figures are otherwise kept
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx)

    urls = [reverse("events:list"), reverse("events:coverage")]
    login(union.staff)
    small = [count(u) for u in urls]
    for i in range(5):
        make_activity(union, title=f"活动{i}")
    assert [count(u) for u in urls] == small


def test_the_union_office_keeps_study_plans_and_the_library(client, login, union):
    from gonghui.study.models import Material, StudyPlan

    login(union.staff)
    client.post(reverse("study:material-new"), {"title": "习近平谈治国理政", "author": "习近平", "kind": "book"})
    material = Material.objects.get()
    response = client.post(
        reverse("study:plan-new"),
        {
            "title": "学习工会十八大精神",
            "year": 2026,
            "month": 11,
            "unit": union.root.pk,
            "content": "专题研讨。",
            "materials": [material.pk],
        },
        follow=True,
    )
    assert "已保存：学习工会十八大精神" in response.content.decode()
    assert list(StudyPlan.objects.get().materials.all()) == [material]
    login(union.employee)
    assert "习近平谈治国理政" in client.get(reverse("study:library") + "?q=治国").content.decode()
    assert client.get(reverse("study:plan-new")).status_code == 403


def test_the_union_office_registers_a_venue(client, login, union):
    from gonghui.venues.models import Venue

    login(union.staff)
    response = client.post(
        reverse("venues:new"),
        {"name": "阳光工作室", "kind": "sunshine", "unit": union.root.pk, "place": "综合楼二楼", "capacity": 10},
        follow=True,
    )
    assert "已登记阵地：阳光工作室" in response.content.decode()
    assert Venue.objects.get().kind == "sunshine"
    login(union.employee)
    assert client.get(reverse("venues:new")).status_code == 403


def test_the_organisers_list_shows_a_new_signup_at_once(client, login, union):
    """The organiser's list of who signed up is kept between visits, until somebody signs up."""
    event = make_activity(union)
    organiser = login(union.staff)
    assert "还没有人报名" in organiser.get(reverse("events:detail", args=[event.pk])).content.decode()
    login(union.employee).post(reverse("events:signup", args=[event.pk]))
    page = login(union.staff).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "吴职工" in page and "运行一值" in page and "还没有人报名" not in page


def test_the_organisers_event_page_costs_the_same_with_more_people_and_shares(client, login, union):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.events.services import quota_set, registration_create

    event = make_activity(union, capacity=None)
    quota_set(actor=union.staff, event=event, unit=union.run_branch, places=2)
    login(union.staff)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/events/{event.pk}/")
        return len(ctx)

    small = count()
    for i in range(6):
        registration_create(actor=make_user(make_employee(union.shift1, f"观众{i}")), event=event)
    assert count() == small
