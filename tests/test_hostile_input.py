"""Every page that a role may open, opened again with every filter parameter set to something
hostile: ids past 64 bits, digits that are not ASCII, dates in year 1 and 9999, injections.
A page may ignore a bad parameter or refuse it; it may never answer with a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, ROW_PART
from tests.test_permission_matrix import fixtures as fixtures  # noqa: F401  the same fixtures

HOSTILE = [
    {
        **dict.fromkeys(
            ["unit", "page", "before", "category", "session", "delegation", "model"], "99999999999999999999999"
        ),
        "since": "1000000",
        "year": "99999",
        "quarter": "9",
        "after": "-1",
        "q": "%' OR 1=1 --\x00",
        "state": "<script>alert(1)</script>",
    },
    {
        **dict.fromkeys(["unit", "page", "before", "category", "session", "delegation", "year"], "²"),
        "after": "١٢",
        "quarter": "³",
        "status": "'; DROP TABLE x; --",
        "kind": "../../etc",
        "level": "x",
        "when": "x",
        "action": "abc",
    },
    {
        "since": "0001-01-01",
        "until": "9999-12-31",
        "q": "张" * 500,
        "member": "2",
        "overdue": "1",
        "all": "1",
        "scope": "x",
    },
]

# A NUL in every parameter: PostgreSQL refuses it in any text it is given, SQLite takes it.
HOSTILE.append(dict.fromkeys(sorted({name for params in HOSTILE for name in params}), "1\x00"))


def _pages(role: str):
    for name, (method, _kwargs, codes) in sorted(MATRIX.items()):
        if method == "get" and codes[role] == 200 and not name.startswith("api:"):
            yield name


@pytest.mark.parametrize("role", ["chair", "employee"])
def test_no_parameter_makes_a_page_fail(client, union, fixtures, role):
    client.force_login(union.users()[role], backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
    pages = list(_pages(role))
    assert len(pages) > 40
    failures = []
    for name in pages:
        if name in ROW_PART:
            fixtures.build(ROW_PART[name])
        url = reverse(name, kwargs=MATRIX[name][1](union, fixtures))
        for params in HOSTILE:
            response = client.get(url, params)
            if response.status_code >= 500:
                failures.append(f"{url}?{params}")
    assert failures == []
