"""Importing a spreadsheet in the admin: upload, mapping, preview, confirm, and the import log."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, CaseList, ColumnMapping, ImportLog, Person
from tests.factories import CaseFactory, PersonFactory, SourceFactory, UserFactory
from tests.ingest.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:cases_importlog_import")
ROWS = [
    ["No.", "Name", "Имя", "Status", "Detained"],
    ["17", "Ivan Testov", "", "released", "2021-10"],
    ["18", "", "Мария Фиктивная", "detained", "2020"],
    ["19", "Petr Vydumanny", "", "vanished", ""],
]


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(groups=["editors"], is_staff=True))
    return client


def upload(client, rows=ROWS, name="partner.csv", **extra):
    file = SimpleUploadedFile(name, csv_bytes(rows, encoding="cp1251", delimiter=";"))
    response = client.post(IMPORT, {"file": file, **extra})
    assert response.status_code == 200
    return response


def mapping_data(response, **changes):
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        column_0="case.external_id",
        column_1="person.name",
        column_2="person.native_name",
        column_3="case.status",
        column_4="case.detained_on",
        constants="case.detaining_country=CN",
    )
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def test_the_upload_offers_each_column_with_its_first_values(editor):
    response = upload(editor)
    page = response.content.decode()
    assert "partner.csv: 3 rows (CSV, cp1251" in page
    assert "Мария Фиктивная" in page
    assert len(response.context["column_fields"]) == 5


def test_the_preview_shows_each_rows_outcome_and_writes_nothing(editor):
    known = CaseFactory(person=PersonFactory(name="Ivan Testov"), status="detained")
    partner = CaseList.objects.create(name="partner.csv")
    known.list_entries.create(case_list=partner, external_id="17", source=SourceFactory(), row=2)
    data = mapping_data(upload(editor), action="preview")
    response = editor.post(IMPORT, data)
    page = response.content.decode()
    report = response.context["report"]
    assert [r.status for r in report.results] == ["updated", "created", "rejected"]
    assert report.results[0].changes[0] == ("case.detaining_country", "RU", "CN")
    assert ("case.status", "detained", "released") in report.results[0].changes
    assert "Status “vanished”: unknown status" in page
    assert "1 created, 1 updated, 0 unchanged, 1 rejected" in page
    assert Case.objects.count() == 1
    assert not ImportLog.objects.exists()
    known.refresh_from_db()
    assert known.status == "detained"


def test_columns_sharing_a_name_or_without_one_are_mapped_by_position(editor):
    rows = [
        ["Name", "Date", "Date", "", ""],
        ["Ivan Testov", "1961", "2021-10-03", "note", "https://list.example.org/17"],
    ]
    response = upload(editor, rows)
    data = mapping_data(
        response,
        column_0="person.name",
        column_1="person.birth_date",
        column_2="case.detained_on",
        column_3="",
        column_4="source.url",
        action="confirm",
        save_as="two dates",
    )
    editor.post(IMPORT, data)
    case = Case.objects.get()
    assert (case.person.birth_date.year, case.detained_on) == (1961, datetime.date(2021, 10, 3))
    assert case.source_links.get().source.url == "https://list.example.org/17"
    saved = ColumnMapping.objects.get(name="two dates")
    assert saved.columns == {
        "Name": "person.name",
        "#2": "person.birth_date",
        "#3": "case.detained_on",
        "#5": "source.url",
    }


def test_confirming_imports_logs_and_saves_the_mapping(editor):
    data = mapping_data(upload(editor), action="confirm", save_as="partner", publish="on")
    response = editor.post(IMPORT, data)
    log = ImportLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cases_importlog_change", args=[log.pk])
    assert (log.created, log.updated, log.unchanged, log.rejected) == (2, 0, 0, 1)
    assert log.user.groups.filter(name="editors").exists()
    assert Case.objects.filter(published=True).count() == 2
    maria = Person.objects.get(native_name="Мария Фиктивная")
    assert maria.name_transliterated
    assert maria.history.get().history_user == log.user
    assert ColumnMapping.objects.get(name="partner").constants == {"case.detaining_country": "CN"}


def test_a_saved_mapping_fills_the_mapping_step(editor):
    ColumnMapping.objects.create(
        name="partner", columns={"name": "person.name", "No.": "case.external_id"}, key=""
    )
    response = upload(editor, saved_mapping=ColumnMapping.objects.get().pk)
    form = response.context["form"]
    assert (form["column_0"].value(), form["column_1"].value()) == (
        "case.external_id",
        "person.name",
    )


def test_the_log_links_its_rejected_rows(editor):
    editor.post(IMPORT, mapping_data(upload(editor), action="confirm"))
    log = ImportLog.objects.get()
    page = editor.get(reverse("admin:cases_importlog_change", args=[log.pk])).content.decode()
    rejects_url = reverse("admin:cases_importlog_rejects", args=[log.pk])
    assert rejects_url in page
    response = editor.get(rejects_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "No.,Name,Имя,Status,Detained,reason"
    assert lines[1].startswith("19,Petr Vydumanny,,vanished,,")


def test_a_constant_for_an_unknown_field_is_refused_before_the_preview(editor):
    data = mapping_data(upload(editor), action="preview", constants="case.colour=red")
    response = editor.post(IMPORT, data)
    assert "unknown field “case.colour”" in response.content.decode()
    assert not Case.objects.exists()


def test_an_unreadable_file_is_refused_at_upload(editor):
    file = SimpleUploadedFile("list.pdf", b"%PDF")
    response = editor.post(IMPORT, {"file": file})
    assert (
        "This file cannot be read: a list must be a .csv or .xlsx file."
        in response.content.decode()
    )


def test_viewers_read_the_logs_but_cannot_import(client):
    client.force_login(UserFactory(groups=["viewers"], is_staff=True))
    assert client.get(reverse("admin:cases_importlog_changelist")).status_code == 200
    assert client.get(IMPORT).status_code == 403


def test_the_case_list_filters_cases_from_a_list_not_yet_cited(admin_client, editor):
    editor.post(IMPORT, mapping_data(upload(editor), action="confirm"))
    typed = CaseFactory(detained_on=datetime.date(2019, 1, 1))
    url = reverse("admin:cases_case_changelist")
    listed = admin_client.get(url, {"from_list": "uncited"}).context["cl"].result_list
    assert {case.person.name for case in listed} == {"Ivan Testov", "Mariya Fiktivnaya"}
    listed = admin_client.get(url, {"from_list": "no"}).context["cl"].result_list
    assert list(listed) == [typed]
