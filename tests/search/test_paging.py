"""Case lists are paged with cached counts, and ranked searches rank by rank (cases/paging.py)."""

import datetime

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from cases.search import ranking
from cases.search.paging import RegistryPaginator
from cases.search.ranking import RankedCases, search_cases
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def case(name, summary="", day=1):
    return CaseFactory(
        person=PersonFactory(name=name),
        summary=summary,
        detained_on=datetime.date(2020, 1, day),
    )


@pytest.fixture
def ranked_registry():
    """Matches for "Ivan Petrov" of every rank, on different days, plus a case that does not match."""
    return {
        # The whole query as the display name: rank 2.
        "named": [case("Ivan Petrov", day=3), case("Ivan Petrov Sidorov", day=9)],
        # The phrase elsewhere: rank 1.
        "phrase": [case("Anna Smirnova", "Married to Ivan Petrov.", day=day) for day in (2, 8)],
        # Both words, apart: rank 0.
        "words": [case("Petrov Pavel", "Son of Ivan.", day=day) for day in (1, 5, 7)],
        "other": case("Olga Ivanova"),
    }


def names(cases):
    return [(case.person.name, case.detained_on.day) for case in cases]


def test_a_ranked_search_is_paged_through_ranked_cases():
    paginator = RegistryPaginator(search_cases(Case.objects.all(), "Ivan"), 10)
    assert isinstance(paginator.object_list, RankedCases)
    by_date = RegistryPaginator(
        search_cases(Case.objects.all(), "Ivan").order_by("-detained_on"), 10
    )
    assert not isinstance(by_date.object_list, RankedCases)


@pytest.mark.parametrize(
    "chosen_before_joins", [0, 1, 200], ids=["joined-after", "mixed", "joined"]
)
@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 7, 50])
def test_every_page_holds_what_the_single_ranked_query_gives(
    ranked_registry, per_page, chosen_before_joins, monkeypatch
):
    monkeypatch.setattr(ranking, "CHOSEN_BEFORE_JOINS", chosen_before_joins)
    searched = search_cases(Case.objects.all(), "Ivan Petrov")
    expected = names(searched)
    assert [rank for rank in searched.values_list("search_rank", flat=True)] == [
        2,
        2,
        1,
        1,
        0,
        0,
        0,
    ]
    paginator = RegistryPaginator(searched, per_page)
    assert paginator.count == 7
    paged = [row for number in paginator.page_range for row in names(paginator.page(number))]
    assert paged == expected


def test_within_a_rank_cases_keep_the_list_order(ranked_registry):
    found = names(RankedCases(search_cases(Case.objects.all(), "Ivan Petrov"))[0:7])
    assert found == [
        ("Ivan Petrov Sidorov", 9),
        ("Ivan Petrov", 3),
        ("Anna Smirnova", 8),
        ("Anna Smirnova", 2),
        ("Petrov Pavel", 7),
        ("Petrov Pavel", 5),
        ("Petrov Pavel", 1),
    ]


def test_a_page_reads_only_the_ranks_it_shows_once_counts_are_cached(ranked_registry):
    ranked = RankedCases(search_cases(Case.objects.all(), "Ivan Petrov"))
    assert ranked.count() == 7  # One query, for the matches of every rank.
    with CaptureQueriesContext(connection) as queries:
        assert len(ranked[0:2]) == 2
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert len(ranked[3:5]) == 2  # The last of rank 1 and the first of rank 0.
    assert len(queries) == 2


def test_a_rank_of_many_matches_has_its_page_chosen_before_the_join(ranked_registry, monkeypatch):
    monkeypatch.setattr(ranking, "CHOSEN_BEFORE_JOINS", 2)
    ranked = RankedCases(search_cases(Case.objects.select_related("person"), "Ivan Petrov"))
    assert ranked.count() == 7
    with CaptureQueriesContext(connection) as queries:
        names(ranked[0:7])
    # Ranks 2 and 1 hold two matches each, rank 0 three: only its page is a subquery.
    two, one, zero = (query["sql"].count("SELECT") for query in queries)
    assert two == one and zero > one


def test_ranks_with_no_match_cost_no_query(ranked_registry):
    ranked = RankedCases(search_cases(Case.objects.select_related("person"), "Smirnova"))
    assert ranked.rank_counts == [(0, 2)]  # In the name, not at its start.
    with CaptureQueriesContext(connection) as queries:
        assert names(ranked[0:10]) == [("Anna Smirnova", 8), ("Anna Smirnova", 2)]
    assert len(queries) == 1


def test_a_search_that_matches_nothing_is_an_empty_page():
    case("Olga Ivanova")
    paginator = RegistryPaginator(search_cases(Case.objects.all(), "Petrov"), 10)
    assert paginator.count == 0
    assert list(paginator.get_page(1)) == []


def test_the_api_pages_a_ranked_search_in_rank_order(client, ranked_registry):
    first = client.get("/api/v1/cases/", {"search": "Ivan Petrov", "page_size": 3}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 7
    listed = [case["person"]["name"] for case in first["results"] + second["results"]]
    assert listed == ["Ivan Petrov Sidorov", "Ivan Petrov", "Anna Smirnova", "Anna Smirnova"] + [
        "Petrov Pavel",
        "Petrov Pavel",
    ]


def counts_taken(queries):
    return [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]


def test_a_first_page_that_is_not_full_is_its_own_count():
    cases = [case("Olga Ivanova", day=day) for day in (1, 2, 3)]
    paginator = RegistryPaginator(Case.objects.order_by("detained_on"), 10)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
    assert list(page) == cases
    assert paginator.count == 3
    assert not page.has_next()
    assert len(queries) == 1 and not counts_taken(queries)


def test_a_full_first_page_is_counted():
    cases = [case("Olga Ivanova", day=day) for day in (1, 2, 3)]
    paginator = RegistryPaginator(Case.objects.order_by("detained_on"), 2)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page("1")
    assert list(page) == cases[:2]
    assert paginator.count == 3 and page.has_next()
    assert counts_taken(queries)
    assert list(paginator.page(2)) == cases[2:]


def test_an_empty_list_has_an_empty_first_page_unless_told_otherwise():
    assert list(RegistryPaginator(Case.objects.all(), 10).page(1)) == []
    with pytest.raises(EmptyPage):
        RegistryPaginator(Case.objects.all(), 10, allow_empty_first_page=False).page(1)


def test_the_api_counts_a_short_list_from_its_page(client):
    case("Olga Ivanova")
    case("Olga Ivanova", day=2)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/v1/cases/", {"page_size": 5}).json()
    assert listed["count"] == 2 and listed["next"] is None
    assert len(listed["results"]) == 2
    assert not counts_taken(queries)
