import datetime

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Case, Person, Source
from cases.search.ranking import close_people, search_cases, search_people, search_sources
from cases.versioning import etag
from tests.factories import CaseFactory, ChargeFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exercises PostgreSQL's own search machinery"
)


@pytest.fixture
def registry():
    return {
        "navalny": CaseFactory(
            person=PersonFactory(name="Alexei Navalny", citizenships=["RU"]),
            summary="Russian opposition figure.",
        ),
        "whelan": CaseFactory(person=PersonFactory(name="Paul Whelan"), summary="US citizen."),
        "reed": CaseFactory(person=PersonFactory(name="Trevor Reed"), summary="US citizen."),
        "breeden": CaseFactory(
            person=PersonFactory(name="Anna Breedlove"), summary="She agreed to a plea."
        ),
    }


def found(query):
    return [case.person.name for case in search_cases(Case.objects.all(), query)]


@pytest.mark.parametrize(
    "query",
    [
        "Navalny",
        "Navalnyy",
        "Navalnyi",
        "Alexey Navalny",
        "Aleksei Navalny",
        "навальный",
        "Навальный",
        "NAVALNY",
        "Navalny's",
    ],
)
def test_every_spelling_of_a_name_finds_the_case(registry, query):
    assert found(query) == ["Alexei Navalny"]


@pytest.mark.parametrize("query", ["Навального", "Алексея Навального", "Навальным"])
def test_a_russian_name_in_another_grammatical_case_finds_the_case(registry, query):
    assert found(query) == ["Alexei Navalny"]


def test_a_name_as_written_ranks_above_one_found_through_declension():
    # "Кузнецова" is Kuznetsova, and also the genitive of Kuznetsov.
    CaseFactory(
        person=PersonFactory(name="Ivan Kuznetsov", native_name="Иван Кузнецов"),
        detained_on=datetime.date(2024, 1, 1),
    )
    CaseFactory(
        person=PersonFactory(name="Anna Kuznetsova", native_name="Анна Кузнецова"),
        detained_on=datetime.date(2020, 1, 1),
    )
    assert found("Кузнецова") == ["Anna Kuznetsova", "Ivan Kuznetsov"]
    assert found("Кузнецов") == ["Ivan Kuznetsov"]


def test_a_surname_finds_only_its_person(registry):
    assert found("Whelan") == ["Paul Whelan"]


def test_reed_does_not_find_names_or_words_that_merely_contain_it(registry):
    assert found("Reed") == ["Trevor Reed"]
    assert found("reed") == ["Trevor Reed"]


def test_diacritics_do_not_matter():
    CaseFactory(person=PersonFactory(name="José Muñoz"))
    assert found("Jose Munoz") == ["José Muñoz"]
    assert found("MUÑOZ") == ["José Muñoz"]


def test_aliases_and_native_names_are_searched():
    CaseFactory(
        person=PersonFactory(
            name="Ivan Safronov", native_name="Иван Сафронов", aliases="I. Safronov"
        )
    )
    assert found("Сафронов") == ["Ivan Safronov"]
    assert found("Safronow") == []


def test_charges_and_summary_are_searched_by_whole_words(registry):
    ChargeFactory(case=registry["whelan"], description="Espionage")
    assert found("espionage") == ["Paul Whelan"]
    assert found("opposition") == ["Alexei Navalny"]
    assert found("espion") == []


def test_changing_a_persons_name_in_the_api_updates_the_search(editor_client):
    case = CaseFactory(person=PersonFactory(name="Paul Whelan"))
    url = reverse("person-detail", args=[case.person.slug])
    assert editor_client.patch(url, {"aliases": "Пол Уилан"}).status_code == 200
    assert found("Уилан") == ["Paul Whelan"]


def test_changing_a_persons_name_in_the_admin_updates_the_search(admin_client):
    person = CaseFactory(person=PersonFactory(name="Paul Whelan")).person
    data = {"version": etag(person), "name": "Paul Whelan", "aliases": "Пол Уилан"}
    response = admin_client.post(reverse("admin:cases_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found("Уилан") == ["Paul Whelan"]


def test_removing_a_charge_in_the_api_updates_the_search(api_client, superuser):
    api_client.force_authenticate(superuser)
    charge = ChargeFactory(description="Smuggling")
    assert found("smuggling") == [charge.case.person.name]
    assert api_client.delete(reverse("charge-detail", args=[charge.pk])).status_code == 204
    assert found("smuggling") == []


def test_the_full_name_ranks_above_a_partial_match():
    CaseFactory(person=PersonFactory(name="Paul Reed Smith"))
    CaseFactory(person=PersonFactory(name="Trevor Reed"))
    assert found("Trevor Reed") == ["Trevor Reed"]
    assert found("Reed")[0] in {"Trevor Reed", "Paul Reed Smith"}
    CaseFactory(person=PersonFactory(name="Reed"))
    assert found("Reed")[0] == "Reed"


def test_an_empty_query_finds_nothing(registry):
    assert found("  ") == []
    assert found("'!") == []


def test_people_carry_their_search_keys():
    person = PersonFactory(name="Alexei Navalny", native_name="Алексей Навальный")
    assert person.search_names == " aleksei navalni aleksei navalni "
    assert Person.objects.filter(search_names__contains=" navalni ").get() == person


def test_sources_are_searched_in_title_and_text():
    wanted = SourceFactory(title="Moscow open to better Washington ties")
    SourceFactory(title="Unrelated", text="Nothing about it.")
    assert list(search_sources(type(wanted).objects.all(), "Washington")) == [wanted]


def test_a_list_of_cases_past_a_megabyte_is_kept_and_left_out_of_source_search():
    # PostgreSQL's full-text index refused such a text (a tsvector is at most 1 MB).
    rows = "".join(f"{n},Prisoner{n} Testov{n} arrested town{n} charge{n}\n" for n in range(20_000))
    listed = SourceFactory(kind=Source.Kind.LIST, title="arrested.csv", text=rows)
    article = SourceFactory(title="Arrested", text="He was arrested.")
    assert len(listed.text.encode()) > 1_048_575
    assert list(search_sources(Source.objects.all(), "arrested")) == [article]


@postgresql_only
def test_postgresql_full_text_search_matches_word_forms():
    wanted = SourceFactory(title="Talks", text="He was arrested in Moscow.")
    SourceFactory(title="Other", text="Nothing here.")
    assert list(search_sources(type(wanted).objects.all(), "arrest")) == [wanted]


def plan_without_full_scans(queryset):
    """The query plan when PostgreSQL may not read a whole table or index.

    A test database is too small for the planner to prefer an index on its
    own; forbidding full scans shows whether an index can serve the query.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    return queryset.explain()


@postgresql_only
@pytest.mark.parametrize("query", ["Navalny", "Навального"])
def test_postgresql_name_search_can_use_the_word_index(registry, query):
    plan = plan_without_full_scans(search_cases(Case.objects.all(), query))
    assert "case_search_words" in plan, plan
    assert "Seq Scan" not in plan, plan


@postgresql_only
@pytest.mark.parametrize("query", ["Navalny", "Навального"])
def test_postgresql_people_search_can_use_the_word_index(registry, query):
    plan = plan_without_full_scans(search_people(Person.objects.all(), query))
    assert "person_search_words" in plan, plan
    assert "Seq Scan" not in plan, plan


@postgresql_only
def test_postgresql_source_search_can_use_the_full_text_index():
    source = SourceFactory(text="He was arrested in Moscow.")
    plan = plan_without_full_scans(search_sources(type(source).objects.all(), "arrest"))
    assert "source_search_vector" in plan, plan


@pytest.mark.parametrize("query", ["Navalnyy", "Навальный", "aleksei navalny", "Навального"])
def test_the_api_and_the_public_index_search_every_spelling(client, registry, query):
    api = client.get("/api/v1/cases/", {"search": query}).json()
    assert [case["slug"] for case in api["results"]] == [registry["navalny"].slug]
    page = client.get("/", {"search": query}).content.decode()
    assert registry["navalny"].get_absolute_url() in page
    assert registry["whelan"].get_absolute_url() not in page


def test_the_api_ranks_the_best_match_first(client):
    CaseFactory(person=PersonFactory(name="Paul Reed Smith"))
    best = CaseFactory(person=PersonFactory(name="Reed"))
    api = client.get("/api/v1/cases/", {"search": "Reed"}).json()
    assert api["results"][0]["slug"] == best.slug


@pytest.mark.parametrize("query", ["Навальный", "Навального"])
def test_the_api_searches_people_by_any_spelling(client, registry, query):
    people = client.get("/api/v1/people/", {"search": query}).json()
    assert [person["name"] for person in people["results"]] == ["Alexei Navalny"]


@pytest.fixture
def kuznetsov():
    return CaseFactory(person=PersonFactory(name="Ivan Kuznetsov", native_name="Иван Кузнецов"))


@pytest.mark.parametrize("query", ["Kuznetsof", "Ivan Kusnetsov", "Kuznetsovv"])
def test_a_misspelt_name_that_finds_nothing_suggests_the_close_one(registry, kuznetsov, query):
    assert found(query) == []
    assert [person.name for person in close_people(Person.objects.all(), query)][:1] == [
        "Ivan Kuznetsov"
    ]


def test_unrelated_names_are_not_suggested(registry, kuznetsov):
    assert list(close_people(Person.objects.all(), "Smirnova")) == []
    assert list(close_people(Person.objects.all(), "  ")) == []


def test_the_api_suggests_people_whose_names_are_close(client, registry, kuznetsov):
    people = client.get("/api/v1/people/", {"close_to": "Kuznetsof"}).json()
    assert [person["name"] for person in people["results"]] == ["Ivan Kuznetsov"]


def test_the_public_index_offers_close_names_when_a_search_finds_nothing(client, kuznetsov):
    CaseFactory(person=PersonFactory(name="Hidden Kuznetsova"), published=False)
    page = client.get("/", {"search": "Kuznetsof", "status": "imprisoned"}).content.decode()
    assert "No case matches these filters." in page
    assert "Did you mean" in page
    assert 'href="?search=Ivan+Kuznetsov&amp;status=imprisoned"' in page
    assert "Hidden Kuznetsova" not in page


def test_the_public_index_suggests_nothing_when_the_search_finds_cases(client, kuznetsov):
    page = client.get("/", {"search": "Kuznetsov"}).content.decode()
    assert "Did you mean" not in page


@postgresql_only
def test_postgresql_suggestions_use_trigram_similarity_and_its_index(kuznetsov):
    plan = plan_without_full_scans(close_people(Person.objects.all(), "Kuznetsof"))
    assert "person_search_names_trgm" in plan, plan
    assert "%>" in plan, plan
