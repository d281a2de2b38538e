"""The index's filters, their chips, and what each listed case says without opening it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Charge, Position
from cases.search.counts import bump_registry_version
from tests import factories

from .test_pages import count_queries

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")


def names_listed(page):
    return set(
        re.findall(r'<th scope="row" data-label="Person">\s*<a href="[^"]+">([^<]+)</a>', page)
    )


def held_in_russia_for_espionage(name, stance=Position.Stance.CALLS_FOR_RELEASE, country="US"):
    case = factories.CaseFactory(
        person__name=name, detaining_country="RU", status=Case.Status.IMPRISONED
    )
    factories.ChargeFactory(case=case, description="Espionage", outcome=Charge.Outcome.CONVICTED)
    factories.PositionFactory(case=case, actor__country=country, stance=stance)
    return case


def test_currently_held_covers_every_status_in_custody(client):
    for status in Case.Status.values:
        factories.CaseFactory(person__name=f"Person {status}", status=status)

    page = client.get(INDEX, {"status": "held"}).content.decode()

    assert names_listed(page) == {
        "Person detained",
        "Person imprisoned",
        "Person house_arrest",
    }
    assert re.search(r'<input[^>]*value="held"[^>]*checked', page)


def test_the_api_knows_currently_held_too(client):
    factories.CaseFactory(status=Case.Status.HOUSE_ARREST, slug="at-home")
    factories.CaseFactory(status=Case.Status.RELEASED, slug="free")

    data = client.get("/api/v1/cases/", {"status": "held"}).json()

    assert [case["slug"] for case in data["results"]] == ["at-home"]


def test_the_journalists_question_is_one_filtered_view(client):
    held_in_russia_for_espionage("Called For")
    held_in_russia_for_espionage("Only Concern", stance=Position.Stance.EXPRESSES_CONCERN)
    held_in_russia_for_espionage("Called By Others", country="GB")
    factories.CaseFactory(person__name="Elsewhere", detaining_country="CN")

    page = client.get(
        INDEX,
        {
            "detaining_country": "RU",
            "status": "held",
            "charge": "espionage",
            "actor_country": "US",
            "stance": "calls_for_release",
        },
    ).content.decode()

    assert names_listed(page) == {"Called For"}


def test_the_form_keeps_every_filter_it_was_given(client):
    factories.CaseFactory(detaining_country="RU", person__citizenships=["US"])

    page = client.get(
        INDEX,
        {
            "detaining_country": "ru,CN",
            "citizenship": "US",
            "charge": "espionage",
            "outcome": "convicted",
            "detained_after": "2019-01-01",
            "released_before": "2024-12-31",
            "actor_country": "US",
            "stance": "calls_for_release",
            "ordering": "person__name",
        },
    ).content.decode()

    for name, value in [
        ("detaining_country", "RU"),
        ("detaining_country", "CN"),
        ("citizenship", "US"),
        ("outcome", "convicted"),
    ]:
        assert re.search(rf'name="{name}" value="{value}"[^>]*checked', page), (name, value)
    assert re.search(r'name="charge" value="espionage"', page)
    assert re.search(r'type="date" name="detained_after" value="2019-01-01"', page)
    assert re.search(r'type="date" name="released_before" value="2024-12-31"', page)
    for name, value in [
        ("actor_country", "US"),
        ("stance", "calls_for_release"),
        ("ordering", "person__name"),
    ]:
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group()
        assert f'<option value="{value}" selected>' in select, name


def test_each_active_filter_is_a_chip_that_removes_only_itself(client):
    factories.CaseFactory()

    page = client.get(INDEX, {"status": "detained,held", "charge": "spy", "page": "1"})
    chips = re.findall(
        r'<a class="chip" href="\?([^"]*)" aria-label="Remove the filter ([^"]+)"',
        page.content.decode(),
    )

    assert chips == [
        ("status=held&amp;charge=spy", "Status: Detained"),
        ("status=detained&amp;charge=spy", "Status: Currently held"),
        ("status=detained%2Cheld", "Charge: spy"),
    ]


def test_a_filter_the_form_does_not_show_is_kept_and_shown_as_a_chip(client):
    factories.CaseFactory()

    page = client.get(INDEX, {"stale": "true"}).content.decode()

    assert '<input type="hidden" name="stale" value="true">' in page
    assert 'aria-label="Remove the filter Still open' in page


def test_the_list_shows_charges_and_a_line_of_positions(client):
    case = held_in_russia_for_espionage("Paul Whelan")
    factories.ChargeFactory(case=case, description="Assault")
    russia = factories.ActorFactory(name="Russia", country="RU")
    ministry = factories.ActorFactory(name="Foreign Ministry", country="", parent=russia)
    factories.PositionFactory(case=case, actor=ministry, stance=Position.Stance.DEFENDS_PROSECUTION)

    page = client.get(INDEX).content.decode()

    assert "Espionage; Assault" in page
    assert (
        '<abbr title="Russia">RU</abbr>: defends the prosecution</span> · '
        '<span class="stances"><abbr title="United States of America">US</abbr>: calls for release'
    ) in page


def test_the_index_runs_as_many_queries_whatever_the_filters_and_facts(client):
    held_in_russia_for_espionage("One")
    every_filter = {
        "detaining_country": "RU",
        "citizenship": "US",
        "status": "held",
        "charge": "espionage",
        "outcome": "convicted",
        "detained_after": "2000-01-01",
        "actor_country": "US",
        "stance": "calls_for_release",
        "ordering": "person__name",
    }
    url = f"{INDEX}?{'&'.join(f'{k}={v}' for k, v in every_filter.items())}"

    def add_cases(first):
        for number in range(first, first + 30):
            case = held_in_russia_for_espionage(f"Many {number}")
            factories.ChargeFactory.create_batch(3, case=case)
            factories.PositionFactory.create_batch(3, case=case)

    # A first page that is not full is its own count; a full one is counted.
    few = count_queries(client, url)
    add_cases(0)
    full = count_queries(client, url)
    assert full == few + 1
    add_cases(30)
    assert count_queries(client, url) == full
    # Page 2, counted afresh after a write (cases.search.counts), costs what page 1 does.
    bump_registry_version()
    assert count_queries(client, f"{url}&page=2") == full


def test_the_index_never_reads_every_source_or_actor_to_draw_its_form(client):
    held_in_russia_for_espionage("One")
    factories.CitationFactory(case=Case.objects.get())

    with CaptureQueriesContext(connection) as queries:
        client.get(INDEX)

    assert not [q["sql"] for q in queries if 'FROM "cases_source"' in q["sql"]]
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT "cases_actor"."id"')]


def test_a_chip_names_the_source_a_shared_link_filters_on(client):
    case = held_in_russia_for_espionage("One")
    citation = factories.CitationFactory(
        case=case, source=factories.SourceFactory(title="Moscow open to better ties")
    )

    page = client.get(INDEX, {"source": citation.source_id}).content.decode()

    assert 'aria-label="Remove the filter Cites source: Moscow open to better ties' in page


def test_the_status_counts_are_counted_once_until_the_registry_changes(client):
    held_in_russia_for_espionage("One")
    url = f"{INDEX}?detaining_country=RU&status=imprisoned"

    def status_count_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        # Counted by status among the country's cases, whatever status is chosen.
        grouped = [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT "cases_case"."status" AS "status", COUNT(')
            and '"status" IN' not in q["sql"]
        ]
        label = re.escape(str(Case.Status.IMPRISONED.label))
        return len(grouped), re.findall(rf'{label} <span class="count">(\d+)</span>', page)

    assert status_count_queries() == (1, ["1"])
    assert status_count_queries() == (0, ["1"])
    held_in_russia_for_espionage("Two")  # A write moves the registry's version on.
    assert status_count_queries() == (1, ["2"])
