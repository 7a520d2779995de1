"""One story told twice, through the pages and through the API, ends the same way: both go
through the same services, so the case, its timeline, its audit trail and who was told match.

吴职工 raises an appeal, 李干事 assigns it to 设备部, 刘承办 accepts and answers it, and 吴职工
rates the answer; the API's appeal differs only in its title.
"""

from auditlog.models import LogEntry
from django.urls import reverse

from gonghui.cases.models import Case
from gonghui.notify.models import Notification
from tests.test_api import bearer


def _by_page(client, login, union, title):
    login(union.employee)
    client.post(reverse("appeals:new"), {"category": "wages", "title": title, "body": "三月加班 20 小时只算了 12 小时"})
    case = Case.objects.get(title=title)

    def act(user, transition, **fields):
        login(user)
        current = Case.objects.get(pk=case.pk)
        data = {
            "transition": transition,
            f"{transition}-transition": transition,
            f"{transition}-version": current.version,
        }
        data.update({f"{transition}-{k}": v for k, v in fields.items()})
        return client.post(reverse("cases:act", args=[case.pk]), data)

    act(union.staff, "assign", lead_unit=union.equip_dept.pk)
    act(union.handler, "accept")
    act(union.handler, "answer", text="已按实际加班时长补发")
    login(union.employee)
    client.post(
        reverse("cases:rate", args=[case.pk]),
        {"rating": "satisfied", "reason": "", "version": Case.objects.get(pk=case.pk).version},
    )
    return case.pk


def _by_api(client, union, title):
    employee, staff, handler = (bearer(client, u) for u in (union.employee, union.staff, union.handler))
    created = client.post(
        "/api/v1/appeals",
        {"category": "wages", "title": title, "body": "三月加班 20 小时只算了 12 小时"},
        content_type="application/json",
        headers=employee,
    ).json()

    def post(path, headers, **body):
        version = client.get(f"/api/v1/cases/{created['id']}", headers=headers).json()["version"]
        response = client.post(
            f"/api/v1/cases/{created['id']}/{path}",
            {"version": version, **body},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 200, response.json()

    post("act", staff, transition="assign", lead_unit_id=union.equip_dept.pk)
    post("act", handler, transition="accept")
    post("act", handler, transition="answer", text="已按实际加班时长补发")
    post("rate", employee, rating="satisfied")
    return created["id"]


def _outcome(pk):
    case = Case.objects.select_related("lead_unit").get(pk=pk)
    steps = list(case.events.order_by("id").values_list("action", "actor__username", "text"))
    audit = sorted(
        (entry.action, entry.actor.username if entry.actor else None, tuple(sorted(entry.changes_dict)))
        for entry in LogEntry.objects.filter(content_type__model="case", object_id=pk)
    )
    told = sorted(
        (n.recipient.username, n.title.replace(case.number, "#"))
        for n in Notification.objects.filter(url__contains=f"/cases/{pk}/")
    )
    return {
        "state": case.state,
        "rating": case.rating,
        "lead": case.lead_unit.name,
        "answer": case.answer,
        "answered": case.answered_at is not None,
        "closed": case.closed_at is not None,
        "steps": steps,
        "audit": audit,
        "told": told,
    }


def test_the_page_and_the_api_tell_the_same_story(client, login, union):
    by_page = _outcome(_by_page(client, login, union, "加班费未足额发放（页面）"))
    client.logout()
    by_api = _outcome(_by_api(client, union, "加班费未足额发放（接口）"))
    assert by_page["state"] == "closed" and by_page["rating"] == "satisfied"
    assert [step[0] for step in by_page["steps"]][:2] == ["submit", "assign"]
    assert by_page["told"], "somebody was told"
    assert by_api == by_page
