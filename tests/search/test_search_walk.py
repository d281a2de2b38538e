"""A common word is found by walking the published cases' documents in list order (migration 0027).

The walk tests each case's search document from the index `case_search_walk`
(an index-only scan) with `strpos()`; the ranks test their words the same way
rather than with the word index a second time (cases.search.ranking).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from cases.search import ranking
from cases.search.ranking import RankedCases, search_cases
from tests.factories import CaseFactory, PersonFactory
from tests.plans import plan_as_for_large_tables

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index"),
]


@pytest.fixture
def kuznetsovs():
    for day in range(1, 8):
        CaseFactory(
            person=PersonFactory(name=f"Ivan Kuznetsov {day}"),
            detained_on=datetime.date(2020, 1, day),
        )
    CaseFactory(person=PersonFactory(name="Kuznetsova Anna"), summary="Wife of a Kuznetsov.")
    CaseFactory(person=PersonFactory(name="Olga Ivanova"), summary="Agreed to Kuznetsovs' terms.")


def page_queries(query, monkeypatch):
    """The statements reading the first page of a search, each rank chosen on its own."""
    monkeypatch.setattr(ranking, "CHOSEN_BEFORE_JOINS", 0)
    ranked = RankedCases(search_cases(Case.objects.published(), query))
    assert ranked.count()
    with CaptureQueriesContext(connection) as queries:
        found = ranked[0:3]
    return found, [query["sql"] for query in queries]


@pytest.mark.usefixtures("kuznetsovs")
@pytest.mark.parametrize("query", ["Kuznetsov", "Кузнецова"])
def test_a_search_page_walks_the_documents_in_the_index(query, monkeypatch):
    plan_as_for_large_tables()
    _, statements = page_queries(query, monkeypatch)
    with connection.cursor() as cursor:
        # On a few rows the planner may walk the list's order index as well (reading
        # each row); at 1,000,000 cases it walks this one (README). What is checked
        # here is that it can: the index holds all that the page's walk reads.
        cursor.execute("DROP INDEX case_detained_on_order")  # Until the test's rollback.
        for sql in statements:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan using case_search_walk" in plan, plan
            # The quick test, not a LIKE matching character by character.
            assert "strpos(search_document" in plan and "~~ '%" not in plan, plan


@pytest.mark.usefixtures("kuznetsovs")
def test_the_walk_finds_whole_words_only(monkeypatch):
    found, _ = page_queries("Kuznetsov", monkeypatch)
    # "Kuznetsovs'" is not the word; the wife's summary names a Kuznetsov.
    assert [case.person.name for case in found] == [
        "Ivan Kuznetsov 7",
        "Ivan Kuznetsov 6",
        "Ivan Kuznetsov 5",
    ]
    everywhere = [case.person.name for case in search_cases(Case.objects.all(), "Kuznetsov")]
    assert "Kuznetsova Anna" in everywhere
    assert "Olga Ivanova" not in everywhere
