"""Cases imported from lists, in the API: marked, filterable, and exported ready to import back."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.ingest import case_lists
from cases.ingest.case_lists import FIELDS
from cases.models import Case, Person
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    PersonFactory,
    SourceFactory,
    SourceLinkFactory,
)
from tests.ingest.test_import_cases import import_cases, import_rows, last_line

pytestmark = pytest.mark.django_db
LIST = reverse("case-list")


@pytest.fixture
def imported(tmp_path):
    rows = [
        ["No.", "Name", "Detained"],
        ["17", "Ivan Testov", "2021-10"],
        ["18", "Maria Fictiva", ""],
    ]
    import_rows(
        tmp_path,
        rows,
        "--map=No.=case.external_id",
        "--map=Name=person.name",
        "--map=Detained=case.detained_on",
        name="partner.csv",
    )
    return {case.person.name: case for case in Case.objects.select_related("person")}


def test_a_case_from_a_list_is_marked_as_not_yet_cited(viewer_client, imported):
    case = imported["Ivan Testov"]
    data = viewer_client.get(reverse("case-detail", args=[case.slug])).json()
    assert data["needs_citation"] is True
    [entry] = data["list_entries"]
    assert (entry["list"], entry["external_id"], entry["row"]) == ("partner.csv", "17", 2)


def test_the_public_reads_a_list_entry_without_the_file_which_holds_drafts_too(
    client, viewer_client, imported
):
    case = imported["Ivan Testov"]
    Case.objects.filter(pk=case.pk).update(published=True)
    file_source = case.list_entries.get().source_id
    url = reverse("case-detail", args=[case.slug])
    [public] = client.get(url).json()["list_entries"]
    [in_list] = client.get(LIST).json()["results"][0]["list_entries"]
    assert (
        public == in_list == {"list": "partner.csv", "external_id": "17", "source": None, "row": 2}
    )
    assert client.get(reverse("source-detail", args=[file_source])).status_code == 404
    assert viewer_client.get(url).json()["list_entries"][0]["source"] == file_source


def test_editors_find_the_cases_whose_list_facts_still_need_a_citation(viewer_client, imported):
    CitationFactory(case=imported["Maria Fictiva"])
    typed = CaseFactory()

    def slugs(params):
        return {case["slug"] for case in viewer_client.get(LIST, params).json()["results"]}

    assert slugs({"needs_citation": "true"}) == {imported["Ivan Testov"].slug}
    assert slugs({"from_list": "true"}) == {case.slug for case in imported.values()}
    assert slugs({"from_list": "false"}) == {typed.slug}
    assert viewer_client.get(LIST, {"needs_citation": "maybe"}).status_code == 400


def test_the_case_page_says_its_facts_come_from_a_list(client, imported):
    case = imported["Ivan Testov"]
    Case.objects.filter(pk=case.pk).update(published=True)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "From a list, not yet cited." in page
    assert "partner.csv #17, row 2" in page


def export(client, **params):
    response = client.get(LIST, {"format": "csv", "columns": "import", **params})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cases-import.csv"'
    return b"".join(response.streaming_content).decode()


def test_the_import_ready_export_has_exactly_the_import_fields_as_columns(viewer_client):
    person = PersonFactory(name="Ivan Testov", aliases="Iwan Testow", citizenships=["RU", "BY"])
    case = CaseFactory(person=person, detained_on_precision="month")
    ChargeFactory(case=case, description="Espionage", outcome="convicted")
    rows = list(csv.DictReader(io.StringIO(export(viewer_client))))
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["person.citizenship"] == "RU; BY"
    assert rows[0]["case.detained_on"] == "2018-12"
    assert (rows[0]["charge.description"], rows[0]["charge.outcome"]) == ("Espionage", "convicted")


def test_the_export_gives_cited_then_linked_sources_once_each(viewer_client):
    case = CaseFactory()
    cited = CitationFactory(case=case, source=SourceFactory(url="https://example.org/cited"))
    CitationFactory(case=case, source=cited.source)
    SourceLinkFactory(case=case, source=SourceFactory(url="https://example.org/linked"))
    SourceLinkFactory(
        case=case, source=SourceFactory(url="https://example.org/rejected"), status="rejected"
    )
    SourceLinkFactory(case=case, source=cited.source)
    (row,) = csv.DictReader(io.StringIO(export(viewer_client)))
    assert row["source.url"] == "https://example.org/cited https://example.org/linked"


def test_the_export_reads_a_chunk_of_cases_in_a_fixed_number_of_queries(viewer_client, monkeypatch):
    monkeypatch.setattr(case_lists, "EXPORT_CHUNK", 2)
    export(viewer_client)  # Permissions are read once, then cached.

    def queries_for(cases):
        for _ in range(cases):
            case = CaseFactory()
            ChargeFactory(case=case)
            CitationFactory(case=case)
            SourceLinkFactory(case=case)
        with CaptureQueriesContext(connection) as captured:
            export(viewer_client)
        return len(captured)

    # One chunk of two cases, then three: each further chunk costs its charges, cited
    # sources and linked sources, whatever each case holds.
    assert queries_for(2) + 2 * 3 == queries_for(4)


def test_an_unknown_columns_value_is_refused(viewer_client):
    response = viewer_client.get(LIST, {"format": "csv", "columns": "everything"})
    assert response.status_code == 400
    assert "columns" in response.json()


def test_an_export_edited_in_a_spreadsheet_imports_back_as_updates(viewer_client, tmp_path):
    person = PersonFactory(name="Ivan Testov", native_name="Иван Тестов", citizenships=["RU"])
    edited = CaseFactory(person=person, status="detained", summary="-5 degrees in the cell.")
    ChargeFactory(case=edited, description="Espionage", outcome="pending")
    CitationFactory(case=edited)
    untouched = CaseFactory(person=PersonFactory(name="Maria Fictiva"), slug="maria-fictiva")
    path = tmp_path / "export.csv"
    path.write_text(export(viewer_client), encoding="utf-8")
    assert (
        last_line(import_cases(path, "--key=case.slug"))
        == "0 created, 0 updated, 2 unchanged, 0 rejected"
    )

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["case.slug"] == edited.slug:
            row["case.status"] = "released"
            row["case.released_on"] = "2024-08"
            row["charge.outcome"] = "convicted"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(FIELDS))
        writer.writeheader()
        writer.writerows(rows)
    assert (
        last_line(import_cases(path, "--key=case.slug"))
        == "0 created, 1 updated, 1 unchanged, 0 rejected"
    )
    edited.refresh_from_db()
    assert (edited.status, edited.display_date("released_on")) == ("released", "Aug 2024")
    assert edited.summary == "-5 degrees in the cell."
    assert edited.charges.get().outcome == "convicted"
    assert Person.objects.count() == 2
    untouched.refresh_from_db()
    assert untouched.history.count() == 1
