"""The API against its own OpenAPI spec, with generated input: valid, invalid and hostile.

Every operation is called with examples that schemathesis draws from the spec (and with
examples that break it: wrong types, huge numbers, strings past their limits, missing fields),
as the union office and as an employee, over a union with real appeals, disclosures and events.
No answer may be a server error, and every answer must be one the spec declares, in the shape
it declares. Derandomised, so a run on a busy machine makes the same requests as any other.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.models import ApiToken
from gonghui.api.api import api
from tests.cases_helpers import make_appeal
from tests.congress_helpers import make_term
from tests.disclosure_helpers import make_catalogue
from tests.events_helpers import make_events

EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app():
    """Django's WSGI application, serving inside the test's transaction: the request signals
    must not close the connection the test holds (Django's own test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _operations():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


def _checker(operation, mode, app, headers, statuses):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(app=app, headers=headers)
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    return check


# Ids from 1 on every database and run: the generated path ids then meet real appeals, events
# and disclosures (PostgreSQL's sequences otherwise go on from earlier tests).
@pytest.mark.django_db(reset_sequences=True)
@pytest.mark.parametrize("role", ["staff", "employee"])
def test_no_input_breaks_the_api_or_its_spec(union, app, role):
    make_appeal(union)
    make_appeal(union, anonymous=True, title="食堂")
    make_catalogue(union)
    make_events(union)
    make_term(union)
    token = ApiToken.issue(user=getattr(union, role), name="fuzz")[1]
    headers = {"Authorization": f"Bearer {token}"}
    answered = {}

    for operation in OPERATIONS:
        statuses = answered.setdefault(f"{operation.method.upper()} {operation.path}", set())
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _checker(operation, mode, app, headers, statuses)()
    # Every operation was called, and the valid examples got through to real answers.
    assert len(answered) == len(OPERATIONS) >= 30
    assert all(statuses and max(statuses) < 500 for statuses in answered.values())
    assert sum(1 for statuses in answered.values() if statuses & {200, 201}) >= 15


def test_the_spec_names_each_schema_once():
    """Two schemas of one name overwrite each other in the spec (two ItemOut once did)."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = {}
    for schema in subclasses(Schema):
        if schema.__module__.startswith("gonghui."):
            names.setdefault(schema.__name__, set()).add(schema.__module__)
    assert len(names) > 20
    assert {name: modules for name, modules in names.items() if len(modules) > 1} == {}
