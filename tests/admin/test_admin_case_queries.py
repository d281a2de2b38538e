"""Opening and saving a case costs the same queries with one inline row of each kind or ten."""

import pytest
from django.contrib.admin.utils import flatten
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.admin.cases import (
    ChargeInline,
    CitationInline,
    EventInline,
    PositionInline,
    StatusChangeInline,
)
from cases.models import Case
from cases.versioning import etag
from tests import factories
from tests.admin.test_admin import admin_url, case_form_data, inline_rows

pytestmark = pytest.mark.django_db

# Each inline's editable fields, as its form posts them back.
INLINES = {
    inline.model._meta.get_field("case").remote_field.related_name: [
        name for name in flatten(inline.fields) if name not in inline.readonly_fields
    ]
    for inline in (ChargeInline, EventInline, PositionInline, CitationInline, StatusChangeInline)
}


def add_rows(case, count):
    source = factories.SourceFactory()
    for _ in range(count):
        factories.ChargeFactory(case=case)
        factories.EventFactory(case=case)
        factories.PositionFactory(case=case)
        factories.CitationFactory(case=case, source=source)
        factories.StatusChangeFactory(case=case)


def form_value(record, name):
    if name == "claim":
        return record.claim_key
    value = getattr(record, name if name not in ("actor", "source") else f"{name}_id")
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value


def posted(case, **changes):
    """The change form as the browser posts it back, every row unchanged."""
    case.refresh_from_db()
    data = case_form_data(case, **changes)
    for prefix, fields in INLINES.items():
        records = getattr(case, prefix).order_by("pk")
        rows = [
            {
                "id": record.pk,
                "case": case.pk,
                "version": etag(record),
                **{name: form_value(record, name) for name in fields},
            }
            for record in records
        ]
        data.update(inline_rows(prefix, rows, initial=len(rows)))
    return data


def queries(request):
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return response, len(captured)


def open_and_save(client, rows):
    """Queries to open a case's page with `rows` rows of each inline, then to save it."""
    case = factories.CaseFactory()
    add_rows(case, rows)
    url = admin_url(Case, "change", case.pk)
    client.get(url)  # Per-process caches (content types) warm.
    opened, opening = queries(lambda: client.get(url))
    saved, saving = queries(lambda: client.post(url, posted(case, summary=f"{rows} rows.")))
    assert opened.status_code == 200
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    case.refresh_from_db()
    assert case.summary == f"{rows} rows."
    return opening, saving


def test_a_case_with_ten_rows_of_each_kind_costs_the_queries_of_one(admin_client):
    assert open_and_save(admin_client, 10) == open_and_save(admin_client, 1)


def test_a_row_changed_among_unchanged_ones_is_validated_and_saved(admin_client):
    case = factories.CaseFactory()
    add_rows(case, 3)
    data = posted(case, summary="Changed.")
    data["events-1-place"] = "Lefortovo"
    data["positions-2-actor"] = 999_999

    response = admin_client.post(admin_url(Case, "change", case.pk), data)

    # The actor that does not exist is refused; nothing is saved.
    assert response.status_code == 200
    assert response.context["errors"]
    case.refresh_from_db()
    assert case.summary != "Changed."
    data["positions-2-actor"] = case.positions.order_by("pk")[2].actor_id
    assert admin_client.post(admin_url(Case, "change", case.pk), data).status_code == 302
    assert case.events.order_by("pk")[1].place == "Lefortovo"
