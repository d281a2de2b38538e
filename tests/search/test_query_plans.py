"""Every case filter and ordering reads cases through an index, on SQLite and PostgreSQL alike.

The page query of the list is explained as the API builds it (the list's
columns, its order, a page of 50). Two properties are checked:

- no filter makes the database read the whole case table (SQLite: `SCAN
  cases_case` without an index; PostgreSQL: a sequential scan, which is priced
  out since a test database is too small for the planner to prefer an index);
- the filters meant to walk the list's order index (those on the case's own
  columns that an index leads with, and the related-record filters that probe
  each case in turn, `ExistsProbe`) produce the page without sorting the
  matches. A bare `WHERE published`, for one, makes SQLite sort every
  published case instead.

A filter added to CaseFilter without an example here fails the last test.
"""

import re

import pytest
from django.db import connection

from cases.api.representations import CaseRepresentation
from cases.demo.generator import DemoDataGenerator
from cases.models import Actor, Case, Citation, Person, Position, Source
from cases.search.filters import CaseFilter
from tests.plans import plan_as_for_large_tables, reads_the_whole_table, sorts

pytestmark = pytest.mark.django_db

# Walk the order index: the page comes without a sort.
WALKS_THE_ORDER = {
    "no filter": {},
    "country": {"detaining_country": "RU"},
    "status and country": {"status": "imprisoned", "detaining_country": "RU"},
    "citizenship": {"citizenship": "US"},
    "country and detained after": {"detaining_country": "IR", "detained_after": "2020-01-01"},
    "charge and outcome": {"charge": "espionage", "outcome": "convicted"},
    "charge": {"charge": "espionage"},
    "outcome": {"outcome": "convicted"},
    "stance and actor country": {"stance": "calls_for_release", "actor_country": "US"},
    "stance": {"stance": "calls_for_release"},
    "actor country": {"actor_country": "US"},
    "released and country": {"released": "false", "detaining_country": "CN"},
    "published": {"published": "true"},
    "ordering newest detention first": {"ordering": "-detained_on"},
}
# Read through an index, then sorted: a few matches (a source, an actor), or an
# order no index keeps (a name, the last change).
INDEXED = {
    "status": {"status": "detained,house_arrest"},
    "status and ordering": {"status": "detained,house_arrest", "ordering": "-detained_on"},
    "detained after": {"detained_after": "2020-01-01"},
    "detained before": {"detained_before": "2000-01-01"},
    "released after": {"released_after": "2021-01-01"},
    "released before": {"released_before": "2010-01-01"},
    "released": {"released": "true"},
    "draft": {"published": "false"},
    "needs review": {"review_state": "needs_review"},
    "source": {"source": "SOURCE"},
    "actor": {"actor": "ACTOR"},
    "actor and stance": {"actor": "ACTOR", "stance": "calls_for_release"},
    "last sourced after": {"last_sourced_after": "2020-01-01"},
    "last sourced before": {"last_sourced_before": "2020-01-01"},
    "stale": {"stale": "true"},
    "from a list": {"from_list": "true"},
    "needs a citation": {"needs_citation": "false"},
    "search": {"search": "espionage"},
    "ordering oldest detention first": {"ordering": "detained_on"},
    "ordering by release": {"ordering": "-released_on"},
    "ordering by last change": {"ordering": "-updated_at"},
    "ordering by name": {"ordering": "person__name"},
}


@pytest.fixture
def registry():
    DemoDataGenerator(cases=40, seed=3).run()
    return {
        "SOURCE": str(Citation.objects.filter(case__published=True).first().source_id),
        "ACTOR": str(Position.objects.filter(case__published=True).first().actor_id),
    }


def page_plan(params, registry):
    params = {name: registry.get(value, value) for name, value in params.items()}
    cases = CaseRepresentation.prepare(Case.objects.visible_to(None))
    case_filter = CaseFilter(params, queryset=cases.in_list_order())
    assert case_filter.is_valid(), case_filter.errors
    plan_as_for_large_tables()
    return case_filter.qs[:50].explain()


@pytest.mark.parametrize("params", WALKS_THE_ORDER.values(), ids=WALKS_THE_ORDER.keys())
def test_the_filter_walks_the_list_order_index(params, registry):
    plan = page_plan(params, registry)
    assert not reads_the_whole_table(plan), plan
    assert not sorts(plan), plan


def test_a_status_in_a_country_walks_their_own_index(registry):
    plan = page_plan({"status": "imprisoned", "detaining_country": "RU"}, registry)
    assert "case_country_status_order" in plan, plan


@pytest.mark.parametrize("params", INDEXED.values(), ids=INDEXED.keys())
def test_the_filter_reads_cases_through_an_index(params, registry):
    plan = page_plan(params, registry)
    assert not reads_the_whole_table(plan), plan


def test_every_filter_and_ordering_has_an_example_here():
    examples = [*WALKS_THE_ORDER.values(), *INDEXED.values()]
    named = {name for params in examples for name in params}
    assert set(CaseFilter.base_filters) <= named
    orderings = {params["ordering"].lstrip("-") for params in examples if "ordering" in params}
    assert orderings == set(CaseFilter.base_filters["ordering"].param_map)


def test_public_actors_are_probed_one_by_one_not_joined_with_every_position(registry):
    """An actor is public if it has a position on a published case: each actor's own
    positions are looked up (by index) until the first such case, so the cost follows the
    actors, not the registry's positions (Actor.objects.visible_to)."""
    plan_as_for_large_tables(allow_sorts=True)
    plan = Actor.objects.visible_to(None).explain()
    if connection.vendor == "postgresql":
        # A subplan per actor, not a semi-join of every position with its case.
        assert "SubPlan" in plan and "Index Cond: (actor_id = a.id)" in plan, plan
    else:
        assert re.search(r"SEARCH p USING (COVERING )?INDEX \S+ \(actor_id=\?\)", plan), plan


@pytest.mark.parametrize("visible_to", ["public", "editors"])
def test_the_source_list_walks_its_order_index(registry, visible_to, django_user_model):
    """The API's and the admin's list of sources, newest first: a page is the index's next
    entries, whatever the number of sources."""
    user = None if visible_to == "public" else django_user_model(is_superuser=True)
    sources = Source.objects.visible_to(user).order_by(*Source._meta.ordering, "id")
    plan_as_for_large_tables()
    plan = sources[:50].explain()
    assert "source_list_order" in plan, plan
    assert not sorts(plan), plan


def test_the_public_people_list_walks_the_name_index_probing_each_person(registry):
    people = Person.objects.visible_to(None).order_by("name", "id")
    plan_as_for_large_tables()
    plan = people[:50].explain()
    assert "person_name_order" in plan, plan
    assert not sorts(plan), plan
    if connection.vendor == "postgresql":
        # A subplan per person, not a semi-join of every person with every published case.
        assert "SubPlan" in plan, plan
