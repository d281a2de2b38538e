"""Every record's history over the API: who changed what and when, for those who may see it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Case
from tests import factories

pytestmark = pytest.mark.django_db


def history(client, record, name=None):
    name = name or record._meta.model_name
    key = record.slug if name in ("case", "person") else record.pk
    return client.get(reverse(f"{name}-history", args=[key]))


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_change_through_the_api_is_listed_with_its_author_and_old_and_new_values():
    editor = factories.UserFactory(username="editor-anna", groups=["editors"])
    client = token_client(editor)
    case = factories.CaseFactory(status=Case.Status.DETAINED)
    response = client.patch(
        reverse("case-detail", args=[case.slug]),
        {"status": "imprisoned", "place": "Lefortovo"},
        format="json",
    )
    assert response.status_code == 200, response.content

    body = history(client, case).json()

    assert body["count"] == 2
    changed, created = body["results"]
    assert changed["type"] == "changed"
    assert changed["user"] == "editor-anna"
    assert changed["changes"] == [
        {"field": "place", "old": "Moscow", "new": "Lefortovo"},
        {"field": "status", "old": "detained", "new": "imprisoned"},
    ]
    assert changed["history_id"] > created["history_id"]
    assert created["type"] == "created"
    assert created["user"] is None  # made by a factory, not by a signed-in user
    assert {"field": "detaining_country", "old": None, "new": "RU"} in created["changes"]
    assert {"field": "detained_on", "old": None, "new": "2018-12-28"} in created["changes"]


def test_the_public_sees_what_changed_but_not_who_changed_it(api_client):
    case = factories.CaseFactory()
    token_client(factories.UserFactory(groups=["editors"])).patch(
        reverse("case-detail", args=[case.slug]), {"summary": "Sentenced."}, format="json"
    )
    entries = history(api_client, case).json()["results"]
    assert [entry["user"] for entry in entries] == [None, None]
    assert entries[0]["changes"] == [
        {"field": "summary", "old": "Held on charges the person denies.", "new": "Sentenced."}
    ]


def test_foreign_keys_and_citizenships_are_given_as_ids_and_codes(api_client):
    person, other = factories.PersonFactory(citizenships=["US"]), factories.PersonFactory()
    case = factories.CaseFactory(person=person)
    person.citizenships = ["US", "GB"]
    person.save()
    case.person = other
    case.save()
    factories.CaseFactory(person=person)  # keeps the first person public
    person_changes = history(api_client, person).json()["results"][0]["changes"]
    assert person_changes == [{"field": "citizenships", "old": ["US"], "new": ["US", "GB"]}]
    case_changes = history(api_client, case).json()["results"][0]["changes"]
    assert case_changes == [{"field": "person", "old": person.id, "new": other.id}]


def test_the_history_of_a_draft_and_of_its_facts_is_hidden_from_the_public(api_client):
    draft = factories.CaseFactory(published=False)
    records = {
        "case": draft,
        "charge": factories.ChargeFactory(case=draft),
        "event": factories.EventFactory(case=draft),
        "position": factories.PositionFactory(case=draft),
        "citation": factories.CitationFactory(case=draft),
        "person": draft.person,
    }
    for name, record in records.items():
        assert history(api_client, record, name).status_code == 404, name
    api_client.force_authenticate(factories.UserFactory(groups=["viewers"]))
    for name, record in records.items():
        assert history(api_client, record, name).status_code == 200, name


@pytest.mark.parametrize(
    "factory",
    [
        factories.CaseFactory,
        factories.PersonFactory,
        factories.ChargeFactory,
        factories.EventFactory,
        factories.ActorFactory,
        factories.PositionFactory,
        factories.SourceFactory,
        factories.CitationFactory,
    ],
)
def test_every_resource_has_a_history(api_client, factory):
    record = factory()
    # People, actors and sources are public through a published case.
    if factory is factories.PersonFactory:
        factories.CaseFactory(person=record)
    if factory is factories.ActorFactory:
        factories.PositionFactory(actor=record)
    if factory is factories.SourceFactory:
        factories.CitationFactory(source=record)
    body = history(api_client, record).json()
    assert body["results"][0]["type"] == "created"


def test_the_history_is_paged_and_each_version_is_compared_with_the_one_before(api_client):
    actor = factories.PositionFactory(actor__role="Minister").actor
    for role in ["Deputy minister", "Ambassador", "Envoy"]:
        actor.role = role
        actor.save()
    url = reverse("actor-history", args=[actor.pk])

    first = api_client.get(url, {"page_size": 2}).json()
    second = api_client.get(url, {"page_size": 2, "page": 2}).json()

    assert first["count"] == 4 and "page=2" in first["next"]
    roles = [entry["changes"] for entry in first["results"] + second["results"]]
    assert roles[0] == [{"field": "role", "old": "Ambassador", "new": "Envoy"}]
    # The oldest on the first page is compared with the newest on the second.
    assert roles[1] == [{"field": "role", "old": "Deputy minister", "new": "Ambassador"}]
    assert roles[2] == [{"field": "role", "old": "Minister", "new": "Deputy minister"}]
    assert second["results"][1]["type"] == "created"


def test_the_history_costs_the_same_queries_for_60_or_120_versions(api_client):
    def queries(versions):
        case = factories.CaseFactory()
        for number in range(versions - 1):
            case.summary = f"Account {number}"
            case.save()
        with CaptureQueriesContext(connection) as captured:
            response = history(api_client, case)
        assert response.json()["count"] == versions
        return len(captured)

    # Both first pages are full (50), so both are counted.
    assert queries(60) == queries(120)


def test_the_history_takes_only_paging_parameters(api_client):
    case = factories.CaseFactory()
    response = api_client.get(reverse("case-history", args=[case.slug]), {"status": "detained"})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
