"""The case resource: its JSON, filters, drafts, paging, CSV and query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIClient

from cases.api.representations import CaseRepresentation
from cases.models import Case, Citation
from tests import factories
from tests.api.calls import created

pytestmark = pytest.mark.django_db

LIST = reverse("case-list")


def detail(case):
    return reverse("case-detail", args=[case.slug])


def slugs(response):
    assert response.status_code == 200, response.content
    return {case["slug"] for case in response.json()["results"]}


def test_a_case_carries_its_person_facts_citations_and_sources(api_client):
    person = factories.PersonFactory(
        name="Paul Whelan",
        native_name="Пол Уилан",
        aliases="P. Whelan\n",
        citizenships=["US", "GB"],
    )
    case = factories.CaseFactory(person=person)
    charge = factories.ChargeFactory(case=case)
    position = factories.PositionFactory(
        case=case, actor=factories.ActorFactory(name="US Department of State")
    )
    factories.EventFactory(case=case)
    source = factories.SourceFactory()
    factories.CitationFactory(
        case=case, charge=charge, source=source, quote="convicted of espionage"
    )
    factories.CitationFactory(case=case, position=position, source=source)
    record_citation = factories.CitationFactory(case=case, quote="Lavrov and Blinken spoke")

    body = api_client.get(detail(case)).json()

    assert body["url"] == f"http://testserver{detail(case)}"
    assert body["person"] == {
        "id": person.id,
        "slug": person.slug,
        "name": "Paul Whelan",
        "native_name": "Пол Уилан",
        "aliases": ["P. Whelan"],
        "citizenships": ["US", "GB"],
    }
    assert body["detaining_country"] == "RU"
    assert body["detained_on"] == "2018-12-28"
    assert body["charges"][0]["citations"][0]["quote"] == "convicted of espionage"
    assert body["charges"][0]["citations"][0]["source"] == source.id
    assert body["positions"][0]["actor"]["name"] == "US Department of State"
    assert body["positions"][0]["stance"] == "calls_for_release"
    assert body["positions"][0]["citations"][0]["start"] == source.text.index("Blinken called")
    assert [c["id"] for c in body["citations"]] == [record_citation.id]
    assert {s["id"] for s in body["sources"]} == {source.id, record_citation.source_id}
    assert "text" not in body["sources"][0]
    assert len(body["events"]) == 1


def test_cases_are_addressed_by_slug(api_client):
    case = factories.CaseFactory(
        person=factories.PersonFactory(name="Evan Gershkovich"),
        detained_on=None,
        detained_on_precision="",
    )
    assert detail(case) == f"/api/v1/cases/{case.slug}/"
    assert api_client.get(detail(case)).json()["id"] == case.id


def test_anonymous_clients_do_not_see_drafts(api_client):
    published = factories.CaseFactory(published=True)
    draft = factories.CaseFactory(published=False)
    response = api_client.get(LIST)
    assert slugs(response) == {published.slug}
    assert response.json()["count"] == 1
    assert api_client.get(detail(draft)).status_code == 404


def test_users_without_view_permission_do_not_see_drafts(api_client):
    draft = factories.CaseFactory(published=False)
    api_client.force_authenticate(factories.UserFactory())
    assert slugs(api_client.get(LIST)) == set()
    assert api_client.get(detail(draft)).status_code == 404


def test_viewers_see_drafts(viewer_client):
    draft = factories.CaseFactory(published=False)
    assert slugs(viewer_client.get(LIST)) == {draft.slug}
    assert viewer_client.get(detail(draft)).status_code == 200


def test_filter_published_false_shows_anonymous_clients_nothing(api_client):
    factories.CaseFactory(published=False)
    assert slugs(api_client.get(LIST, {"published": "false"})) == set()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "detained"}, "kovrigin"),
        ({"detaining_country": "CN"}, "kovrigin"),
        ({"citizenship": "CA"}, "kovrigin"),
        ({"charge": "fraud"}, "kovrigin"),
        ({"outcome": "acquitted"}, "kovrigin"),
        ({"detained_after": "2021-01-01"}, "kovrigin"),
        ({"detained_before": "2020-12-31"}, "other"),
        ({"released_after": "2021-09-24"}, "kovrigin"),
        ({"released_before": "2021-09-24"}, "kovrigin"),
        ({"released": "true"}, "kovrigin"),
        ({"released": "false"}, "other"),
        ({"stance": "expresses_concern"}, "kovrigin"),
        ({"actor_country": "FR"}, "kovrigin"),
        ({"search": "Kovrigin"}, "kovrigin"),
    ],
)
def test_each_filter_keeps_the_matching_case_only(api_client, params, expected):
    cases = {
        "kovrigin": factories.CaseFactory(
            person=factories.PersonFactory(name="Michael Kovrigin", citizenships=["CA"]),
            detaining_country="CN",
            status=Case.Status.DETAINED,
            detained_on=datetime.date(2021, 1, 1),
            released_on=datetime.date(2021, 9, 24),
            released_on_precision="day",
        ),
        "other": factories.CaseFactory(detained_on=datetime.date(2018, 12, 28)),
    }
    factories.ChargeFactory(case=cases["kovrigin"], description="Fraud", outcome="acquitted")
    factories.PositionFactory(
        case=cases["kovrigin"],
        actor=factories.ActorFactory(country="FR"),
        stance="expresses_concern",
    )
    factories.ChargeFactory(case=cases["other"])
    factories.PositionFactory(case=cases["other"])
    assert slugs(api_client.get(LIST, params)) == {cases[expected].slug}


def test_the_source_filter_finds_the_cases_citing_it(api_client):
    citation = factories.CitationFactory()
    factories.CitationFactory()
    assert slugs(api_client.get(LIST, {"source": citation.source_id})) == {citation.case.slug}


def test_the_actor_filter_finds_the_cases_the_actor_took_a_position_on(api_client):
    position = factories.PositionFactory()
    factories.PositionFactory()
    assert slugs(api_client.get(LIST, {"actor": position.actor_id})) == {position.case.slug}


def test_who_did_the_united_states_call_to_release(api_client):
    united_states = factories.ActorFactory(name="United States", country="US")
    called = factories.PositionFactory(actor=united_states, stance="calls_for_release").case
    factories.PositionFactory(actor=united_states, stance="expresses_concern")
    factories.PositionFactory(
        actor=factories.ActorFactory(country="GB"), stance="calls_for_release"
    )
    response = api_client.get(LIST, {"actor_country": "US", "stance": "calls_for_release"})
    assert slugs(response) == {called.slug}


def test_comma_separated_and_repeated_values_mean_any_of(api_client):
    in_china = factories.CaseFactory(detaining_country="CN")
    in_iran = factories.CaseFactory(detaining_country="IR")
    factories.CaseFactory(detaining_country="RU")
    assert slugs(api_client.get(LIST, {"detaining_country": "cn,ir"})) == {
        in_china.slug,
        in_iran.slug,
    }
    assert slugs(api_client.get(f"{LIST}?detaining_country=CN&detaining_country=IR")) == {
        in_china.slug,
        in_iran.slug,
    }


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"status": "jailed"}, "status"),
        ({"detained_after": "28/12/2018"}, "detained_after"),
        ({"released_before": "2020-02-30"}, "released_before"),
        ({"detaining_country": "XX"}, "detaining_country"),
        ({"citizenship": "USA"}, "citizenship"),
        ({"released": "maybe"}, "released"),
        ({"published": "yes please"}, "published"),
        ({"actor": "Blinken"}, "actor"),
        ({"source": "0"}, "source"),
        ({"ordering": "summary"}, "ordering"),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_parameter(api_client, params, parameter):
    factories.CaseFactory()
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_ordering_by_person_name_descending(api_client):
    factories.CaseFactory(person=factories.PersonFactory(name="Alice"))
    factories.CaseFactory(person=factories.PersonFactory(name="Carol"))
    factories.CaseFactory(person=factories.PersonFactory(name="Bob"))
    response = api_client.get(LIST, {"ordering": "-person__name"})
    assert [case["person"]["name"] for case in response.json()["results"]] == [
        "Carol",
        "Bob",
        "Alice",
    ]


def test_pages_carry_count_next_and_previous(api_client):
    for _ in range(3):
        factories.CaseFactory()
    body = api_client.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert body["previous"] is None


def test_page_size_is_capped_at_200(api_client):
    factories.bulk_registry(201)
    assert len(api_client.get(LIST, {"page_size": 1000}).json()["results"]) == 200


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if response.streaming:  # Its queries run as the body is read.
            response.getvalue()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_case_list_costs_the_same_queries_for_5_or_200_cases(viewer_client, fmt):
    factories.bulk_registry(200)
    # The forced user object caches its permissions after a first request; warm it up
    # so both measured requests start alike.
    viewer_client.get(LIST, {"page_size": 1})
    small = count_queries(viewer_client, LIST, {"page_size": 5, "format": fmt})
    large = count_queries(viewer_client, LIST, {"page_size": 200, "format": fmt})
    assert small == large


def test_drafts_cost_an_editor_the_same_queries_for_5_or_200_cases(viewer_client):
    """A draft's review state reads when it was submitted, which the list's row must hold
    (else one query per draft)."""
    cases = factories.bulk_registry(200)
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(published=False)
    Case.objects.filter(pk__in=[case.pk for case in cases[::2]]).update(submitted_at=timezone.now())
    # Warm: the user's permissions and the list's count, cached alike for both requests.
    viewer_client.get(LIST, {"page_size": 1, "published": "false"})
    small = count_queries(viewer_client, LIST, {"page_size": 5, "published": "false"})
    large = count_queries(viewer_client, LIST, {"page_size": 200, "published": "false"})
    assert small == large
    states = {
        case["review_state"]
        for case in viewer_client.get(LIST, {"page_size": 200}).json()["results"]
    }
    assert states == {"draft", "needs_review"}


@pytest.mark.parametrize(
    "params",
    [{"published": "false"}, {"review_state": "draft,needs_review"}],
    ids=["draft", "state"],
)
def test_the_public_asking_for_drafts_gets_none_without_a_search_of_the_cases(
    viewer_client, params
):
    draft = factories.CaseFactory(published=False)
    factories.CaseFactory(published=True)
    with CaptureQueriesContext(connection) as queries:
        body = APIClient().get(LIST, params).json()
    assert body["count"] == 0
    assert not [query for query in queries if "cases_case" in query["sql"]]
    # An editor still finds them.
    assert [case["id"] for case in viewer_client.get(LIST, params).json()["results"]] == [draft.pk]


def test_a_filtered_case_list_costs_a_fixed_number_of_queries(
    api_client, django_assert_max_num_queries
):
    cases = factories.bulk_registry(200)
    source_id = Citation.objects.filter(case=cases[0]).values_list("source", flat=True).first()
    with django_assert_max_num_queries(12):
        response = api_client.get(
            LIST, {"page_size": 200, "source": source_id, "actor_country": "US", "search": "Bulk"}
        )
    assert response.json()["count"] == 200


def test_a_list_page_is_chosen_by_id_and_read_with_its_nested_records(api_client):
    """The page query selects the ids alone (no person joined, no search columns); each
    case's own row is read by id together with its charges, events and citations."""
    cases = factories.bulk_registry(3)
    with CaptureQueriesContext(connection) as queries:
        body = api_client.get(LIST, {"detaining_country": cases[0].detaining_country_code}).json()
    assert body["results"]
    page_queries = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "cases_case"."id" FROM')
    ]
    assert len(page_queries) == 1, [query["sql"] for query in queries]
    page_query = page_queries[0]
    assert "cases_person" not in page_query
    assert "search_document" not in page_query
    rows = [query["sql"] for query in queries if '"cases_case"."summary"' in query["sql"]]
    assert len(rows) == 1
    assert '"cases_case"."search_document"' not in rows[0]
    assert body["results"][0]["person"]["name"]


def test_a_case_deleted_between_its_page_and_its_row_is_left_out(rf):
    kept, deleted = factories.CaseFactory(), factories.CaseFactory()
    page = list(Case.objects.filter(pk__in=[kept.pk, deleted.pk]).order_by("-pk"))
    Case.objects.filter(pk=deleted.pk).delete()
    representation = CaseRepresentation(Request(rf.get(LIST)))
    assert [case["id"] for case in representation.many(page)] == [kept.pk]


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cases.csv"'
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def test_csv_gives_one_row_per_filtered_case_with_a_header(api_client):
    case = factories.CaseFactory(
        person=factories.PersonFactory(name="Paul Whelan", citizenships=["US", "GB"])
    )
    factories.ChargeFactory(case=case, description="Espionage", outcome="convicted")
    factories.CaseFactory(detaining_country="CN")
    rows = read_csv(api_client.get(LIST, {"format": "csv", "detaining_country": "RU"}))
    assert len(rows) == 1
    assert rows[0]["person"] == "Paul Whelan"
    assert rows[0]["citizenships"] == "US; GB"
    assert rows[0]["charges"] == "Espionage (convicted)"
    assert rows[0]["detained_on"] == "2018-12-28"
    assert rows[0]["published"] == "true"


def test_csv_is_chosen_by_the_accept_header(api_client):
    factories.CaseFactory()
    assert len(read_csv(api_client.get(LIST, HTTP_ACCEPT="text/csv"))) == 1


def test_csv_is_not_paged(api_client):
    factories.bulk_registry(60)
    assert len(read_csv(api_client.get(LIST, {"format": "csv"}))) == 60


def test_an_empty_csv_still_has_its_header(api_client):
    response = api_client.get(LIST, {"format": "csv"})
    assert response.getvalue().decode().splitlines()[0].startswith("id,slug,url,person,")


def test_csv_cells_cannot_start_a_spreadsheet_formula(api_client):
    formula = '=HYPERLINK("http://evil.example")'
    person = factories.PersonFactory(name=f"+{formula}", native_name=f"-{formula}", aliases="@x")
    case = factories.CaseFactory(person=person, summary=formula, place=f"\t{formula}")
    factories.ChargeFactory(case=case, description=f"={formula}")
    row = read_csv(api_client.get(LIST, {"format": "csv"}))[0]
    for column in ("person", "native_name", "aliases", "place", "charges", "summary"):
        assert row[column].startswith("'"), (column, row[column])


def test_a_cases_csv_is_its_row_of_the_lists_and_a_write_answers_in_json(api_client, editor_client):
    case = factories.CaseFactory(detaining_country="RU")
    listed = api_client.get(LIST, {"format": "csv"}).getvalue()
    response = api_client.get(reverse("case-detail", args=[case.slug]), {"format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="{case.slug}.csv"'
    assert response.getvalue() == listed
    written = editor_client.patch(
        reverse("case-detail", args=[case.slug]) + "?format=csv", {"place": "Lefortovo"}
    )
    assert written.status_code == 404  # No such format for a write, as for any unknown one.
    written = editor_client.patch(
        reverse("case-detail", args=[case.slug]),
        {"place": "Lefortovo"},
        format="json",
        HTTP_ACCEPT="text/csv",
    )
    assert written.status_code == 406


def test_a_drafts_csv_is_as_missing_as_its_json(client, viewer_client):
    draft = factories.CaseFactory(published=False)
    url = reverse("case-detail", args=[draft.slug])
    assert client.get(url, {"format": "csv"}).status_code == 404  # Anonymous.
    assert draft.slug in viewer_client.get(url, {"format": "csv"}).getvalue().decode()


def test_csv_errors_are_answered_in_json(api_client):
    response = api_client.get(LIST, {"format": "csv", "status": "jailed"})
    assert response.status_code == 400
    assert response.json() == {
        "status": ["Select a valid choice. jailed is not one of the available choices."]
    }


def test_editors_create_a_case_with_the_person_id(editor_client):
    person = factories.PersonFactory(name="Alsu Kurmasheva")
    body = created(
        editor_client,
        LIST,
        {
            "person_id": person.id,
            "detaining_country": "RU",
            "detained_on": "2023-06-02",
            "status": "detained",
        },
    )
    case = Case.objects.get()
    assert body["slug"] == case.slug == "alsu-kurmasheva-2023"
    assert body["person"]["name"] == "Alsu Kurmasheva"
    # The model's clean() gives a date typed in full its day precision.
    assert case.detained_on_precision == "day"
    assert case.published is False


def test_a_release_before_the_detention_is_refused_with_the_field_named(editor_client):
    case = factories.CaseFactory(detained_on=datetime.date(2020, 5, 1))
    response = editor_client.patch(
        detail(case), {"released_on": "2020-04-30", "status": "released"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "released_on": ["The release date cannot be before the detention date."]
    }
    case.refresh_from_db()
    assert case.released_on is None and case.status == Case.Status.IMPRISONED


def test_a_patch_is_checked_together_with_the_stored_values(editor_client):
    case = factories.CaseFactory(
        detained_on=datetime.date(2020, 5, 1),
        released_on=datetime.date(2020, 6, 1),
        released_on_precision="day",
    )
    response = editor_client.patch(detail(case), {"detained_on": "2020-07-01"}, format="json")
    assert response.status_code == 400
    assert "released_on" in response.json()


def test_a_partial_date_is_stored_at_its_precision(editor_client):
    case = factories.CaseFactory()
    response = editor_client.patch(
        detail(case), {"detained_on": "2019-07-15", "detained_on_precision": "month"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["detained_on"] == "2019-07-01"


def test_a_date_made_more_precise_needs_the_date_at_that_precision(editor_client):
    case = factories.CaseFactory(
        detained_on=datetime.date(2018, 1, 1), detained_on_precision="year"
    )
    made_up = {"detained_on_precision": "month"}
    response = editor_client.patch(detail(case), made_up, format="json")
    assert response.status_code == 400
    assert response.json() == {"detained_on": ["Give the date at the precision you choose."]}
    given = {"detained_on": "2018-12-28", "detained_on_precision": "day"}
    assert editor_client.patch(detail(case), given, format="json").status_code == 200
    less = {"detained_on_precision": "month"}
    assert editor_client.patch(detail(case), less, format="json").json()["detained_on"] == (
        "2018-12-01"
    )


def test_an_unknown_country_code_is_refused_with_the_field_named(editor_client):
    case = factories.CaseFactory()
    response = editor_client.patch(detail(case), {"detaining_country": "XX"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["detaining_country"]


def test_the_slug_cannot_be_changed(editor_client):
    case = factories.CaseFactory()
    response = editor_client.patch(detail(case), {"slug": "another"}, format="json")
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.slug != "another"


def test_editors_cannot_delete_cases(editor_client):
    case = factories.CaseFactory()
    assert editor_client.delete(detail(case)).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_an_unknown_columns_value_is_a_400_in_json_too(api_client):
    factories.CaseFactory()
    response = api_client.get(LIST, {"columns": "everything"})
    assert response.status_code == 400
    assert response.json() == {"columns": ["The only value is import."]}
