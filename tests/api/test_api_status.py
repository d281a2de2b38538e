"""Status changes in the API: the endpoint, the derived case status, certainty, freshness filters."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests import factories
from tests.api.calls import created

pytestmark = pytest.mark.django_db

CHANGES = reverse("statuschange-list")
CASES = reverse("case-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return {case["slug"] for case in response.json()["results"]}


def sourced(case, days_ago):
    published = timezone.now() - datetime.timedelta(days=days_ago)
    return factories.CitationFactory(
        case=case, source=factories.SourceFactory(published_at=published)
    )


def test_recording_a_status_change_derives_the_case_status(editor_client):
    case = factories.CaseFactory(status=Case.Status.IMPRISONED)

    body = created(
        editor_client,
        CHANGES,
        {
            "case": case.pk,
            "status": "released",
            "changed_on": "2024-08-01",
            "changed_on_precision": "day",
        },
    )

    assert body["certainty"] == "confirmed"
    case.refresh_from_db()
    assert case.status == "released"
    page = editor_client.get(reverse("case-detail", args=[case.slug])).json()
    assert (page["status_since"], page["status_since_precision"]) == ("2024-08-01", "day")
    assert [change["status"] for change in page["status_history"]] == ["released"]


def test_citing_a_status_change_through_the_api_reorders_the_sequence(editor_client):
    case = factories.CaseFactory(status=Case.Status.UNKNOWN)
    early = factories.StatusChangeFactory(case=case, status="detained")
    late = factories.StatusChangeFactory(case=case, status="imprisoned")
    factories.CitationFactory(
        case=case,
        status_change=late,
        source=factories.SourceFactory(
            published_at=datetime.datetime(2021, 2, 6, tzinfo=datetime.UTC)
        ),
    )
    source = factories.SourceFactory(
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )

    body = created(
        editor_client,
        reverse("citation-list"),
        {
            "source": source.pk,
            "case": case.pk,
            "status_change": early.pk,
            "quote": "Blinken called for the release of Paul Whelan",
        },
    )

    assert body["supports"] == "status_change"
    assert Case.objects.get(pk=case.pk).status == "detained"


def test_a_case_status_that_contradicts_its_status_changes_is_refused(editor_client):
    case = factories.CaseFactory(status=Case.Status.IMPRISONED)
    factories.StatusChangeFactory(case=case, status="imprisoned")

    response = editor_client.patch(
        reverse("case-detail", args=[case.slug]), {"status": "released"}, format="json"
    )

    assert response.status_code == 400
    assert "status" in response.json()


def test_status_changes_have_a_history(editor_client):
    change = factories.StatusChangeFactory()

    response = editor_client.get(reverse("statuschange-history", args=[change.pk]))

    assert response.status_code == 200
    assert response.json()["results"][0]["type"] == "created"


def test_status_changes_of_drafts_are_hidden_from_the_public(api_client):
    factories.StatusChangeFactory(case=factories.CaseFactory(published=False))
    public = factories.StatusChangeFactory()

    response = api_client.get(CHANGES)

    assert [change["id"] for change in response.json()["results"]] == [public.pk]


def test_status_changes_events_and_charges_filter_on_certainty(api_client):
    reported = factories.StatusChangeFactory(certainty="reported")
    factories.StatusChangeFactory(certainty="confirmed")
    event = factories.EventFactory(certainty="reported")
    factories.EventFactory()

    changes = api_client.get(CHANGES, {"certainty": "reported"}).json()["results"]
    events = api_client.get(reverse("event-list"), {"certainty": "reported"}).json()["results"]

    assert [change["id"] for change in changes] == [reported.pk]
    assert [e["id"] for e in events] == [event.pk]
    assert api_client.get(CHANGES, {"certainty": "rumoured"}).status_code == 400


def test_last_sourced_filters_and_its_date_in_the_case(api_client):
    old, recent, unsourced = (
        factories.CaseFactory(),
        factories.CaseFactory(),
        factories.CaseFactory(),
    )
    factories.CitationFactory(
        case=old,
        source=factories.SourceFactory(
            published_at=datetime.datetime(2021, 2, 6, 9, tzinfo=datetime.UTC)
        ),
    )
    factories.CitationFactory(
        case=recent,
        source=factories.SourceFactory(
            published_at=datetime.datetime(2024, 8, 1, 15, tzinfo=datetime.UTC)
        ),
    )

    assert slugs(api_client.get(CASES, {"last_sourced_before": "2021-02-06"})) == {old.slug}
    assert slugs(api_client.get(CASES, {"last_sourced_after": "2021-02-07"})) == {recent.slug}
    page = api_client.get(reverse("case-detail", args=[old.slug])).json()
    assert page["last_sourced_on"] == "2021-02-06"
    assert (
        api_client.get(reverse("case-detail", args=[unsourced.slug])).json()["last_sourced_on"]
        is None
    )


@override_settings(STALE_AFTER_DAYS=30)
def test_stale_lists_the_open_cases_with_no_recent_source(api_client):
    fresh = factories.CaseFactory(status=Case.Status.IMPRISONED)
    sourced(fresh, days_ago=30)
    stale = factories.CaseFactory(status=Case.Status.DETAINED)
    sourced(stale, days_ago=31)
    released = factories.CaseFactory(status=Case.Status.RELEASED)
    sourced(released, days_ago=400)
    never_sourced = factories.CaseFactory(status=Case.Status.IMPRISONED)

    assert slugs(api_client.get(CASES, {"stale": "true"})) == {stale.slug, never_sourced.slug}
    assert slugs(api_client.get(CASES, {"stale": "false"})) == {fresh.slug, released.slug}
    assert api_client.get(CASES, {"stale": "perhaps"}).status_code == 400
