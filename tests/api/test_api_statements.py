"""Creating records through the API runs a small, bounded number of SQL statements.

Statement counts, not timings: each is a round trip to the database whatever
the machine, and a rule that queried per field or per constraint would show here.
What remains: the savepoints of the view's transaction and of the slug's retry,
the insert and its history row, and reading back what the response shows (a
new case's nested records through its serializer).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.api.views import CaseViewSet
from tests import factories

pytestmark = pytest.mark.django_db


def statements_to_create(client, basename, data):
    client.get(reverse(f"{basename}-list"))  # per-process caches (content types) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse(f"{basename}-list"), data, format="json")
    assert response.status_code == 201, response.content
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def case():
    return factories.CaseFactory()


def test_creating_a_person_runs_a_few_statements(editor_client):
    statements = statements_to_create(
        editor_client, "person", {"name": "Ada Example", "citizenships": ["US"]}
    )
    assert len(statements) <= 12, "\n".join(statements)


def test_creating_a_case_runs_a_few_statements(editor_client):
    person = factories.PersonFactory()
    data = {"person_id": person.pk, "detaining_country": "RU", "status": "detained"}
    statements = statements_to_create(editor_client, "case", data)
    assert len(statements) <= 22, "\n".join(statements)


def test_creating_a_charge_runs_a_few_statements(editor_client, case):
    data = {"case": case.pk, "description": "Espionage", "outcome": "pending"}
    statements = statements_to_create(editor_client, "charge", data)
    assert len(statements) <= 12, "\n".join(statements)


def test_creating_a_position_runs_a_few_statements(editor_client, case):
    actor = factories.ActorFactory()
    data = {"case": case.pk, "actor_id": actor.pk, "stance": "calls_for_release"}
    statements = statements_to_create(editor_client, "position", data)
    assert len(statements) <= 12, "\n".join(statements)


def test_creating_a_citation_runs_a_few_statements(editor_client, case):
    source = factories.SourceFactory()
    quote = source.text.split(".")[0]
    data = {"case": case.pk, "source": source.pk, "quote": quote}
    statements = statements_to_create(editor_client, "citation", data)
    assert len(statements) <= 14, "\n".join(statements)


def test_a_read_builds_the_views_queryset_once(api_client, monkeypatch):
    """DRF's model permissions built it a second time only to learn its model."""
    case = factories.CaseFactory()
    built = []
    original = CaseViewSet.get_queryset

    def get_queryset(view):
        built.append(view.action)
        return original(view)

    monkeypatch.setattr(CaseViewSet, "get_queryset", get_queryset)
    assert api_client.get(reverse("case-detail", args=[case.slug])).status_code == 200
    assert built == ["retrieve"]
