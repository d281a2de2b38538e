"""The case filters are served by indexes on PostgreSQL.

A test database is too small for the planner to choose an index by itself,
so sequential scans are priced out (`enable_seqscan = off`), and each filter
must then be answered through the index meant for it; without that index the
plan falls back to a sequential scan or another index, and the test fails.
"""

import pytest
from django.db import connection

from cases.models import Case
from cases.search.filters import CaseFilter
from tests.factories import CaseFactory, CitationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans"),
]


DETAINED_ON = ["case_detained_on", "case_detained_on_order", "case_search_walk"]


def plan(query_string, source=None, plain_index_scans=True):
    CaseFactory(status=Case.Status.RELEASED)
    citation = CitationFactory()
    params = dict(query_string)
    if source:
        params["source"] = str(citation.source_id)
    case_filter = CaseFilter(params, queryset=Case.objects.published())
    assert case_filter.is_valid(), case_filter.errors
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not plain_index_scans:
            cursor.execute("SET LOCAL enable_indexscan = off")
    # Unordered, as the list's COUNT(*) reads them: the list order has indexes of its own.
    return case_filter.qs.order_by().explain()


@pytest.mark.parametrize(
    ("query_string", "indexes"),
    [
        ({"status": "imprisoned"}, ["case_published_status_country"]),
        # Either index that leads with the country serves it (0020's adds the status after it).
        (
            {"detaining_country": "RU"},
            ["case_country_published_date", "case_country_status_order"],
        ),
        # Any index that leads with the date: its own, or the list order's (0007, 0027).
        ({"detained_after": "2020-01-01"}, DETAINED_ON),
        ({"detained_before": "2020-01-01", "detained_after": "2019-01-01"}, DETAINED_ON),
        ({"released_after": "2021-01-01"}, ["case_released_on"]),
    ],
    ids=[
        "status",
        "country",
        "detained-after",
        "detained-between",
        "released-after",
    ],
)
def test_each_case_filter_is_served_by_its_index(query_string, indexes):
    query_plan = plan(query_string)
    assert "Seq Scan on cases_case" not in query_plan, query_plan
    assert any(index in query_plan for index in indexes), query_plan


def test_the_source_filter_is_served_by_the_citation_index():
    query_plan = plan({}, source=True)
    assert "Seq Scan on cases_case" not in query_plan, query_plan
    assert "Seq Scan on cases_citation" not in query_plan, query_plan
    # citation_source_case, or the foreign key's own index on source_id, which
    # the planner may prefer once other tests have left statistics behind.
    assert "citation_source_case" in query_plan or "cases_citation_source_id" in query_plan


def test_the_citizenship_filter_is_served_by_its_expression_index():
    # The filter's string_to_array(...) must be the very expression of migration 0008.
    # Without statistics a few people are read whole from their primary key instead;
    # a GIN index is read by bitmap, which that leaves the planner.
    query_plan = plan({"citizenship": "US"}, plain_index_scans=False)
    assert "person_citizenships_array" in query_plan, query_plan


def test_the_search_documents_are_sampled_finely_enough_to_tell_a_common_name():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'cases_case'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone()[0] == 300
