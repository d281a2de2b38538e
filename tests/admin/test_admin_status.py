"""The case page's status changes, and the case list's freshness filter and column."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from cases.models import Case, Citation, StatusChange
from cases.models.status import refresh_statuses
from tests.admin.test_admin import admin_url, case_form_data, inline_rows
from tests.factories import CaseFactory, CitationFactory, SourceFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def test_a_status_change_added_on_the_case_page_becomes_the_case_status(admin_client):
    case = CaseFactory(status=Case.Status.IMPRISONED)
    change = {
        "status": "released",
        "changed_on": "2022-04-27",
        "changed_on_precision": "day",
        "certainty": "confirmed",
    }
    data = case_form_data(case, **inline_rows("status_changes", [change]))

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert StatusChange.objects.get(case=case).status == "released"
    assert Case.objects.get(pk=case.pk).status == "released"


def test_the_status_is_read_only_once_the_case_has_status_changes(admin_client):
    case = CaseFactory()
    StatusChangeFactory(case=case, status=case.status)

    page = admin_client.get(admin_url(Case, "change", case.pk))

    assert "status" not in page.context["adminform"].form.fields


@override_settings(STALE_AFTER_DAYS=30)
def test_the_case_list_filters_the_stale_open_cases_and_shows_the_newest_source(admin_client):
    stale = CaseFactory(status=Case.Status.DETAINED)
    CitationFactory(
        case=stale, source=SourceFactory(published_at=timezone.now() - datetime.timedelta(days=90))
    )
    fresh = CaseFactory(status=Case.Status.DETAINED)
    CitationFactory(case=fresh, source=SourceFactory(published_at=timezone.now()))

    listed = admin_client.get(admin_url(Case, "changelist"), {"freshness": "stale"})

    assert list(listed.context["cl"].result_list) == [stale]
    assert "Open, no source in 30 days" in listed.text
    assert "newest source" in listed.text.lower()


def sourced_history():
    """Detained (a source of 2023), then released (confirmed by a source of 2024, undated)."""
    case = CaseFactory(status=Case.Status.UNKNOWN)
    detained = StatusChangeFactory(case=case, status="detained")
    CitationFactory(
        case=case,
        status_change=detained,
        source=SourceFactory(published_at=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC)),
    )
    released = StatusChangeFactory(case=case, status="released")
    confirmation = CitationFactory(
        case=case,
        status_change=released,
        source=SourceFactory(published_at=datetime.datetime(2024, 3, 7, tzinfo=datetime.UTC)),
    )
    refresh_statuses([case.pk])
    assert Case.objects.get(pk=case.pk).status == "released"
    return case, released, confirmation


def test_deleting_a_citation_in_the_admin_derives_the_status_again(admin_client):
    case, _, confirmation = sourced_history()

    admin_client.post(admin_url(Citation, "delete", confirmation.pk), {"post": "yes"})

    # The release, unsourced and undated now, no longer overrides the sourced detention.
    assert Case.objects.get(pk=case.pk).status == "detained"


def test_deleting_status_changes_selected_in_the_list_derives_the_status_again(admin_client):
    case, released, _ = sourced_history()

    admin_client.post(
        admin_url(StatusChange, "changelist"),
        {"action": "delete_selected", "_selected_action": [released.pk], "post": "yes"},
    )

    assert not StatusChange.objects.filter(pk=released.pk).exists()
    assert Case.objects.get(pk=case.pk).status == "detained"
