"""People, charges, events, actors, positions, sources and citations over the API."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Actor, Charge, Citation, Person, Source
from tests import factories
from tests.api.calls import assert_deletion_refused, created, patched

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# People


def test_people_are_addressed_by_slug_with_aliases_as_a_list(api_client):
    person = factories.PersonFactory(name="Paul Whelan", aliases="Paul N. Whelan\nP. Whelan")
    factories.CaseFactory(person=person)
    body = api_client.get(reverse("person-detail", args=["paul-whelan"])).json()
    assert body["id"] == person.id
    assert body["aliases"] == ["Paul N. Whelan", "P. Whelan"]
    assert body["citizenships"] == ["US"]


def test_aliases_are_written_as_a_list(editor_client):
    body = created(
        editor_client,
        reverse("person-list"),
        {"name": "Alsu Kurmasheva", "aliases": ["Alsou Kurmasheva", " "], "citizenships": ["US"]},
    )
    assert Person.objects.get().aliases == "Alsou Kurmasheva"
    assert body["aliases"] == ["Alsou Kurmasheva"]
    assert body["cases"] == []


def test_an_alias_spanning_lines_is_refused(editor_client):
    response = editor_client.post(
        reverse("person-list"), {"name": "A", "aliases": ["one\ntwo"]}, format="json"
    )
    assert response.status_code == 400
    assert "aliases" in response.json()


def test_an_unknown_citizenship_is_refused_with_the_field_named(editor_client):
    response = editor_client.post(
        reverse("person-list"), {"name": "A", "citizenships": ["US", "XX"]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["citizenships"]


def test_people_filter_on_citizenship_and_search(api_client):
    canadian = factories.CaseFactory(
        person=factories.PersonFactory(name="Michael Spavor", citizenships=["CA"])
    ).person
    factories.CaseFactory(
        person=factories.PersonFactory(name="Paul Whelan", aliases="Paul N. Whelan")
    )
    assert ids(api_client.get(reverse("person-list"), {"citizenship": "ca"})) == {canadian.id}
    assert ids(api_client.get(reverse("person-list"), {"search": "spavor"})) == {canadian.id}
    response = api_client.get(reverse("person-list"), {"citizenship": "Canada"})
    assert response.status_code == 400
    assert list(response.json()) == ["citizenship"]


def test_people_known_only_from_drafts_are_hidden_from_the_public(api_client):
    public = factories.CaseFactory().person
    hidden = factories.CaseFactory(published=False).person
    assert ids(api_client.get(reverse("person-list"))) == {public.id}
    assert api_client.get(reverse("person-detail", args=[hidden.slug])).status_code == 404


def test_a_persons_draft_cases_are_listed_for_viewers_only(api_client):
    person = factories.PersonFactory()
    published = factories.CaseFactory(person=person)
    draft = factories.CaseFactory(person=person, published=False)
    url = reverse("person-detail", args=[person.slug])
    assert [case["slug"] for case in api_client.get(url).json()["cases"]] == [published.slug]
    api_client.force_authenticate(factories.UserFactory(groups=["viewers"]))
    assert {case["slug"] for case in api_client.get(url).json()["cases"]} == {
        published.slug,
        draft.slug,
    }


def test_deleting_a_person_with_cases_is_a_409(api_client):
    person = factories.CaseFactory().person
    api_client.force_authenticate(factories.UserFactory(is_superuser=True))
    assert api_client.delete(reverse("person-detail", args=[person.slug])).status_code == 409


# Charges and events


def test_editors_add_a_charge_to_a_case_by_its_id(editor_client):
    case = factories.CaseFactory()
    body = created(
        editor_client,
        reverse("charge-list"),
        {"case": case.id, "description": "Espionage", "outcome": "pending"},
    )
    assert body["citations"] == []
    assert case.charges.get().description == "Espionage"


def test_a_decision_before_the_charge_is_refused(editor_client):
    charge = factories.ChargeFactory(
        charged_on=datetime.date(2020, 3, 1), charged_on_precision="day"
    )
    response = patched(editor_client, "charge", charge.id, {"decided_on": "2020-02-01"})
    assert response.status_code == 400
    assert response.json() == {"decided_on": ["The decision cannot be before the charge."]}


def test_charges_and_events_of_drafts_are_hidden_from_the_public(api_client):
    public_charge = factories.ChargeFactory()
    draft_charge = factories.ChargeFactory(case=factories.CaseFactory(published=False))
    public_event = factories.EventFactory()
    draft_event = factories.EventFactory(case=draft_charge.case)
    assert ids(api_client.get(reverse("charge-list"))) == {public_charge.id}
    assert ids(api_client.get(reverse("event-list"))) == {public_event.id}
    assert api_client.get(reverse("charge-detail", args=[draft_charge.id])).status_code == 404
    assert api_client.get(reverse("event-detail", args=[draft_event.id])).status_code == 404


def test_a_draft_case_is_an_unknown_case_to_the_public(api_client):
    draft = factories.CaseFactory(published=False)
    response = api_client.get(reverse("charge-list"), {"case": draft.slug})
    assert response.status_code == 400
    assert response.json() == {"case": [f"No case has the slug or id {draft.slug}."]}


def test_an_event_in_the_future_is_refused(editor_client):
    case = factories.CaseFactory()
    response = editor_client.post(
        reverse("event-list"),
        {"case": case.id, "kind": "hearing", "occurred_on": "2999-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"occurred_on": ["The date is in the future."]}


# Actors and positions


def test_editors_add_an_actor(editor_client):
    body = created(
        editor_client,
        reverse("actor-list"),
        {"name": "US Department of State", "kind": "government_body", "country": "US"},
    )
    assert body["country"] == "US"


def test_actors_filter_on_country(api_client):
    american = factories.PositionFactory(actor__country="US").actor
    factories.PositionFactory(actor__country="RU")
    assert ids(api_client.get(reverse("actor-list"), {"country": "US"})) == {american.id}


def test_a_position_shows_its_actor_and_is_written_with_actor_id(editor_client):
    case, actor = factories.CaseFactory(), factories.ActorFactory(name="United Kingdom")
    body = created(
        editor_client,
        reverse("position-list"),
        {"case": case.id, "actor_id": actor.id, "stance": "calls_for_release"},
    )
    assert body["actor"]["name"] == "United Kingdom"


def test_a_position_needs_its_actor(editor_client):
    response = editor_client.post(
        reverse("position-list"),
        {"case": factories.CaseFactory().id, "stance": "calls_for_release"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["actor_id"]


@pytest.mark.parametrize(
    "params",
    [
        lambda wanted: {"case": wanted.case.slug},
        lambda wanted: {"actor": wanted.actor_id},
        lambda wanted: {"actor_country": "fr"},
        lambda wanted: {"stance": "disputes_charges"},
    ],
)
def test_positions_filter_on_case_actor_actor_country_and_stance(api_client, params):
    wanted = factories.PositionFactory(
        actor=factories.ActorFactory(country="FR"), stance="disputes_charges"
    )
    factories.PositionFactory(
        actor=factories.ActorFactory(country="US"), stance="calls_for_release"
    )
    assert ids(api_client.get(reverse("position-list"), params(wanted))) == {wanted.id}


def test_positions_of_drafts_are_hidden_from_the_public(api_client):
    factories.PositionFactory(case=factories.CaseFactory(published=False))
    assert ids(api_client.get(reverse("position-list"))) == set()


# Sources


def test_a_source_carries_its_text_citations_and_citing_cases(api_client):
    citation = factories.CitationFactory()
    body = api_client.get(reverse("source-detail", args=[citation.source_id])).json()
    assert body["text"] == citation.source.text
    assert body["sha256"] == citation.source.sha256
    assert [c["quote"] for c in body["citations"]] == [citation.quote]
    assert [c["slug"] for c in body["cases"]] == [citation.case.slug]


def test_a_sources_citations_and_cases_leave_out_drafts_for_the_public(api_client):
    source = factories.SourceFactory()
    public = factories.CitationFactory(source=source)
    factories.CitationFactory(source=source, case=factories.CaseFactory(published=False))
    body = api_client.get(reverse("source-detail", args=[source.id])).json()
    assert [c["id"] for c in body["citations"]] == [public.id]
    assert [c["slug"] for c in body["cases"]] == [public.case.slug]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"case": "wanted-case"}, "wanted"),
        ({"outlet": "china daily"}, "wanted"),
        ({"published_after": "2024-08-01"}, "wanted"),
        ({"published_before": "2024-07-31"}, "other"),
        ({"search": "SOLITARY"}, "wanted"),
        ({"search": "exchange"}, "wanted"),
    ],
)
def test_sources_filter_on_case_outlet_dates_and_search(api_client, params, expected):
    sources = {
        "wanted": factories.SourceFactory(
            outlet="China Daily",
            title="Prisoner exchange",
            text=factories.SOURCE_TEXT + "\nHe spent months in solitary confinement.",
            published_at=datetime.datetime(2024, 8, 1, 12, tzinfo=datetime.UTC),
        ),
        "other": factories.SourceFactory(
            outlet="Reuters", published_at=datetime.datetime(2024, 7, 31, tzinfo=datetime.UTC)
        ),
    }
    factories.CitationFactory(
        source=sources["wanted"], case=factories.CaseFactory(slug="wanted-case")
    )
    factories.CitationFactory(source=sources["other"])
    assert ids(api_client.get(reverse("source-list"), params)) == {sources[expected].id}


def test_a_malformed_source_date_is_a_400(api_client):
    response = api_client.get(reverse("source-list"), {"published_after": "last week"})
    assert response.status_code == 400
    assert list(response.json()) == ["published_after"]


def test_a_second_copy_of_a_text_is_refused_naming_the_source(editor_client):
    existing = factories.SourceFactory()
    response = editor_client.post(
        reverse("source-list"), {"title": "Copy", "text": existing.text}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"text": [f"Source #{existing.id} already has this text."]}


def test_editing_a_sources_text_may_not_break_its_citations(editor_client):
    citation = factories.CitationFactory()
    response = patched(
        editor_client, "source", citation.source_id, {"text": "A text without the quoted passage."}
    )
    assert response.status_code == 400
    assert "would break 1 citation" in response.json()["text"][0]
    assert Source.objects.get().text == citation.source.text


def test_a_new_source_gets_its_digest(editor_client):
    body = created(
        editor_client,
        reverse("source-list"),
        {"title": "A statement", "kind": "official_statement", "text": "We call for release."},
    )
    assert body["sha256"] == Source.objects.get().sha256
    assert body["citations"] == [] and body["cases"] == []


# Citations


def test_a_citation_is_stored_verbatim_where_the_source_has_it(editor_client):
    source, case = factories.SourceFactory(), factories.CaseFactory()
    charge = factories.ChargeFactory(case=case)
    body = created(
        editor_client,
        reverse("citation-list"),
        {
            "source": source.id,
            "case": case.id,
            "charge": charge.id,
            # As pasted from a browser: the spacing differs from the source's.
            "quote": "Blinken  called for the\nrelease",
        },
    )
    body = body
    assert body["quote"] == "Blinken called for the release"
    assert source.text[body["start"] : body["end"]] == body["quote"]
    assert body["supports"] == "charge"


def test_a_quote_the_source_does_not_contain_is_refused_and_nothing_is_saved(editor_client):
    response = editor_client.post(
        reverse("citation-list"),
        {
            "source": factories.SourceFactory().id,
            "case": factories.CaseFactory().id,
            "quote": "Never said.",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["quote"]
    assert not Citation.objects.exists()


def test_a_citation_of_a_charge_of_another_case_is_refused(editor_client):
    response = editor_client.post(
        reverse("citation-list"),
        {
            "source": factories.SourceFactory().id,
            "case": factories.CaseFactory().id,
            "charge": factories.ChargeFactory().id,
            "quote": "Blinken called",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The charge belongs to another case."]}


def test_a_citation_supports_one_fact_only(editor_client):
    case = factories.CaseFactory()
    response = editor_client.post(
        reverse("citation-list"),
        {
            "source": factories.SourceFactory().id,
            "case": case.id,
            "charge": factories.ChargeFactory(case=case).id,
            "event": factories.EventFactory(case=case).id,
            "quote": "Blinken called",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_patching_a_quote_locates_it_again_in_the_stored_source(editor_client):
    citation = factories.CitationFactory()
    response = patched(
        editor_client, "citation", citation.id, {"quote": "Russia called the criticism"}
    )
    assert response.status_code == 200, response.content
    citation.refresh_from_db()
    assert citation.start == citation.source.text.index("Russia called")


def test_citations_of_drafts_are_hidden_from_the_public(api_client):
    draft = factories.CaseFactory(published=False)
    hidden = factories.CitationFactory(case=draft)
    assert ids(api_client.get(reverse("citation-list"))) == set()
    assert api_client.get(reverse("citation-detail", args=[hidden.id])).status_code == 404


# Query counts


@pytest.mark.parametrize(
    "name", ["case", "person", "charge", "event", "actor", "position", "source", "citation"]
)
def test_every_list_costs_the_same_queries_for_5_or_200_rows(api_client, name):
    cases = factories.bulk_registry(200)
    # The registry has one actor and one source; lists of those need 200 too,
    # each public through a published case.
    more = {
        "actor": lambda case: factories.PositionFactory(case=case),
        "source": lambda case: factories.CitationFactory(case=case),
    }.get(name)
    for case in cases[1:] if more else []:
        more(case)

    def queries(page_size):
        cache.clear()  # Both requests count their rows: no list count cached by the other.
        with CaptureQueriesContext(connection) as captured:
            response = api_client.get(reverse(f"{name}-list"), {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        return len(captured)

    assert queries(5) == queries(200)


def test_a_wrong_charge_outcome_names_the_field(editor_client):
    charge = factories.ChargeFactory()
    response = patched(editor_client, "charge", charge.id, {"outcome": "guilty"})
    assert response.status_code == 400
    assert list(response.json()) == ["outcome"]
    assert Charge.objects.get().outcome == "convicted"


# Deleting what others depend on


@pytest.fixture
def admin_client(api_client):
    api_client.force_authenticate(factories.UserFactory(is_superuser=True))
    return api_client


def test_deleting_an_actor_with_positions_is_a_409_naming_them(admin_client):
    actor = factories.ActorFactory(name="US Department of State")
    position = factories.PositionFactory(actor=actor, stance="calls_for_release")
    assert_deletion_refused(
        admin_client,
        "actor-detail",
        actor,
        f"This actor is still referred to by 1 position (#{position.id} "
        f"US Department of State: calls for release in case {position.case.slug}); "
        "remove those first.",
    )


def test_deleting_an_actor_with_member_actors_is_a_409_naming_them(admin_client):
    state = factories.ActorFactory(name="United States")
    factories.ActorFactory(name="US Department of State", parent=state)
    response = admin_client.delete(reverse("actor-detail", args=[state.id]))
    assert response.status_code == 409
    assert "1 actor (#" in response.json()["detail"]
    assert "US Department of State" in response.json()["detail"]
    assert Actor.objects.filter(pk=state.pk).exists()


def test_a_409_names_a_few_dependents_and_counts_the_rest(admin_client):
    source = factories.SourceFactory()
    for _ in range(7):
        factories.CitationFactory(source=source)
    response = admin_client.delete(reverse("source-detail", args=[source.id]))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith("This source is still referred to by 7 citations (#")
    assert "; and 2 more)" in detail
    assert Citation.objects.count() == 7


def test_deleting_an_actor_nothing_refers_to_deletes_it(admin_client):
    actor = factories.ActorFactory()
    assert admin_client.delete(reverse("actor-detail", args=[actor.id])).status_code == 204
    assert not Actor.objects.exists()


@pytest.mark.parametrize(
    ("factory", "basename", "filters", "listed"),
    [
        # A case may be named by its slug or its id.
        (
            factories.ChargeFactory,
            "charge-list",
            lambda charge: [{"case": charge.case.slug}, {"case": charge.case.id}],
            lambda charge: charge.id,
        ),
        (
            factories.CitationFactory,
            "citation-list",
            lambda citation: [{"case": citation.case.slug}, {"source": citation.source_id}],
            lambda citation: citation.id,
        ),
        (
            factories.CitationFactory,
            "source-list",
            lambda citation: [{"case": citation.case_id}],
            lambda citation: citation.source_id,
        ),
    ],
)
def test_a_list_filtered_on_its_case_or_source_holds_only_that_record(
    api_client, factory, basename, filters, listed
):
    wanted = factory()
    factory()
    for query in filters(wanted):
        assert ids(api_client.get(reverse(basename), query)) == {listed(wanted)}, query


def test_a_source_search_finds_the_sources_of_a_person_named_in_any_script(client, editor_client):
    person = factories.PersonFactory(name="Alexei Navalny", native_name="Алексей Навальный")
    cited = factories.CitationFactory(case=factories.CaseFactory(person=person))
    # Public (a published case of someone else cites it), but about the person only in a draft.
    through_draft = factories.CitationFactory().source
    draft = factories.CaseFactory(person=person, published=False)
    factories.CitationFactory(case=draft, source=through_draft)
    query = {"search": "Навального"}

    # (`client` is anonymous: `editor_client` signs in the API client.)
    assert ids(client.get(reverse("source-list"), query)) == {cited.source_id}
    assert ids(editor_client.get(reverse("source-list"), query)) == {
        cited.source_id,
        through_draft.id,
    }


def test_a_source_written_with_its_offset_is_dated_where_it_was_published(editor_client, client):
    body = created(
        editor_client,
        reverse("source-list"),
        {
            "title": "An evening statement",
            "text": "A made-up text.",
            "published_at": "2024-03-05T21:30:00-05:00",
        },
    )
    source = Source.objects.get(pk=body["id"])
    assert (source.dated_on, source.utc_offset) == (datetime.date(2024, 3, 5), -300)
    assert body["published_at"] == "2024-03-06T02:30:00Z"  # Given in UTC, as every time is.
