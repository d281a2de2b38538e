"""The admin's search boxes find what the registry's search finds, in any script or spelling."""

import pytest
from django.urls import reverse

from cases.models import Case, Person
from tests.factories import CaseFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

SPELLINGS = ["Navalnyy", "Навального", "Navalny"]


@pytest.fixture
def navalny():
    person = PersonFactory(name="Alexei Navalny", native_name="Алексей Навальный")
    CaseFactory(person=PersonFactory(name="Paul Whelan"), summary="Held with an agreed swap.")
    return CaseFactory(person=person)


def listed(admin_client, model, query):
    url = reverse(f"admin:cases_{model._meta.model_name}_changelist")
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("query", SPELLINGS)
def test_the_people_admin_finds_a_person_under_any_spelling(admin_client, navalny, query):
    assert listed(admin_client, Person, query) == [navalny.person]


@pytest.mark.parametrize("query", SPELLINGS)
def test_the_case_admin_finds_a_case_under_any_spelling(admin_client, navalny, query):
    assert listed(admin_client, Case, query) == [navalny]


def test_the_admin_matches_whole_words_as_the_registry_search_does(admin_client, navalny):
    assert listed(admin_client, Case, "Reed") == []  # not in "agreed"


def test_the_source_admin_searches_titles_and_texts_and_finds_a_digest(admin_client):
    source = SourceFactory(title="Moscow open to better Washington ties")
    SourceFactory(title="Another piece")

    assert listed(admin_client, type(source), "Washington") == [source]
    assert listed(admin_client, type(source), source.sha256) == [source]


def test_the_case_autocomplete_uses_the_registry_search(admin_client, navalny):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Навального",
            "app_label": "cases",
            "model_name": "citation",
            "field_name": "case",
        },
    )
    assert [int(result["id"]) for result in response.json()["results"]] == [navalny.pk]


def test_the_person_autocomplete_also_finds_a_name_still_being_typed(admin_client, navalny):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Naval", "app_label": "cases", "model_name": "case", "field_name": "person"},
    )
    assert [int(result["id"]) for result in response.json()["results"]] == [navalny.person.pk]
