"""The admin's search boxes find what the registry's search finds, in any script or spelling."""

import pytest
from django.urls import reverse

from cases.models import Case, Person, Source
from cases.search.ranking import search_cases, search_sources
from tests.factories import (
    CaseFactory,
    CitationFactory,
    PersonFactory,
    SourceFactory,
    SourceLinkFactory,
)

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


def test_a_searched_case_list_comes_best_first_as_the_registry_ranks_it(admin_client):
    anywhere = CaseFactory(person=PersonFactory(name="Ivan Petrov"), detaining_country="BY")
    first = CaseFactory(person=PersonFactory(name="Petrov Ivanovich"), detaining_country="RU")

    assert listed(admin_client, Case, "Petrov") == [first, anywhere]
    assert list(search_cases(Case.objects.all(), "Petrov")) == [first, anywhere]
    # A column clicked (the detaining country) sorts by that column instead.
    url = reverse("admin:cases_case_changelist")
    by_country = admin_client.get(url, {"q": "Petrov", "o": "3"}).context["cl"].result_list
    assert list(by_country) == [anywhere, first]


@pytest.mark.parametrize("query", ["Navalny", "Навального", "navalny's"])
def test_the_source_admin_lists_what_the_registry_source_search_finds_in_its_order(
    admin_client, query
):
    SourceFactory(title="Navalny detained", text="Алексей Навальный задержан.")
    SourceFactory(title="Statement", text="The arrest of Navalny's lawyers; Навального.")
    SourceFactory(title="Unrelated", text="Nothing here.")

    expected = list(search_sources(Source.objects.all(), query, cases=Case.objects.all()))
    assert expected
    assert listed(admin_client, Source, query) == expected


@pytest.mark.parametrize("query", SPELLINGS)
def test_the_source_admin_finds_the_sources_of_a_person_under_any_spelling(
    admin_client, navalny, query
):
    cited = CitationFactory(
        case=navalny, source=SourceFactory(text="Mr Navalny was detained."), quote="was detained"
    )
    linked = SourceFactory(title="Opposition leader held", text="The Kremlin critic was held.")
    SourceLinkFactory(case=navalny, source=linked)
    rejected = SourceFactory(title="Another opposition figure", text="Someone else.")
    SourceLinkFactory(case=navalny, source=rejected, status="rejected")
    SourceFactory(title="Unrelated", text="Nothing here.")

    assert set(listed(admin_client, Source, query)) == {cited.source, linked}
