"""Every way of listing cases gives tied cases in the one list order (CaseQuerySet.in_list_order)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from cases.models import Case
from cases.search.paging import RegistryPaginator
from cases.search.ranking import search_cases
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

SAME_DAY = datetime.date(2020, 5, 4)


@pytest.fixture
def tied_cases():
    """Cases detained on the same day, created in an order that is neither alphabetical nor reversed,
    around one detained earlier and one with no known date."""
    for name in ("Tied Beta", "Tied Alpha", "Tied Delta", "Tied Gamma"):
        CaseFactory(person=PersonFactory(name=name), detained_on=SAME_DAY)
    CaseFactory(person=PersonFactory(name="Tied Earlier"), detained_on=datetime.date(2019, 1, 1))
    CaseFactory(
        person=PersonFactory(name="Tied Undated"), detained_on=None, detained_on_precision=""
    )
    return [case.slug for case in Case.objects.in_list_order()]


def api_slugs(client, **params):
    response = client.get(reverse("case-list"), params)
    assert response.status_code == 200, response.content
    return [case["slug"] for case in response.json()["results"]]


def api_slugs_paged(client, **params):
    slugs, page = [], 1
    while True:
        response = client.get(reverse("case-list"), {**params, "page_size": 2, "page": page})
        if response.status_code == 404:
            return slugs
        slugs += [case["slug"] for case in response.json()["results"]]
        page += 1


def index_slugs(client, **params):
    response = client.get(reverse("cases:case-list"), params)
    assert response.status_code == 200
    return [case.slug for case in response.context["page"].object_list]


def test_the_list_order_is_newest_detention_first_then_newest_record(tied_cases):
    tied = list(Case.objects.filter(detained_on=SAME_DAY).order_by("-id"))
    assert tied_cases[:4] == [case.slug for case in tied]
    assert tied_cases[4:] == [
        Case.objects.get(person__name="Tied Earlier").slug,
        Case.objects.get(person__name="Tied Undated").slug,
    ]


def test_the_model_default_order_is_the_list_order(tied_cases):
    assert [case.slug for case in Case.objects.all()] == tied_cases


def test_the_api_list_and_its_pages_give_the_list_order(api_client, tied_cases):
    assert api_slugs(api_client) == tied_cases
    assert api_slugs_paged(api_client) == tied_cases


def test_the_csv_export_gives_the_list_order(api_client, tied_cases):
    response = api_client.get(reverse("case-list"), {"format": "csv"})
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert [row["slug"] for row in rows] == tied_cases


def test_the_public_index_gives_the_list_order(client, tied_cases):
    assert index_slugs(client) == tied_cases


def test_a_search_ranks_equal_matches_in_the_list_order_everywhere(client, api_client, tied_cases):
    # Every name starts with the query, so every case has the same rank.
    assert api_slugs(api_client, search="tied") == tied_cases
    assert api_slugs_paged(api_client, search="tied") == tied_cases
    assert index_slugs(client, search="tied") == tied_cases


def test_ranked_pages_keep_the_list_order_within_a_rank(tied_cases):
    paginator = RegistryPaginator(search_cases(Case.objects.all(), "tied"), 2)
    paged = [case.slug for number in paginator.page_range for case in paginator.page(number)]
    assert paged == tied_cases
