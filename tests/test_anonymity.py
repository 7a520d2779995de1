"""An anonymous person stays anonymous in every record: pages, lists, the API, exports,
notifications, the audit log and the files they attach.

吴职工 raises things anonymously from her own address; every path below then looks for her
name, her employee number, her user id and that address everywhere a handler, the union office
or an insider reading the tables could look. The last test shows the same search finds her
when she does not ask for anonymity, so none of these checks can pass by looking in the wrong place.
"""

from __future__ import annotations

import io
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from PIL import Image

from gonghui.accounts.models import ApiToken
from gonghui.cases.models import Case, CaseAttachment, CaseEvent
from gonghui.cases.services import case_act
from gonghui.notify.models import Notification
from tests.disclosure_helpers import make_catalogue
from tests.factories import image_upload

ADDRESS = "198.51.100.23"
ARTIST = "Wu Fang H0006"


def _act(client, case, transition, **data):
    case.refresh_from_db()
    payload = {"transition": transition, f"{transition}-transition": transition, f"{transition}-version": case.version}
    payload.update({f"{transition}-{k}": v for k, v in data.items()})
    return client.post(reverse("cases:act", args=[case.pk]), payload)


def _marks(union) -> list[str]:
    person = union.employee.employee
    return [person.name, person.employee_no, person.phone, person.id_number, ARTIST, "HUAWEI", "Mate 60"]


def _token(user) -> str:
    return ApiToken.issue(user=user, name="测试")[1]


def _as(client, user, address="127.0.0.1"):
    """Log the client in as `user`, its requests coming from `address` (hers is ADDRESS)."""
    client.defaults["REMOTE_ADDR"] = address
    client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    return client


def _since(start: int):
    """Audit rows written after the test union was built (whose own rows rightly name her)."""
    return LogEntry.objects.filter(pk__gt=start)


def _pages_seen_by_others(union, case, start) -> list[tuple[object, str]]:
    types = ",".join(str(pk) for pk in _since(start).values_list("content_type", flat=True).distinct())
    pages = [
        (union.staff, reverse("cases:detail", args=[case.pk])),
        (union.staff, reverse("todo")),
        *[
            (viewer, f"{reverse('audit:log-list')}?model={t}")
            for viewer in (union.staff, union.chair)
            for t in types.split(",")
        ],
        (union.staff, reverse("notify:inbox")),
        (union.chair, reverse("notify:inbox")),
    ]
    if case.kind == "appeal":
        pages += [(union.staff, reverse("appeals:list")), (union.staff, reverse("appeals:export"))]
    if case.lead_unit_id:
        handler = union.handler if case.lead_unit == union.equip_dept else union.branch_chair
        pages += [
            (handler, reverse("cases:detail", args=[case.pk])),
            (handler, reverse("todo")),
            (handler, reverse("notify:inbox")),
        ]
        if case.kind == "appeal":
            pages.append((handler, reverse("appeals:list")))
    pages += [(union.chair, reverse("audit:log-detail", args=[e.pk])) for e in _since(start)]
    return pages


def assert_nobody_can_tell(client, union, case, start) -> None:
    person = union.employee
    marks = _marks(union)
    # Pages and exports, as everybody who handles the case or reads the audit log.
    for viewer, url in _pages_seen_by_others(union, case, start):
        response = _as(client, viewer).get(url)
        assert response.status_code == 200, url
        body = response.content.decode(errors="ignore")
        for mark in marks:
            assert mark not in body, (url, mark)
        assert ADDRESS not in body, url
    client.logout()
    # The API, as the union office with a token.
    staff = {"HTTP_AUTHORIZATION": f"Bearer {_token(union.staff)}"}
    answers = [client.get(f"/api/v1/cases/{case.pk}", **staff), client.get("/api/v1/appeals", **staff)]
    for answer in answers:
        text = answer.content.decode()
        for mark in marks:
            assert mark not in text
    assert answers[0].json()["requester"] == "匿名职工"
    # Notifications to anybody but herself.
    for note in Notification.objects.exclude(recipient=person):
        for mark in marks:
            assert mark not in f"{note.title} {note.body} {note.url}"
    # The audit log: no row names her, points at her, or carries her address.
    for entry in _since(start):
        assert entry.actor_id != person.pk, entry.object_repr
        assert entry.remote_addr != ADDRESS, entry.object_repr
        recorded = json.dumps([entry.changes, entry.additional_data, entry.object_repr], ensure_ascii=False)
        for mark in marks:
            assert mark not in recorded
        assert "requester" not in (entry.changes or {})
    # The timeline keeps her steps without her.
    hidden = CaseEvent.objects.filter(case=case, actor_hidden=True)
    assert hidden.exists() and not hidden.exclude(actor=None).exists()
    # Her files: renamed, and re-encoded without what her phone wrote into them.
    for attachment in CaseAttachment.objects.filter(case=case):
        assert attachment.name.startswith("附件")
        for stored in (attachment.file, attachment.thumbnail):
            if not stored:
                continue
            data = stored.open("rb").read()
            for mark in marks:
                assert mark.encode() not in data and mark not in stored.name
            image = Image.open(io.BytesIO(data))
            assert not image.getexif() and "xmp" not in image.info and "exif" not in image.info


def _last_entry() -> int:
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _anonymous_appeal(client, union) -> Case:
    _as(client, union.employee, ADDRESS)
    response = client.post(
        reverse("appeals:new"),
        {
            "category": "welfare",
            "title": "食堂夜班餐标准",
            "body": "夜班餐标准三年未调整",
            "anonymous": "on",
            "attachments": [image_upload("吴职工_IMG_0301.jpg", artist=ARTIST, gps=True)],
        },
    )
    assert response.status_code == 302
    return Case.objects.get(anonymous=True)


@pytest.mark.django_db
def test_an_anonymous_appeal_from_the_page(client, union):
    start = _last_entry()
    case = _anonymous_appeal(client, union)
    case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    case.refresh_from_db()
    assert CaseAttachment.objects.get(case=case).name == "附件1.jpg"
    assert_nobody_can_tell(client, union, case, start)


@pytest.mark.django_db
def test_an_anonymous_appeal_over_the_api(client, union):
    token = _token(union.employee)  # her token's own audit row rightly names her
    start = _last_entry()
    response = client.post(
        "/api/v1/appeals",
        {"category": "welfare", "title": "食堂夜班餐标准", "body": "夜班餐标准三年未调整", "anonymous": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 201 and response.json()["anonymous"] is True
    case = Case.objects.get(anonymous=True)
    case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    assert_nobody_can_tell(client, union, case, start)


@pytest.mark.django_db
def test_an_anonymous_persons_later_words_rating_and_files(client, union):
    token = _token(union.employee)
    start = _last_entry()
    case = _anonymous_appeal(client, union)
    case = case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    _as(client, union.employee, ADDRESS)
    client.post(
        reverse("cases:comment", args=[case.pk]),
        {"text": "补充：周末也一样。", "attachments": [image_upload("IMG_wufang.png", artist=ARTIST)]},
    )
    assert list(CaseAttachment.objects.filter(case=case).values_list("name", flat=True).order_by("pk")) == [
        "附件1.jpg",
        "附件2.png",
    ]
    case.refresh_from_db()
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="已调整为 15 元。")
    _as(client, union.employee, ADDRESS)
    client.post(
        reverse("cases:rate", args=[case.pk]), {"version": case.version, "rating": "unsatisfied", "reason": "仍偏低"}
    )
    case.refresh_from_db()
    assert case.state == "processing" and case.reopen_count == 1
    case = case_act(actor=union.handler, case=case, transition="answer", version=case.version, text="再调整为 18 元。")
    rated = client.post(
        f"/api/v1/cases/{case.pk}/rate",
        {"rating": "satisfied", "version": case.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR=ADDRESS,
    )
    assert rated.status_code == 200
    steps = LogEntry.objects.filter(object_id=case.pk, actor=None).values_list("additional_data__step", flat=True)
    assert {"提出", "补充说明", "评价"} <= set(steps)
    # She still follows her own case, and sees her own steps as hers.
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "我（匿名）" in page and "食堂夜班餐标准" in page
    assert_nobody_can_tell(client, union, case, start)


@pytest.mark.django_db
@pytest.mark.parametrize("through", ["page", "api"])
def test_an_anonymous_question_about_a_disclosure(client, union, through):
    # The bonus table lists her by name, as it should: that row is the disclosure's, not hers.
    c = make_catalogue(union)
    token = _token(union.employee)
    start = _last_entry()
    question = {"title": "夜班是否计入考核得分？", "body": "本月 8 个夜班，得分和白班一样。"}
    if through == "page":
        _as(client, union.employee, ADDRESS)
        client.post(reverse("disclosure:ask", args=[c.published.pk]), {**question, "anonymous": "on"})
    else:
        response = client.post(
            f"/api/v1/disclosures/{c.published.pk}/questions",
            {**question, "anonymous": True},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            REMOTE_ADDR=ADDRESS,
        )
        assert response.status_code == 201
    case = Case.objects.get(kind="disclosure_question")
    assert case.anonymous and case.lead_unit == union.shift1
    # The question's link to the disclosure is audited too — without her.
    link = LogEntry.objects.get(content_type__model="question")
    assert link.actor is None and link.remote_addr is None and link.cid is None
    _as(client, union.branch_chair)
    _act(client, case, "answer", text="夜班按 1.1 倍计入出勤得分。")
    client.post(reverse("disclosure:answer-public", args=[case.pk]), {"public": "1"})
    _as(client, union.employee, ADDRESS)
    public = client.get(reverse("disclosure:detail", args=[c.published.pk])).content.decode()
    assert "夜班按 1.1 倍" in public and "吴职工" not in public.split("答：")[0][-300:]
    assert_nobody_can_tell(client, union, case, start)


@pytest.mark.django_db
def test_the_same_search_finds_her_when_she_signs_her_name(client, union):
    start = _last_entry()
    _as(client, union.employee, ADDRESS)
    client.post(
        reverse("appeals:new"),
        {
            "category": "welfare",
            "title": "食堂夜班餐标准",
            "body": "夜班餐标准三年未调整",
            "attachments": [image_upload("a.jpg")],
        },
    )
    case = Case.objects.get()
    case_act(actor=union.staff, case=case, transition="assign", version=case.version, lead_unit=union.equip_dept)
    entry = LogEntry.objects.get(object_id=case.pk, additional_data__step="提出")
    assert entry.actor == union.employee and entry.remote_addr == ADDRESS
    _as(client, union.handler)
    assert "吴职工" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    with pytest.raises(AssertionError):
        assert_nobody_can_tell(client, union, case, start)
