"""Property-based fuzzing of the whole API against its own OpenAPI schema (schemathesis).

Every operation in /api/schema/ gets generated requests, as an editor with a
token so writes are exercised, against a small seeded registry. No answer may
be a 5xx, use an undocumented status code or content type, or break the
documented response schema. Bounded (examples per operation, no deadline
flakiness, derandomized) so the suite stays fast and repeatable in CI.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from registry.wsgi import application
from tests import factories

# Every check schemathesis has, as `--checks all` runs them.
load_all_checks()
ALL_CHECKS = CHECKS.get_all()
# The records seeded for the current test, for the path parameters hook below.
SEEDED = {}


@pytest.fixture
def seeded_registry(db, monkeypatch):
    # The requests go to the WSGI application, whose end-of-request signal would close the
    # database connection, and with it the test's transaction on PostgreSQL; Django's own
    # test client disconnects it the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    # Fuzzing sends hundreds of requests; throttling is tested in test_api_throttling.py.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    case = factories.CaseFactory()
    draft = factories.CaseFactory(published=False)
    citation = factories.CitationFactory(case=case, charge=factories.ChargeFactory(case=case))
    position = factories.PositionFactory(case=case)
    factories.CitationFactory(case=draft, source=citation.source, quote="Lavrov and Blinken spoke")
    SEEDED.update(
        {
            "cases": case.slug,
            "people": case.person.slug,
            "charges": citation.charge_id,
            "events": factories.EventFactory(case=case).pk,
            "actors": position.actor_id,
            "positions": position.pk,
            "sources": citation.source_id,
            "citations": citation.pk,
        }
    )
    # Ids that bodies refer to (see map_body).
    SEEDED["references"] = {
        "case": case.pk,
        "person_id": case.person_id,
        "actor_id": position.actor_id,
        "source": citation.source_id,
        "charge": citation.charge_id,
    }
    editor = factories.UserFactory(groups=["editors"])
    SEEDED["token"] = Token.objects.create(user=editor).key
    yield
    SEEDED.clear()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    """Half the time, address a seeded record rather than an id or slug that names nothing."""
    resource = context.operation.path.split("/")[3]
    if not path_parameters or resource not in SEEDED:
        return path_parameters
    for name, value in path_parameters.items():
        # A deterministic choice (str hashes vary between runs), so runs repeat.
        if len(str(value)) % 2 == 0:
            path_parameters[name] = SEEDED[resource]
    return path_parameters


# Generating the schema reads no rows, so it is loaded once, when the tests are collected.
@schemathesis.hook
def map_case(context, case):
    """Half the time, refer to seeded records, so that creations can succeed too.

    The body is assigned anew, not changed in place, so schemathesis checks it
    again: a reference generated invalid on purpose and replaced here by a
    seeded record's id makes the request valid, and it must then be judged so.
    """
    body = case.body
    if isinstance(body, dict) and len(body) % 2 == 0:
        references = SEEDED.get("references", {})
        case.body = {name: references.get(name, value) for name, value in body.items()}
    return case


# Coverage phase off: it would send every boundary case of every parameter, thousands of
# requests; the examples and fuzzing phases are bounded by max_examples below.
# The status codes the schema documents for the deliberate differences it states
# (cases/api/schema.py, WRITE_RULES): a schema-valid write may break a rule across
# fields or records (400) or meet a stale If-Match first (412).
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", "3XX", 400, 401, 403, 404, 409, 412, 429]
            },
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428, 429]
            },
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_request_within_its_schema(case, seeded_registry):
    case.call_and_validate(headers={"Authorization": f"Token {SEEDED['token']}"}, checks=ALL_CHECKS)
