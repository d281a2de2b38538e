"""Downloads of a filtered view (CSV and JSON, every page) and the data page."""

import csv
import io
import json

import pytest
from django.urls import reverse

from cases.ingest.case_lists import FIELDS
from cases.models import Case
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")
CSV = reverse("cases:case-download", args=["csv"])
JSON = reverse("cases:case-download", args=["json"])


def body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def csv_rows(response):
    text = body(response)
    # Marked as UTF-8 for Excel, which reads a CSV file without the mark in another code page.
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_index_links_downloads_of_its_filters_without_the_page(client):
    factories.CaseFactory.create_batch(2, detaining_country="RU")

    page = client.get(INDEX, {"detaining_country": "RU", "page": "1"}).content.decode()

    assert f'href="{CSV}?detaining_country=RU" download>Download CSV' in page
    assert f'href="{JSON}?detaining_country=RU" download>Download JSON' in page


def test_the_csv_holds_every_filtered_case_on_every_page_in_import_columns(client):
    factories.CaseFactory.create_batch(30, detaining_country="RU", status=Case.Status.DETAINED)
    factories.CaseFactory(detaining_country="CN")
    factories.CaseFactory(detaining_country="RU", published=False)

    response = client.get(CSV, {"detaining_country": "RU"})
    rows = csv_rows(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == [*FIELDS, "url"]
    assert len(rows) == 30
    assert {row["case.detaining_country"] for row in rows} == {"RU"}
    # In the index's order, each with its public page.
    listed = Case.objects.published().filter(detaining_country="RU").in_list_order()
    assert [row["case.slug"] for row in rows] == [case.slug for case in listed]
    assert rows[0]["url"] == f"http://testserver/cases/{rows[0]['case.slug']}/"


def test_the_csv_is_the_apis_import_ready_export_plus_the_page(client):
    case = factories.CaseFactory(detaining_country="RU")
    factories.ChargeFactory(case=case, description="Espionage")

    page_rows = csv_rows(client.get(CSV))
    api_rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(
                        "/api/v1/cases/", {"format": "csv", "columns": "import"}
                    ).streaming_content
                ).decode()
            )
        )
    )

    assert [{k: v for k, v in row.items() if k != "url"} for row in page_rows] == api_rows


def test_the_json_has_public_urls_positions_and_the_quote_behind_each_fact(client, settings):
    settings.REGISTRY_DATA_LICENCE = "CC BY 4.0"
    case = factories.CaseFactory(detaining_country="RU")
    position = factories.PositionFactory(case=case)
    factories.CitationFactory(
        case=case, position=position, quote="Blinken called for the release of Paul Whelan"
    )
    factories.CaseFactory(detaining_country="CN")

    data = json.loads(body(client.get(JSON, {"detaining_country": "ru"})))

    assert data["licence"] == "CC BY 4.0"
    assert data["filters"] == {"detaining_country": ["ru"]}
    [listed] = data["cases"]
    assert listed["url"] == f"http://testserver/cases/{case.slug}/"
    assert listed["positions"][0]["stance"] == "calls_for_release"
    assert listed["positions"][0]["citations"][0]["quote"] == (
        "Blinken called for the release of Paul Whelan"
    )
    api = client.get(f"/api/v1/cases/{case.slug}/").json()
    assert {**listed, "url": api["url"]} == api


def test_a_download_of_filters_it_cannot_understand_is_a_400_naming_them(client):
    response = client.get(CSV, {"status": "vanished"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_downloads_hide_drafts_from_the_public_and_show_them_to_editors(client):
    factories.CaseFactory(person__name="Draft Person", published=False)

    assert "Draft Person" not in body(client.get(CSV))
    assert "Draft Person" not in body(client.get(JSON))
    user = factories.UserFactory(is_staff=True, groups=["editors"])
    user.save()
    client.force_login(user)
    assert "Draft Person" in body(client.get(CSV))


def test_the_data_page_explains_every_column_and_states_the_licence(client, settings):
    settings.REGISTRY_DATA_LICENCE = "CC BY 4.0"
    settings.REGISTRY_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

    page = client.get(reverse("cases:data")).content.decode()

    for column in [*FIELDS, "url"]:
        assert f"<code>{column}</code>" in page
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    assert f'href="{CSV}" download>Every published case, CSV' in page


def test_the_data_page_says_when_no_licence_is_declared(client, settings):
    settings.REGISTRY_DATA_LICENCE = ""

    page = client.get(reverse("cases:data")).content.decode()

    assert "No licence has been declared" in page


def test_a_source_only_suggested_for_a_case_stays_out_of_public_downloads(client):
    case = factories.CaseFactory()
    unreviewed = factories.SourceFactory(url="https://unreviewed.example.org/article")
    factories.SourceLinkFactory(case=case, source=unreviewed)
    assert client.get(f"/sources/{unreviewed.pk}/").status_code == 404

    api = client.get("/api/v1/cases/", {"format": "csv", "columns": "import"})

    assert "unreviewed.example.org" not in body(client.get(CSV))
    assert "unreviewed.example.org" not in body(api)
    user = factories.UserFactory(is_staff=True, groups=["editors"])
    user.save()
    client.force_login(user)
    assert "unreviewed.example.org" in body(client.get(CSV))
