"""Proposals over the API: submit, co-sign, list, act, rate — the same rules as the pages."""

from __future__ import annotations

import pytest

from tests.congress_helpers import make_term

pytestmark = pytest.mark.django_db


def _total(client, url) -> int:
    """How many rows a list has, read through its cursor pages."""
    total, cursor = 0, ""
    while True:
        page = client.get(f"{url}&cursor={cursor}" if cursor else url).json()
        total += len(page["results"])
        if not (cursor := page["next"]):
            return total


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_proposal_through_the_api(client, login, union):
    term = make_term(union)
    login(term.proposer)
    reps = {r["name"]: r["id"] for r in client.get("/api/v1/representatives").json()["results"]}
    assert set(reps) == {"陈代表", "赵代表", "钱代表", "冯代表"}
    payload = {
        "title": "关于增设职工健身房的提案",
        "category": "welfare",
        "reasons": "活动室面积小。",
        "measures": "改造闲置库房。",
        "cosigner_ids": [reps["赵代表"]],
    }
    refused = _post(client, "/api/v1/proposals", payload)
    assert refused.status_code == 400 and "至少 2 名代表附议" in refused.json()["detail"]
    payload["cosigner_ids"].append(reps["钱代表"])
    created = _post(client, "/api/v1/proposals", payload)
    assert created.status_code == 201
    case = created.json()
    assert case["state"] == "cosigning" and case["number"].startswith("TA-")
    assert _total(client, "/api/v1/proposals?scope=mine") == 1
    assert _total(client, "/api/v1/proposals?scope=public") == 0

    for user in (term.cosigner1, term.cosigner2):
        login(user)
        response = _post(client, f"/api/v1/proposals/{case['id']}/cosign", {"agree": True})
        assert response.status_code == 200
    assert response.json()["state"] == "submitted"
    again = _post(client, f"/api/v1/proposals/{case['id']}/cosign", {"agree": True})
    assert again.status_code == 400

    login(union.staff)
    handling = client.get("/api/v1/proposals?scope=handling").json()
    assert handling["results"][0]["actions"] == ["register", "convert"]
    version = handling["results"][0]["version"]
    registered = _post(
        client,
        f"/api/v1/cases/{case['id']}/act",
        {"transition": "register", "version": version, "lead_unit_id": union.equip_dept.pk},
    )
    assert registered.status_code == 200 and registered.json()["state"] == "assigned"

    login(union.handler)
    detail = client.get(f"/api/v1/cases/{case['id']}").json()
    answered = _post(
        client,
        f"/api/v1/cases/{case['id']}/act",
        {"transition": "answer", "version": detail["version"], "text": "已改造库房为健身房。"},
    )
    assert answered.json()["state"] == "answered"

    login(term.proposer)
    rated = _post(
        client, f"/api/v1/cases/{case['id']}/rate", {"rating": "satisfied", "version": answered.json()["version"]}
    )
    assert rated.json()["state"] == "rated"
    assert _total(client, "/api/v1/proposals?scope=public") == 1


def test_outsiders_cannot_cosign_or_submit(client, login, union):
    term = make_term(union)
    login(union.employee)
    response = _post(
        client,
        "/api/v1/proposals",
        {"title": "x", "category": "other", "reasons": "x", "measures": "x", "cosigner_ids": []},
    )
    assert response.status_code == 403
    login(term.proposer)
    reps = [r["id"] for r in client.get("/api/v1/representatives").json()["results"]]
    case = _post(
        client,
        "/api/v1/proposals",
        {"title": "x", "category": "other", "reasons": "x", "measures": "x", "cosigner_ids": reps},
    ).json()
    login(union.employee)
    assert _post(client, f"/api/v1/proposals/{case['id']}/cosign", {"agree": True}).status_code == 404
    assert client.get("/api/v1/proposals?scope=everything").status_code == 400
