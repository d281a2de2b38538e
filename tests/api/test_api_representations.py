"""GET responses build a case's JSON and CSV without DRF (cases/api/representations.py).

They must not drift: CaseSerializer remains the definition (writes answer
with it, the schema is generated from it), and CaseCsvSerializer that of a
spreadsheet row; every read must give exactly what they would give.
"""

import datetime
import json

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cases.api import shapes
from cases.api.renderers import CSVRenderer
from cases.api.representations import CaseCsvRows, CaseRepresentation, UtcTimestampText
from cases.api.serializers import CaseCsvSerializer, CaseSerializer
from cases.models import Case, CaseList, ListEntry, Source
from tests import factories

pytestmark = pytest.mark.django_db


def varied_registry():
    """Cases with and without each kind of record, blank and null values, shared sources."""
    shared = factories.SourceFactory(
        url="https://example.org/a",
        published_at=datetime.datetime(2023, 5, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC),
    )
    other = factories.SourceFactory(url="", published_at=None, outlet="")
    # Dated only by an update, as the China Daily byline gives it.
    updated_only = factories.SourceFactory(
        published_at=None,
        updated_at=datetime.datetime(
            2024, 8, 2, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
        ),
    )
    full = factories.CaseFactory(
        person=factories.PersonFactory(
            name="Paul Whelan",
            native_name="Пол Уилан",
            aliases="Paul N. Whelan\n\nП. Уилан",
            citizenships=["US", "GB", "CA", "IE"],
        ),
        released_on=datetime.date(2024, 8, 1),
        released_on_precision="day",
        status=Case.Status.EXCHANGED,
    )
    charge = factories.ChargeFactory(
        case=full,
        statute="Article 276",
        sentence="16 years",
        sentence_months=192,
        charged_on=datetime.date(2019, 1, 3),
        charged_on_precision="day",
        decided_on=datetime.date(2020, 6, 15),
        decided_on_precision="day",
    )
    factories.ChargeFactory(case=full, description="Smuggling", outcome="unknown")
    event = factories.EventFactory(
        case=full, place="Lefortovo", description="Arrested in a hotel room."
    )
    factories.EventFactory(case=full, kind="verdict", occurred_on=None, occurred_on_precision="")
    position = factories.PositionFactory(
        case=full, actor=factories.ActorFactory(country="", role="Spokesperson")
    )
    factories.PositionFactory(
        case=full, stated_on=datetime.date(2020, 6, 1), stated_on_precision="month"
    )
    factories.CitationFactory(case=full, source=shared, charge=charge, note="The verdict.")
    factories.CitationFactory(
        case=full, source=other, event=event, quote="Lavrov and Blinken spoke"
    )
    factories.CitationFactory(case=full, source=shared, position=position)
    factories.CitationFactory(case=full, source=other, quote="Russia called the criticism")
    factories.CitationFactory(case=full, source=shared, quote="Thursday")
    # A status history whose order needs the sources' dates: the undated change is
    # placed at its source's publication (2023), after the dated 2019 one.
    reported = factories.StatusChangeFactory(case=full, status="released", certainty="reported")
    factories.CitationFactory(case=full, source=shared, status_change=reported)
    factories.StatusChangeFactory(
        case=full,
        status="imprisoned",
        changed_on=datetime.date(2019, 1, 1),
        changed_on_precision="month",
        description="Held in Lefortovo.",
    )
    confirmed = factories.StatusChangeFactory(case=full, status="released")
    factories.CitationFactory(case=full, source=updated_only, status_change=confirmed)
    factories.ChargeFactory(case=full, description="Bribery", certainty="reported")
    factories.EventFactory(
        case=full, kind="release", certainty="reported", occurred_on=None, occurred_on_precision=""
    )
    bare = factories.CaseFactory(
        person=factories.PersonFactory(citizenships=[]),
        detaining_country="",
        place="",
        detained_on=None,
        detained_on_precision="",
        summary="",
        published=False,
        status=Case.Status.UNKNOWN,
    )
    cited_once = factories.CaseFactory(
        detaining_country="IR", detained_on=datetime.date(2022, 1, 1)
    )
    factories.CitationFactory(case=cited_once, source=shared)
    factories.StatusChangeFactory(
        case=cited_once,
        status="detained",
        changed_on=datetime.date(2022, 1, 1),
        changed_on_precision="day",
    )
    # Rows of imported lists: one still uncited, one cited since.
    partner = CaseList.objects.create(name="https://partner.example.org/list")
    listed = factories.SourceFactory(
        kind=Source.Kind.LIST, title="partner.csv", text="No.,Name\n17,A\n"
    )
    ListEntry.objects.create(case=bare, case_list=partner, external_id="17", source=listed, row=2)
    ListEntry.objects.create(case=cited_once, case_list=partner, source=listed, row=3)
    return [full, bare, cited_once]


def serialized(cases, request):
    data = CaseSerializer(
        Case.objects.with_details().filter(pk__in=[case.pk for case in cases]).order_by("pk"),
        many=True,
        context={"request": request},
    ).data
    return json.loads(JSONRenderer().render(data))


def represented(cases, request):
    rows = Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("pk")
    representation = CaseRepresentation(request)
    return json.loads(JSONRenderer().render(representation.many(representation.prepare(rows))))


def test_the_fast_representation_equals_the_serializers_on_varied_cases():
    cases = varied_registry()
    request = Request(APIRequestFactory().get("/api/v1/cases/"))
    expected = serialized(cases, request)
    assert represented(cases, request) == expected
    assert [case["needs_citation"] for case in expected] == [False, True, False]
    # The data really is varied: every list is non-empty somewhere, and empty somewhere.
    for field in [
        "charges",
        "events",
        "positions",
        "citations",
        "sources",
        "status_history",
        "status_since",
        "last_sourced_on",
        "list_entries",
    ]:
        assert any(case[field] for case in expected), field
        assert not all(case[field] for case in expected), field


def test_the_status_history_is_in_sequence_with_its_start_and_the_newest_source():
    full = varied_registry()[0]
    request = Request(APIRequestFactory().get("/api/v1/cases/"))

    case = represented([full], request)[0]

    assert [(c["status"], c["certainty"]) for c in case["status_history"]] == [
        ("imprisoned", "confirmed"),
        ("released", "reported"),
        ("released", "confirmed"),
    ]
    # Released since the reported release, whose date the sources do not give.
    assert (case["status_since"], case["status_since_precision"]) == (None, "")
    # Updated 2024-08-02 01:12 +08:00: the day Beijing printed (in UTC, still 1 August).
    assert case["last_sourced_on"] == "2024-08-02"


def test_the_case_list_and_page_answer_with_the_serializers_json(api_client):
    viewer = factories.UserFactory(groups=["viewers"])
    viewer_client = api_client
    viewer_client.force_authenticate(viewer)
    cases = varied_registry()
    request = Request(APIRequestFactory().get("/api/v1/cases/"))
    request.user = viewer  # Who reads decides what is shown (a list's file, say).
    expected = {case["id"]: case for case in serialized(cases, request)}
    listed = viewer_client.get(reverse("case-list")).json()["results"]
    assert {case["id"]: case for case in listed} == expected
    for case in cases:
        page = viewer_client.get(reverse("case-detail", args=[case.slug])).json()
        assert page == expected[case.pk]


def test_the_case_url_keeps_the_format_suffix_the_serializer_would_give(viewer_client):
    case = factories.CaseFactory()
    response = viewer_client.get(f"/api/v1/cases/{case.slug}.json")
    assert response.json()["url"] == f"http://testserver/api/v1/cases/{case.slug}.json"


def test_the_fast_csv_rows_equal_the_serializers_in_any_chunk_size(monkeypatch):
    cases = varied_registry()
    request = Request(APIRequestFactory().get("/api/v1/cases/"))
    ordered = Case.objects.filter(pk__in=[case.pk for case in cases]).order_by("pk")
    expected = CaseCsvSerializer(
        ordered.select_related("person").prefetch_related("charges"),
        many=True,
        context={"request": request},
    ).data
    assert [row["charges"] for row in expected if row["charges"]], "no case with charges"
    written = CSVRenderer().render(expected, renderer_context={"csv_header": shapes.CASE_CSV})
    for chunk_size in [1, 2, 1000]:
        monkeypatch.setattr(CaseCsvRows, "chunk_size", chunk_size)
        pieces = list(CaseCsvRows(request).text(ordered))
        assert len(pieces) == -(-len(cases) // chunk_size)
        assert "".join(pieces) == written.decode()


def test_the_csv_of_no_case_is_its_header():
    request = Request(APIRequestFactory().get("/api/v1/cases/"))
    pieces = list(CaseCsvRows(request).text(Case.objects.none()))
    assert pieces == [",".join(shapes.CASE_CSV) + "\r\n"]


@pytest.mark.parametrize("microsecond", [0, 1, 120000, 999999])
def test_the_database_writes_a_timestamp_as_drf_writes_it(microsecond):
    case = factories.CaseFactory()
    stored = datetime.datetime(2024, 2, 16, 20, 42, 13, microsecond, tzinfo=datetime.UTC)
    Case.objects.filter(pk=case.pk).update(created_at=stored)
    written = Case.objects.values_list(UtcTimestampText("created_at"), flat=True).get(pk=case.pk)
    assert written == serializers.DateTimeField().to_representation(stored)
