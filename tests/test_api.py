"""The API at /api/v1/: token or session auth, scoped exactly like the pages."""

from gonghui.accounts.models import ApiToken


def bearer(client, user):
    _, raw = ApiToken.issue(user=user, name="测试")
    return {"Authorization": f"Bearer {raw}"}


def test_openapi_spec_is_served_to_people_who_logged_in(client, login, union):
    assert client.get("/api/v1/openapi.json").status_code == 302
    assert client.get("/api/v1/docs").status_code == 302
    login(union.employee)
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/org/people" in spec["paths"]
    people = spec["paths"]["/api/v1/org/people"]["get"]
    assert "403" in people["responses"]
    # Operation ids read area_thing_action.
    assert people["operationId"] == "org_people_list"
    assert spec["paths"]["/api/v1/cases/{case_id}/act"]["post"]["operationId"] == "cases_case_act"
    assert client.get("/api/v1/docs").status_code == 200


def test_a_one_time_password_opens_no_api(client, union):
    """Whoever still has the union office's one-time password must change it first: neither a
    session nor a token of theirs answers."""
    from django.contrib.auth.hashers import make_password

    headers = bearer(client, union.employee)
    union.employee.must_change_password = True
    union.employee.password = make_password("X7K2M-9PQ4R")
    union.employee.save()
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "password_change_required" and "修改初始密码" in refused.json()["message"]
    client.force_login(union.employee)
    assert client.get("/api/v1/me").status_code == 403


def test_every_error_has_a_code_and_a_chinese_message(client, union):
    headers = bearer(client, union.employee)
    missing = client.get("/api/v1/org/people/999999", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "message": "找不到该对象，或无权查看",
        "detail": "找不到该对象，或无权查看",
    }
    assert client.get("/api/v1/org/people", headers=headers).json()["code"] == "forbidden"
    bad = client.get("/api/v1/org/people/abc", headers=headers).json()
    assert bad["code"] == "invalid" and "路径参数" in bad["message"]
    assert client.get("/api/v1/me").json()["code"] == "unauthorized"


def test_it_requires_authentication(client, db):
    assert client.get("/api/v1/org/people").status_code == 401
    assert client.get("/api/v1/org/people", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_branch_chair_token_sees_only_the_branch(client, union):
    body = client.get("/api/v1/org/people", headers=bearer(client, union.branch_chair)).json()
    assert {p["name"] for p in body["results"]} == {"张分会", "陈代表", "吴职工"}
    assert len(body["results"]) == 3 and body["next"] is None


def test_chinese_is_not_escaped(client, union):
    response = client.get("/api/v1/me", headers=bearer(client, union.employee))
    assert "吴职工".encode() in response.content


def test_person_outside_scope_is_404(client, union):
    headers = bearer(client, union.branch_chair)
    assert client.get(f"/api/v1/org/people/{union.outsider.employee_id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/org/people/{union.employee.employee_id}", headers=headers).status_code == 200


def test_employee_cannot_list_people_but_reads_themselves(client, union):
    headers = bearer(client, union.employee)
    assert client.get("/api/v1/org/people", headers=headers).status_code == 403
    me = client.get(f"/api/v1/org/people/{union.employee.employee_id}", headers=headers).json()
    # Their own phone in full; the ID number masked for everyone (shown in full only on an audited request).
    assert me["phone"] == union.employee.employee.phone
    assert me["id_number"] == union.employee.employee.masked_id_number


def test_handler_gets_masked_sensitive_fields(client, union):
    from tests.factories import make_employee

    colleague = make_employee(union.boiler_team, "钱班员")
    body = client.get(f"/api/v1/org/people/{colleague.pk}", headers=bearer(client, union.handler)).json()
    assert body["phone"] == colleague.masked_phone
    assert body["id_number"] == colleague.masked_id_number


def test_filters_match_the_page(client, union):
    headers = bearer(client, union.staff)
    body = client.get("/api/v1/org/people", {"q": "孙", "unit": union.equip_branch.pk}, headers=headers).json()
    assert [p["name"] for p in body["results"]] == ["孙外人"]


def test_session_auth_works_for_the_browser(login, union):
    assert login(union.staff).get("/api/v1/org/units").status_code == 200


def test_revoked_user_token_stops_working(client, union):
    headers = bearer(client, union.staff)
    union.staff.is_active = False
    union.staff.save()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_appeal_through_the_api_from_submission_to_rating(client, union):
    employee, staff, handler = (bearer(client, u) for u in (union.employee, union.staff, union.handler))
    created = client.post(
        "/api/v1/appeals",
        {"category": "social_insurance", "title": "公积金基数核对", "body": "今年基数未按工资调整", "anonymous": True},
        content_type="application/json",
        headers=employee,
    )
    assert created.status_code == 201
    case = created.json()
    assert case["number"].startswith("SQ-") and case["state"] == "submitted"

    mine = client.get("/api/v1/appeals/mine", headers=employee).json()
    assert [c["number"] for c in mine["results"]] == [case["number"]]

    def act(headers, transition, **extra):
        current = client.get(f"/api/v1/cases/{case['id']}", headers=headers).json()
        return client.post(
            f"/api/v1/cases/{case['id']}/act",
            {"transition": transition, "version": current["version"], **extra},
            content_type="application/json",
            headers=headers,
        )

    assert act(staff, "assign", lead_unit_id=union.equip_dept.pk).status_code == 200
    listed = client.get("/api/v1/appeals", headers=handler).json()["results"]
    assert listed[0]["requester"] == "匿名职工" and "吴职工" not in str(listed)
    assert act(handler, "answer").status_code == 400  # an answer needs text
    answered = act(handler, "answer", text="已按新基数补缴").json()
    assert answered["state"] == "answered"

    stale = client.post(
        f"/api/v1/cases/{case['id']}/rate",
        {"rating": "satisfied", "version": 1},
        content_type="application/json",
        headers=employee,
    )
    assert stale.status_code == 409
    rated = client.post(
        f"/api/v1/cases/{case['id']}/rate",
        {"rating": "satisfied", "version": answered["version"]},
        content_type="application/json",
        headers=employee,
    )
    assert rated.json()["state"] == "closed"
    assert client.post(
        f"/api/v1/cases/{case['id']}/rate",
        {"rating": "satisfied", "version": 99},
        content_type="application/json",
        headers=handler,
    ).status_code in (403, 409)


def test_an_outsider_cannot_act_on_a_case(client, union):
    from tests.cases_helpers import make_appeal

    case = make_appeal(union)
    response = client.post(
        f"/api/v1/cases/{case.pk}/act",
        {"transition": "accept", "version": case.version},
        content_type="application/json",
        headers=bearer(client, union.outsider),
    )
    assert response.status_code == 404


def test_a_deadline_without_a_zone_is_beijing_time(client, union):
    """The API lets a client leave the zone off a deadline: it is read as the page reads its
    fields, as Beijing time, instead of failing with a 500."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.cases_helpers import make_appeal

    case = make_appeal(union, assign=False)
    year = datetime.now().year + 1
    response = client.post(
        f"/api/v1/cases/{case.pk}/act",
        {
            "transition": "assign",
            "version": case.version,
            "lead_unit_id": union.equip_dept.pk,
            "due_at": f"{year}-03-01T09:00:00",
        },
        content_type="application/json",
        headers=bearer(client, union.staff),
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.due_at == datetime(year, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_lists_are_walked_by_cursor_with_no_count(client, union):
    """Every list is paged by cursor: walking the roster two at a time meets each person once,
    in the roster's order; a later page costs the queries of the first (no COUNT, no OFFSET);
    a made-up cursor is a 400 saying what to use instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.org.models import Employee

    headers = bearer(client, union.staff)
    client.get("/api/v1/org/people?limit=2", headers=headers)  # roles and the token's owner, kept
    seen, cursor, costs = [], None, []
    while True:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/api/v1/org/people?limit=2&status=all&cursor={cursor or ''}", headers=headers).json()
        costs.append(len(queries))
        assert all("COUNT(" not in q["sql"].upper() and "OFFSET" not in q["sql"].upper() for q in queries)
        assert len(page["results"]) <= 2
        seen += [p["employee_no"] for p in page["results"]]
        if not (cursor := page["next"]):
            break
    everybody = list(Employee.objects.order_by("unit_path", "employee_no").values_list("employee_no", flat=True))
    assert seen == everybody and len(costs) >= 3 and len(set(costs[1:])) == 1
    bad = client.get("/api/v1/org/people?cursor=not-a-cursor", headers=headers)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid" and "cursor" in bad.json()["message"]
    assert client.get("/api/v1/org/people?limit=101", headers=headers).status_code == 422
