"""What the pages say about a status: as of when, per which source, reported or confirmed, stale."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def held_case(source_age_days, **source):
    case = factories.CaseFactory(status=Case.Status.IMPRISONED, released_on=None)
    change = factories.StatusChangeFactory(case=case, status="imprisoned")
    source = factories.SourceFactory(
        published_at=days_ago(source_age_days), outlet="Test Outlet", **source
    )
    factories.CitationFactory(case=case, status_change=change, source=source)
    return case, source


def held_case_page(client, source_age_days):
    """A held case's page, with the day of its newest source."""
    case, source = held_case(source_age_days)
    return case, text(client.get(case.get_absolute_url())), source.published_at.date()


def text(response):
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@override_settings(STALE_AFTER_DAYS=180)
def test_a_case_page_says_as_of_when_and_per_which_source_the_status_holds(client):
    case, page, day = held_case_page(client, 10)

    assert f'as of <time datetime="{day:%Y-%m-%d}">{day.day} {day:%b %Y}</time>, per' in page
    assert "Test Outlet</a>" in page
    assert "Not confirmed since" not in page


@override_settings(STALE_AFTER_DAYS=180)
def test_an_open_case_with_only_old_sources_says_it_is_not_confirmed_since(client):
    case, page, day = held_case_page(client, 181)
    index = text(client.get(INDEX))

    assert f"Not confirmed since {day.day} {day:%b %Y}." in page
    assert "not confirmed since" in index
    assert "today" not in page.lower().replace("today marks", "")


def test_a_released_case_is_never_called_stale(client):
    case = factories.CaseFactory(
        status=Case.Status.RELEASED,
        released_on=datetime.date(2022, 4, 27),
        released_on_precision="day",
    )
    change = factories.StatusChangeFactory(
        case=case,
        status="released",
        changed_on=datetime.date(2022, 4, 27),
        changed_on_precision="day",
    )
    factories.CitationFactory(
        case=case, status_change=change, source=factories.SourceFactory(published_at=days_ago(900))
    )

    page = text(client.get(case.get_absolute_url()))

    assert "Not confirmed since" not in page
    assert "not confirmed since" not in page


def test_a_status_without_a_source_is_shown_as_unsourced(client):
    case = factories.CaseFactory(status=Case.Status.DETAINED)

    page = text(client.get(case.get_absolute_url()))
    index = text(client.get(INDEX))

    assert "unsourced: no source is cited for this status" in page
    assert "unsourced: no source is cited for this status" in index


def test_a_reported_status_and_its_confirmation_are_told_apart_in_words(client):
    case = factories.CaseFactory(status=Case.Status.DETAINED)
    reported = factories.StatusChangeFactory(
        case=case, status="died_in_custody", certainty="reported"
    )
    factories.CitationFactory(
        case=case, status_change=reported, source=factories.SourceFactory(published_at=days_ago(20))
    )
    confirmed = factories.StatusChangeFactory(
        case=case, status="died_in_custody", certainty="confirmed"
    )
    factories.CitationFactory(
        case=case,
        status_change=confirmed,
        source=factories.SourceFactory(published_at=days_ago(10)),
    )
    factories.EventFactory(
        case=case, kind="death", certainty="reported", occurred_on=None, occurred_on_precision=""
    )
    from cases.models.status import refresh_statuses

    refresh_statuses([case.pk])
    page = text(client.get(case.get_absolute_url()))

    history = page[page.index("Status over time") : page.index("Timeline")]
    assert history.index("reported, not confirmed") < history.index("confirmed<")
    assert "(reported, not confirmed)" in page  # the event


def test_a_status_confirmed_by_any_of_its_changes_is_not_called_reported(client):
    # A confirmation dated before the report it confirms sorts first; the status is confirmed.
    case = factories.CaseFactory(status=Case.Status.DETAINED)
    # (A source is never older than the change it reports: both are dated before their sources.)
    for certainty, changed_on, age in [("confirmed", 30, 5), ("reported", 20, 18)]:
        change = factories.StatusChangeFactory(
            case=case,
            status="released",
            certainty=certainty,
            changed_on=timezone.localdate() - datetime.timedelta(days=changed_on),
            changed_on_precision="day",
        )
        factories.CitationFactory(
            case=case,
            status_change=change,
            source=factories.SourceFactory(published_at=days_ago(age)),
        )
    from cases.models.status import refresh_statuses

    refresh_statuses([case.pk])
    page = text(client.get(case.get_absolute_url()))

    headline = page[: page.index("Status over time")]
    assert "Released" in headline
    assert "reported, not confirmed" not in headline


@override_settings(STALE_AFTER_DAYS=30)
def test_the_timeline_ends_the_detention_at_the_newest_source_never_today(client):
    case, page, day = held_case_page(client, 60)

    assert f"held as of {day.day} {day:%b %Y}, the newest source; no source since" in page
    assert "timeline-bar--unsourced" in page
    assert "– today" not in page
