"""The import_cases command: lists of made-up people read, matched, created, updated, rejected."""

import csv
import datetime
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.ingest import case_lists, list_batches
from cases.models import Case, CaseList, Charge, ColumnMapping, ImportLog, ListEntry, Person, Source
from cases.models.imports import from_list_q, needs_citation_q
from cases.text.names import search_key
from tests.bench import import_cases as bench_list  # the bench's made-up list of prisoners
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    PersonFactory,
    SourceFactory,
)
from tests.ingest.spreadsheets import write_csv, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["No.", "Name", "Native name", "Born", "Country", "Detained", "Status", "Notes"]
PARTNER_MAP = [
    "--map=No.=case.external_id",
    "--map=Name=person.name",
    "--map=native name=person.native_name",
    "--map=BORN=person.birth_date",
    "--map=Detained=case.detained_on",
    "--map=Status=case.status",
    "--set=case.detaining_country=CN",
]


def import_cases(*args, **options):
    out = StringIO()
    call_command("import_cases", *map(str, args), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def last_line(output):
    return output.strip().splitlines()[-1]


def import_rows(tmp_path, rows, *args, name="list.csv"):
    """Import `rows` (the header, then the people) written to a CSV file; what the command prints."""
    return import_cases(write_csv(tmp_path, name, rows), *args)


def partner_list(tmp_path, rows, name="partner.csv", **options):
    return write_csv(tmp_path, name, [HEADER, *rows], **options)


def import_partner_rows(tmp_path, rows, *args, **options):
    """Import `rows` as the partner's list (under HEADER, read by PARTNER_MAP); what it prints.

    `options` (name, encoding, delimiter) go to partner_list, `args` to the command.
    """
    return import_cases(partner_list(tmp_path, rows, **options), *PARTNER_MAP, *args)


# Reading and mapping


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_list_imports_whatever_its_encoding_and_delimiter(tmp_path, encoding, delimiter):
    output = import_partner_rows(
        tmp_path,
        [
            ["1", "Ivan Testov", "Иван Тестов", "1961", "", "2021-10-03", "detained", ""],
            ["2", "", "Мария Фиктивная", "1954-02", "", "2020", "imprisoned", ""],
            ["3", "Petr Vydumanny", "", "", "", "", "unknown", ""],
        ],
        encoding=encoding,
        delimiter=delimiter,
    )
    assert last_line(output) == "3 created, 0 updated, 0 unchanged, 0 rejected"
    assert set(Person.objects.values_list("native_name", flat=True)) == {
        "Иван Тестов",
        "Мария Фиктивная",
        "",
    }


def test_an_xlsx_list_imports_its_date_cells_and_numbers(tmp_path):
    path = tmp_path / "partner.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                [17, "Ivan Testov", "", 1961, "", datetime.datetime(2021, 10, 3), "Detained", ""],
            ]
        )
    )
    output = import_cases(path, *PARTNER_MAP)
    assert last_line(output) == "1 created, 0 updated, 0 unchanged, 0 rejected"
    case = Case.objects.get()
    assert (case.detained_on, case.detained_on_precision) == (datetime.date(2021, 10, 3), "day")
    assert case.person.birth_year == 1961
    assert ListEntry.objects.get().external_id == "17"


def test_unmapped_columns_are_listed_and_column_names_match_in_any_case_and_spacing(tmp_path):
    output = import_partner_rows(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", "a note"]])
    assert "Unmapped columns, ignored: Country, Notes." in output


def test_a_column_without_a_name_or_sharing_one_is_mapped_by_its_position(tmp_path):
    rows = [["Name", "Date", "Date", ""], ["Ivan Testov", "1961", "2021-10-03", "2021-11"]]
    output = import_rows(
        tmp_path,
        rows,
        "--map=Name=person.name",
        "--map=#3=case.detained_on",
        "--map=#4=case.released_on",
    )
    assert last_line(output) == "1 created, 0 updated, 0 unchanged, 0 rejected"
    case = Case.objects.get()
    assert (case.detained_on, case.released_on) == (
        datetime.date(2021, 10, 3),
        datetime.date(2021, 11, 1),
    )
    with pytest.raises(CommandError, match="the file has no column “#5”"):
        import_rows(tmp_path, rows, "--map=Name=person.name", "--map=#5=case.place")


def test_a_column_named_as_a_field_is_mapped_without_being_told(tmp_path):
    import_rows(tmp_path, [["person.name", "case.status"], ["Ivan Testov", "released"]])
    assert Case.objects.get().status == "released"


@pytest.mark.parametrize(
    "option, message",
    [
        ("--map=Name=person.nickname", "unknown field “person.nickname”"),
        ("--set=case.colour=red", "unknown field “case.colour”"),
        ("--set=case.detaining_country=Atlantis", "unknown country"),
        ("--key=case.place", "the key uses case.place"),
        ("--key=charge.description", "charge.description cannot identify a case"),
        ("--map=Born=person.name", "person.name is mapped from two columns"),
    ],
)
def test_a_mapping_naming_an_unknown_field_is_a_usage_error_before_anything_is_read(
    tmp_path, option, message
):
    path = partner_list(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", ""]])
    with pytest.raises(CommandError, match=message):
        import_cases(path, "--map=Name=person.name", option)
    assert not Case.objects.exists()


def test_a_mapped_column_missing_from_the_file_is_a_usage_error(tmp_path):
    path = partner_list(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", ""]])
    with pytest.raises(CommandError, match="the file has no column “Surname”"):
        import_cases(path, "--map=Surname=person.name")


def test_a_file_that_is_not_a_list_is_refused(tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="must be a .csv or .xlsx"):
        import_cases(path, "--map=Name=person.name")


# What a row becomes


def test_imported_cases_are_drafts_with_the_list_kept_as_a_source(tmp_path):
    import_partner_rows(
        tmp_path,
        [["7", "Ivan Testov", "", "", "", "2021-10-03", "detained", ""]],
        "--source-url=https://partner.example.org/list",
    )
    case = Case.objects.get()
    assert not case.published
    assert case.detaining_country == "CN"
    entry = ListEntry.objects.get()
    assert (entry.case, entry.external_id, entry.row) == (case, "7", 2)
    assert entry.case_list.name == "https://partner.example.org/list"
    assert entry.source.kind == Source.Kind.LIST
    assert entry.source.title == "partner.csv"
    assert entry.source.url == "https://partner.example.org/list"
    assert "Ivan Testov" in entry.source.text
    assert case.needs_citation()


def test_publish_publishes_the_new_cases(tmp_path):
    import_partner_rows(tmp_path, [["7", "Ivan Testov", "", "", "", "", "", ""]], "--publish")
    assert Case.objects.get().published


def test_a_native_script_only_name_gets_a_marked_latin_transliteration(tmp_path):
    output = import_partner_rows(tmp_path, [["1", "", "Иван Тестовый", "", "", "", "", ""]])
    person = Person.objects.get()
    assert (person.name, person.native_name) == ("Ivan Testovy", "Иван Тестовый")
    assert person.name_transliterated
    assert "Row 2: name transliterated: Иван Тестовый → Ivan Testovy" in output


def test_a_latin_name_from_the_list_clears_the_transliteration_mark(tmp_path):
    import_partner_rows(tmp_path, [["1", "", "Иван Тестовый", "", "", "", "", ""]])
    import_partner_rows(tmp_path, [["1", "Ivan Testoviy", "Иван Тестовый", "", "", "", "", ""]])
    person = Person.objects.get()
    assert (person.name, person.name_transliterated) == ("Ivan Testoviy", False)


def test_a_list_titled_above_its_column_names_imports_naming_rows_as_the_file_numbers_them(
    tmp_path,
):
    rows = [
        ["Synthetic list of prisoners, as of 1 December 2024"],
        [],
        HEADER,
        ["1", "Ivan Testov", "", "1955-12-28", "", "2021-10", "", ""],
        [],
        ["2", "Maria Fictiva", "", "1954-02-29", "", "2020", "", ""],
        ["3", "Olga Fictiva", "", "1970", "", "2022"],
    ]
    output = import_rows(tmp_path, rows, *PARTNER_MAP)

    assert "Row 6 rejected: Born “1954-02-29”: no such date" in output
    assert last_line(output) == "2 created, 0 updated, 0 unchanged, 1 rejected"
    assert dict(ListEntry.objects.values_list("external_id", "row")) == {"1": 4, "3": 7}


def test_dates_written_with_the_month_named_or_as_exported_moments_are_read(tmp_path):
    import_partner_rows(
        tmp_path,
        [
            ["1", "Ivan Testov", "", "28 декабря 1955 г.", "", "март 2021", "", ""],
            ["2", "Maria Fictiva", "", "1947-05-02 00:00:00", "", "October 3, 2021", "", ""],
        ],
    )
    ivan = Case.objects.get(person__name="Ivan Testov")
    assert (ivan.person.birth_date, ivan.person.birth_date_precision) == (
        datetime.date(1955, 12, 28),
        "day",
    )
    assert (ivan.detained_on, ivan.detained_on_precision) == (datetime.date(2021, 3, 1), "month")
    maria = Case.objects.get(person__name="Maria Fictiva")
    assert maria.person.birth_date == datetime.date(1947, 5, 2)
    assert (maria.detained_on, maria.detained_on_precision) == (datetime.date(2021, 10, 3), "day")


def test_a_date_cell_a_spreadsheet_gives_as_its_day_number_is_that_day(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_bytes([["Name", "Detained"], ["Ivan\nTestov", 44392]]))
    import_cases(path, "--map=Name=person.name", "--map=Detained=case.detained_on")
    case = Case.objects.get()
    assert case.person.name == "Ivan Testov"  # A line break typed in the cell is a space.
    assert (case.detained_on, case.detained_on_precision) == (datetime.date(2021, 7, 15), "day")


def test_dates_keep_the_precision_the_list_gives_and_unknown_means_no_date(tmp_path):
    import_partner_rows(
        tmp_path,
        [
            ["1", "Ivan Testov", "", "1955-12-28", "", "2021-10", "", ""],
            ["2", "Maria Fictiva", "", "1947", "", "unknown", "", ""],
        ],
    )
    ivan = Case.objects.get(person__name="Ivan Testov")
    assert (ivan.person.birth_date, ivan.person.birth_date_precision) == (
        datetime.date(1955, 12, 28),
        "day",
    )
    assert (ivan.detained_on, ivan.detained_on_precision) == (datetime.date(2021, 10, 1), "month")
    maria = Case.objects.get(person__name="Maria Fictiva")
    assert maria.person.display_date("birth_date") == "1947"
    assert maria.detained_on is None


def test_unreadable_values_reject_their_row_with_the_column_and_reason(tmp_path):
    output = import_partner_rows(
        tmp_path,
        [
            ["1", "Ivan Testov", "", "1954-02-29", "", "", "", ""],
            ["2", "Maria Fictiva", "", "", "", "life", "", ""],
            ["3", "Petr Vydumanny", "", "", "", "", "vanished", ""],
            ["4", "Olga Primerova", "", "", "", "", "released", ""],
        ],
    )
    assert "Row 2 rejected: Born “1954-02-29”: no such date" in output
    assert "Row 3 rejected: Detained “life”: not a date" in output
    assert "Row 4 rejected: Status “vanished”: unknown status" in output
    assert last_line(output) == "1 created, 0 updated, 0 unchanged, 3 rejected"
    assert Person.objects.get().name == "Olga Primerova"


def test_an_unknown_country_rejects_the_row_and_names_and_codes_are_both_read(tmp_path):
    rows = [
        ["Name", "Citizenship", "Held by"],
        ["Ivan Testov", "Russia; BY", "China"],
        ["Maria Fictiva", "Atlantis", "CN"],
    ]
    output = import_rows(
        tmp_path,
        rows,
        "--map=Name=person.name",
        "--map=Citizenship=person.citizenship",
        "--map=Held by=case.detaining_country",
    )
    assert "Row 3 rejected: Citizenship “Atlantis”: unknown country “Atlantis”" in output
    case = Case.objects.get()
    assert [country.code for country in case.person.citizenships] == ["RU", "BY"]
    assert case.detaining_country == "CN"


def test_countries_and_statuses_are_read_as_a_russian_or_english_list_writes_them(tmp_path):
    rows = [
        ["ФИО", "Гражданство", "Страна задержания", "Статус", "Дата задержания"],
        ["Иван Тестов", "Россия, Украина", "Беларусь", "Под домашним арестом", "12.03.2021 г."],
        ["Мария Фиктивная", "Korea, Republic of; США", "РФ", "освобождена", "неизвестно"],
        ["Пётр Выдуманный", "United States", "UK", "в заключении", "н/д"],
        ["Ольга Примерная", "Соединенные Штаты Америки", "Iran", "Задержан", ""],
        ["Анна Вымышленная", "без гражданства", "RU", "лишение свободы", ""],
    ]
    output = import_rows(
        tmp_path,
        rows,
        "--map=ФИО=person.native_name",
        "--map=Гражданство=person.citizenship",
        "--map=Страна задержания=case.detaining_country",
        "--map=Статус=case.status",
        "--map=Дата задержания=case.detained_on",
    )
    assert last_line(output) == "5 created, 0 updated, 0 unchanged, 0 rejected"
    read = {
        case.person.native_name: (
            [country.code for country in case.person.citizenships],
            case.detaining_country.code,
            case.status,
            case.detained_on,
        )
        for case in Case.objects.select_related("person")
    }
    assert read == {
        "Иван Тестов": (["RU", "UA"], "BY", "house_arrest", datetime.date(2021, 3, 12)),
        "Мария Фиктивная": (["KR", "US"], "RU", "released", None),
        "Пётр Выдуманный": (["US"], "GB", "imprisoned", None),
        "Ольга Примерная": (["US"], "IR", "detained", None),
        "Анна Вымышленная": ([], "RU", "imprisoned", None),
    }


def test_slash_dates_are_read_in_the_order_the_lists_unambiguous_dates_show(tmp_path):
    rows = [
        ["Name", "Born", "Detained"],
        ["Ivan Testov", "3/12/1961", "12/28/2020"],
        ["Maria Fictiva", "12/28/1954", "03/04/2021"],
    ]
    output = import_rows(
        tmp_path,
        rows,
        "--map=Name=person.name",
        "--map=Born=person.birth_date",
        "--map=Detained=case.detained_on",
    )
    assert "Dates in Born read month first, as those only one order reads show." in output
    assert last_line(output) == "2 created, 0 updated, 0 unchanged, 0 rejected"
    ivan = Case.objects.get(person__name="Ivan Testov")
    assert ivan.person.birth_date == datetime.date(1961, 3, 12)
    maria = Case.objects.get(person__name="Maria Fictiva")
    assert maria.detained_on == datetime.date(2021, 3, 4)


def test_a_slash_date_no_date_of_its_column_settles_is_rejected_not_guessed(tmp_path):
    rows = [["Name", "Detained"], ["Ivan Testov", "03/04/2021"], ["Maria Fictiva", "28.12.2020"]]
    output = import_rows(
        tmp_path, rows, "--map=Name=person.name", "--map=Detained=case.detained_on"
    )
    assert (
        "Row 2 rejected: Detained “03/04/2021”: not a date: 03/04/2021 may be day first or "
        "month first; write YYYY-MM-DD" in output
    )
    assert Case.objects.get().person.name == "Maria Fictiva"


def test_a_value_the_model_refuses_rejects_the_row_with_the_models_reason(tmp_path):
    rows = [
        ["Name", "Wikidata", "Detained", "Released"],
        ["Ivan Testov", "12", "", ""],
        ["Maria Fictiva", "", "2021", "2019"],
    ]
    output = import_rows(
        tmp_path,
        rows,
        "--map=Name=person.name",
        "--map=Wikidata=person.wikidata_id",
        "--map=Detained=case.detained_on",
        "--map=Released=case.released_on",
    )
    assert (
        "Row 2 rejected: Wikidata (person.wikidata_id): A Wikidata item id is Q followed by digits"
        in output
    )
    assert "Row 3 rejected: Released (case.released_on): The release date cannot be" in output
    assert not Person.objects.exists()


def test_several_urls_in_a_cell_become_sources_linked_to_the_case(tmp_path):
    rows = [["Name", "Links"], ["Ivan Testov", "https://a.example.org/1\n https://b.example.org/2"]]
    import_rows(tmp_path, rows, "--map=Name=person.name", "--map=Links=source.url")
    case = Case.objects.get()
    linked = case.source_links.values_list("source__url", "status")
    assert sorted(linked) == [
        ("https://a.example.org/1", "suggested"),
        ("https://b.example.org/2", "suggested"),
    ]


def test_charges_in_one_cell_take_their_outcomes_in_order(tmp_path):
    rows = [
        ["Name", "Charges", "Outcomes"],
        ["Ivan Testov", "Espionage; Fraud", "convicted; pending"],
    ]
    import_rows(
        tmp_path,
        rows,
        "--map=Name=person.name",
        "--map=Charges=charge.description",
        "--map=Outcomes=charge.outcome",
    )
    assert list(Charge.objects.order_by("id").values_list("description", "outcome")) == [
        ("Espionage", "convicted"),
        ("Fraud", "pending"),
    ]


def test_every_write_names_the_import_in_its_history(tmp_path):
    import_partner_rows(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", ""]])
    case = Case.objects.get()
    assert case.history.get().history_change_reason == "Imported from the list partner.csv, row 2"
    assert case.person.history.get().history_change_reason.startswith("Imported from the list")


# Keys, matching and duplicates


def test_the_second_row_with_the_same_key_is_rejected_as_a_duplicate(tmp_path):
    output = import_partner_rows(
        tmp_path,
        [
            ["1", "Ivan Testov", "", "", "", "", "", ""],
            ["1", "Ivan Testov", "", "", "", "", "", ""],
        ],
    )
    assert "Row 3 rejected: duplicate key: the same as row 2" in output
    assert Case.objects.count() == 1


def test_without_an_id_column_a_case_is_its_persons_name_and_detention_date(tmp_path):
    rows = [["Name", "Detained"], ["Ivan Testov", "2021-10"], ["Иван Тестов", "2021-10"]]
    output = import_rows(
        tmp_path, rows, "--map=Name=person.name", "--map=Detained=case.detained_on"
    )
    # Transliteration-proof: the Cyrillic spelling is the same name.
    assert "Row 3 rejected: duplicate key: the same as row 2" in output
    assert "Key: person.name+case.detained_on." in output


def test_an_external_id_is_scoped_to_its_list(tmp_path):
    row = ["1", "Ivan Testov", "", "", "", "2021-10-03", "", ""]
    first = partner_list(tmp_path, [row], name="first-partner.csv")
    second = partner_list(tmp_path, [row[:1] + ["Maria Fictiva"] + row[2:]], name="second.csv")
    import_cases(first, *PARTNER_MAP)
    output = import_cases(second, *PARTNER_MAP)
    assert last_line(output) == "1 created, 0 updated, 0 unchanged, 0 rejected"
    assert CaseList.objects.count() == 2
    assert sorted(ListEntry.objects.values_list("external_id", "case__person__name")) == [
        ("1", "Ivan Testov"),
        ("1", "Maria Fictiva"),
    ]


def test_people_with_the_same_name_and_different_birth_dates_are_never_merged(tmp_path):
    PersonFactory(
        name="Ivan Testov", birth_date=datetime.date(1961, 1, 1), birth_date_precision="year"
    )
    import_partner_rows(tmp_path, [["1", "Ivan Testov", "", "1975-03", "", "", "", ""]])
    assert Person.objects.filter(name="Ivan Testov").count() == 2


def test_a_person_with_a_compatible_birth_date_is_matched(tmp_path):
    known = PersonFactory(
        name="Ivan Testov", birth_date=datetime.date(1961, 1, 1), birth_date_precision="year"
    )
    output = import_partner_rows(tmp_path, [["1", "Иван Тестов", "", "1961-06-14", "", "", "", ""]])
    assert Case.objects.get().person == known
    assert "matched by name only" not in output


def test_a_match_on_the_name_alone_is_reported(tmp_path):
    known = PersonFactory(name="Ivan Testov")
    output = import_partner_rows(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", ""]])
    assert Case.objects.get().person == known
    assert f"Row 2: matched by name only: Ivan Testov to Ivan Testov ({known.slug})" in output


def test_a_key_of_source_urls_finds_the_case_of_a_prisoners_page(tmp_path):
    case = CaseFactory(person=PersonFactory(name="Ivan Testov"), status="detained")
    source = SourceFactory(url="https://partner.example.org/prisoners/17")
    case.source_links.create(source=source)
    path = write_csv(
        tmp_path,
        "list.csv",
        [["Page", "Status"], ["https://partner.example.org/prisoners/17", "released"]],
    )
    output = import_cases(
        path, "--map=Page=source.url", "--map=Status=case.status", "--key=source.url"
    )
    assert last_line(output) == "0 created, 1 updated, 0 unchanged, 0 rejected"
    case.refresh_from_db()
    assert case.status == "released"


def test_a_list_keyed_by_source_urls_imports_again_unchanged(tmp_path):
    rows = [["Page", "Name"], ["https://partner.example.org/prisoners/17", "Ivan Testov"]]
    path = write_csv(tmp_path, "list.csv", rows)
    options = ["--map=Page=source.url", "--map=Name=person.name", "--key=source.url"]
    assert (
        last_line(import_cases(path, *options)) == "1 created, 0 updated, 0 unchanged, 0 rejected"
    )
    assert (
        last_line(import_cases(path, *options)) == "0 created, 0 updated, 1 unchanged, 0 rejected"
    )


# Updates, idempotence, dry runs and rejects


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    rows = [
        ["1", "", "Иван Тестовый", "1961", "", "2021-10", "detained", ""],
        ["2", "Maria Fictiva", "", "", "", "2020", "imprisoned", ""],
    ]
    path = partner_list(tmp_path, rows)
    import_cases(path, *PARTNER_MAP)
    history = (Case.history.count(), Person.history.count(), Source.objects.count())
    output = import_cases(path, *PARTNER_MAP)
    assert last_line(output) == "0 created, 0 updated, 2 unchanged, 0 rejected"
    assert (Case.history.count(), Person.history.count(), Source.objects.count()) == history


def test_a_changed_row_updates_only_its_changed_fields_with_history_old_to_new(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "1961", "", "2021-10", "detained", ""],
        ["2", "Maria Fictiva", "", "", "", "2020", "imprisoned", ""],
    ]
    import_partner_rows(tmp_path, rows)
    ivan = Case.objects.get(person__name="Ivan Testov")
    ivan.place = "Beijing"  # An editor's addition, which the list does not mention.
    ivan.save()
    rows[0][6] = "released"
    rows[0][3] = "1961-06"
    output = import_partner_rows(tmp_path, rows)
    assert last_line(output) == "0 created, 1 updated, 1 unchanged, 0 rejected"
    ivan.refresh_from_db()
    assert ivan.status == "released"
    assert ivan.place == "Beijing"
    latest = ivan.history.first()
    assert latest.history_change_reason == "Imported from the list partner.csv, row 2"
    changes = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("status", "detained", "released")]
    person = ivan.person.history.first()
    changes = person.diff_against(person.prev_record).changes
    assert {c.field for c in changes} == {"birth_date", "birth_date_precision"}


def test_a_yearly_update_of_a_list_keyed_by_its_ids_reports_the_changes(tmp_path):
    rows = [["1", "Ivan Testov", "", "", "", "2021-10", "detained", ""]]
    import_partner_rows(tmp_path, rows, "--source-url=https://p.example.org")
    rows[0][6] = "released"
    output = import_partner_rows(
        tmp_path, rows, "--source-url=https://p.example.org", name="partner-2025.csv"
    )
    assert last_line(output) == "0 created, 1 updated, 0 unchanged, 0 rejected"
    entry = ListEntry.objects.get()
    assert entry.source.title == "partner-2025.csv"


def test_a_renumbered_list_does_not_give_a_case_its_neighbours_facts(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "1961", "", "2021-10", "detained", ""],
        ["2", "Maria Fictiva", "", "1954", "", "2020", "imprisoned", ""],
    ]
    import_partner_rows(tmp_path, rows)
    renumbered = [
        ["1", "Petr Vydumanny", "", "1990", "", "2023", "detained", ""],
        ["2", "Ivan Testov", "", "1961", "", "2021-10", "released", ""],
        ["3", "Maria Fictiva", "", "1954", "", "2020", "imprisoned", ""],
    ]
    output = import_partner_rows(tmp_path, renumbered)
    assert (
        "Row 2 rejected: the key case.external_id finds the case of Ivan Testov, but the row "
        "names Petr Vydumanny: if the list was renumbered, import it with a key naming the "
        "person" in output
    )
    assert "Row 3 rejected: the key case.external_id finds the case of Maria Fictiva" in output
    assert sorted(Person.objects.values_list("name", flat=True)) == ["Ivan Testov", "Maria Fictiva"]
    assert Case.objects.get(person__name="Ivan Testov").status == "detained"


def test_a_new_version_of_a_list_under_another_name_updates_its_cases_not_duplicates(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "1961", "", "2021-10", "detained", ""],
        ["2", "Maria Fictiva", "", "", "", "2020", "imprisoned", ""],
        ["3", "Petr Vydumanny", "", "1970", "", "", "detained", ""],
    ]
    import_partner_rows(tmp_path, rows)
    rows[0][6] = "released"
    output = import_partner_rows(tmp_path, rows, name="partner (1).csv")
    # The case without a detention date cannot be told from a second detention: a new case.
    assert last_line(output) == "1 created, 2 updated, 0 unchanged, 0 rejected"
    assert Case.objects.filter(person__name="Ivan Testov").get().status == "released"
    assert Case.objects.filter(person__name="Maria Fictiva").count() == 1
    assert ListEntry.objects.filter(case__person__name="Ivan Testov").count() == 2


def test_a_name_spelled_anew_or_a_corrected_birth_year_still_updates_the_case_of_its_id(tmp_path):
    rows = [["1", "Ivan Testov", "", "1961", "", "2021-10", "detained", ""]]
    import_partner_rows(tmp_path, rows)
    rows[0][1] = "Ivan Testoff"
    output = import_partner_rows(tmp_path, rows)
    assert last_line(output) == "0 created, 1 updated, 0 unchanged, 0 rejected"
    rows[0][3] = "1962"
    output = import_partner_rows(tmp_path, rows)
    assert last_line(output) == "0 created, 1 updated, 0 unchanged, 0 rejected"
    person = Person.objects.get()
    assert (person.name, person.birth_date.year) == ("Ivan Testoff", 1962)


def test_an_empty_cell_never_erases_a_value(tmp_path):
    rows = [["1", "Ivan Testov", "", "1961", "", "2021-10", "detained", ""]]
    import_partner_rows(tmp_path, rows)
    rows[0][3] = rows[0][5] = ""
    output = import_partner_rows(tmp_path, rows)
    assert last_line(output) == "0 created, 0 updated, 1 unchanged, 0 rejected"
    assert Case.objects.get().detained_on == datetime.date(2021, 10, 1)


def test_a_new_charge_is_added_and_a_changed_outcome_updated(tmp_path):
    case = CaseFactory(slug="ivan-testov-2021")
    ChargeFactory(case=case, description="Espionage", outcome="pending")
    path = write_csv(
        tmp_path,
        "list.csv",
        [["Slug", "Charges", "Outcomes"], ["ivan-testov-2021", "espionage; Fraud", "convicted"]],
    )
    options = ["--map=Slug=case.slug", "--map=Charges=charge.description"]
    options += ["--map=Outcomes=charge.outcome", "--key=case.slug"]
    output = import_cases(path, *options, "--dry-run")
    assert last_line(output) == "0 created, 1 updated, 0 unchanged, 0 rejected"
    assert Charge.objects.get().outcome == "pending"
    import_cases(path, *options)
    assert sorted(case.charges.values_list("description", "outcome")) == [
        ("Espionage", "convicted"),
        ("Fraud", "unknown"),
    ]


def test_a_dry_run_writes_nothing_and_prints_the_same_summary(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "", "", "", "", ""],
        ["1", "Ivan Testov", "", "", "", "", "", ""],
        ["2", "", "Мария Фиктивная", "1954-02-29", "", "", "", ""],
        ["3", "", "Мария Фиктивная", "", "", "", "", ""],
    ]
    path = partner_list(tmp_path, rows)
    dry = import_cases(path, *PARTNER_MAP, "--dry-run", "--save-mapping=partner")
    assert not Person.objects.exists()
    assert not Source.objects.exists()
    assert not ImportLog.objects.exists()
    assert not ColumnMapping.objects.exists()
    assert dry == import_cases(path, *PARTNER_MAP)
    assert last_line(dry) == "2 created, 0 updated, 0 unchanged, 2 rejected"


def test_the_rejects_file_holds_the_rejected_rows_as_they_were_with_a_reason(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "1954-02-29", "", "", "", "kept as is"],
        ["2", "Maria Fictiva", "", "", "", "", "", ""],
    ]
    path = partner_list(tmp_path, rows, delimiter=";")
    rejects = tmp_path / "rejects.csv"
    import_cases(path, *PARTNER_MAP, f"--rejects={rejects}")
    with rejects.open(encoding="utf-8", newline="") as file:
        read = list(csv.reader(file))
    assert read[0] == [*HEADER, "reason"]
    assert read[1][:-1] == rows[0]
    assert read[1][-1].startswith("Born “1954-02-29”: no such date")
    assert len(read) == 2


def test_a_confirmed_import_is_logged_with_its_counts_and_rejects(tmp_path):
    rows = [
        ["1", "Ivan Testov", "", "1954-02-29", "", "", "", ""],
        ["2", "Maria Fictiva", "", "", "", "", "", ""],
    ]
    import_partner_rows(tmp_path, rows)
    log = ImportLog.objects.get()
    assert (log.file_name, log.created, log.rejected, log.user) == ("partner.csv", 1, 1, None)
    assert len(log.file_sha256) == 64
    assert log.summary.endswith("1 created, 0 updated, 0 unchanged, 1 rejected")
    assert "1954-02-29" in log.rejects
    assert log.source.kind == Source.Kind.LIST


def test_a_saved_mapping_is_reused_by_name(tmp_path):
    rows = [["1", "Ivan Testov", "", "", "", "", "", ""]]
    import_partner_rows(tmp_path, rows, "--save-mapping=partner")
    saved = ColumnMapping.objects.get(name="partner")
    assert saved.columns["Name"] == "person.name"
    assert saved.constants == {"case.detaining_country": "CN"}
    rows.append(["2", "Maria Fictiva", "", "", "", "", "", ""])
    output = import_cases(partner_list(tmp_path, rows), "--mapping=partner")
    assert last_line(output) == "1 created, 0 updated, 1 unchanged, 0 rejected"
    with pytest.raises(CommandError, match="no saved mapping “nobody”"):
        import_cases(partner_list(tmp_path, rows), "--mapping=nobody")


def test_a_long_list_shows_a_progress_bar(tmp_path, monkeypatch):
    monkeypatch.setattr(case_lists, "PROGRESS_FROM", 2)
    rows = [[str(n), f"Test Prisoner {n}", "", "", "", "", "", ""] for n in range(3)]
    err = StringIO()
    call_command(
        "import_cases", partner_list(tmp_path, rows), *PARTNER_MAP, stdout=StringIO(), stderr=err
    )
    assert "partner.csv: 100%" in err.getvalue()


def test_a_list_fact_stops_needing_a_citation_once_a_passage_supports_the_case(tmp_path):
    import_partner_rows(tmp_path, [["1", "Ivan Testov", "", "", "", "", "", ""]])
    case = Case.objects.get()
    assert Case.objects.filter(needs_citation_q()).get() == case
    CitationFactory(case=case)
    assert not Case.objects.filter(needs_citation_q()).exists()
    assert Case.objects.filter(from_list_q()).get() == case


# The README's example


def readme_example():
    """The import command and the report the README shows, as written there."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Importing a spreadsheet", 1)[1]
    command = section.split("```sh\n", 1)[1].split("```", 1)[0]
    report = section.split("```text\n", 1)[1].split("```", 1)[0]
    return shlex.split(command.replace("\\\n", " ")), report


def test_the_readme_example_runs_as_written_and_prints_what_the_readme_shows(tmp_path, monkeypatch):
    (program, manage, name, *args), report = readme_example()
    assert (program, manage, name) == (".venv/bin/python", "manage.py", "import_cases")
    monkeypatch.chdir(settings.BASE_DIR)
    args = [arg.replace("rejects.csv", str(tmp_path / "rejects.csv")) for arg in args]
    assert import_cases(*args) == report
    rerun = import_cases("docs/examples/synthetic-prisoner-list.csv", "--mapping=synthetic-partner")
    assert last_line(rerun) == "0 created, 0 updated, 3 unchanged, 1 rejected"


def test_an_id_already_used_in_the_list_by_another_case_rejects_the_row(tmp_path):
    rows = [["No.", "Name"], ["17", "Ivan Testov"], ["17", "Maria Fictiva"]]
    output = import_rows(
        tmp_path, rows, "--map=No.=case.external_id", "--map=Name=person.name", "--key=person.name"
    )
    assert "Row 3 rejected: it conflicts with what the registry holds" in output
    assert last_line(output) == "1 created, 0 updated, 0 unchanged, 1 rejected"
    assert Person.objects.get().name == "Ivan Testov"


def test_a_url_in_another_script_is_stored_as_a_uri_and_found_again(tmp_path):
    path = write_csv(
        tmp_path,
        "list.csv",
        [["No.", "Name", "Links"], ["1", "Ivan Testov", "https://пример.example.org/дело/1"]],
    )
    options = ["--map=No.=case.external_id", "--map=Name=person.name", "--map=Links=source.url"]
    import_cases(path, *options)
    link = Case.objects.get().source_links.get()
    assert link.source.url == "https://xn--e1afmkfd.example.org/%D0%B4%D0%B5%D0%BB%D0%BE/1"
    output = import_cases(path, *options)
    assert last_line(output) == "0 created, 0 updated, 1 unchanged, 0 rejected"
    assert Source.objects.exclude(kind=Source.Kind.LIST).count() == 1


def test_an_imported_cases_charges_and_a_renamed_persons_cases_are_found_by_search(tmp_path):
    rows = [["No.", "Name", "Charges"], ["1", "Ivan Testov", "Espionage"]]
    options = ["--map=No.=case.external_id", "--map=Name=person.name"]
    import_rows(tmp_path, rows, *options, "--map=Charges=charge.description")
    case = Case.objects.get()
    assert " espionage " in case.search_document
    other = CaseFactory(person=case.person)
    rows[1][1] = "Ivan Testovsky"
    import_rows(tmp_path, rows, *options)
    other.refresh_from_db()
    renamed = f" {search_key('Ivan Testovsky')} "
    assert renamed in other.search_document
    assert Case.objects.get(pk=case.pk).search_document.startswith(renamed)


def test_a_row_sees_the_person_an_earlier_row_of_the_same_file_created(tmp_path):
    rows = [["Name", "Detained"], ["Ivan Testov", "2019"], ["Иван Тестов", "2023-05"]]
    output = import_rows(
        tmp_path, rows, "--map=Name=person.name", "--map=Detained=case.detained_on"
    )
    assert last_line(output) == "2 created, 0 updated, 0 unchanged, 0 rejected"
    person = Person.objects.get()
    assert person.cases.count() == 2
    assert f"Row 3: matched by name only: Иван Тестов to Ivan Testov ({person.slug})" in output


def test_a_row_the_database_refuses_is_rejected_alone(tmp_path, monkeypatch):
    taken = PersonFactory(name="Someone Else", slug="taken")
    give_out = list_batches.unique_slugs

    def a_slug_taken_meanwhile(model, texts, **options):
        # As if another writer had taken Maria Fictiva's slug after it was read.
        slugs = give_out(model, texts, **options)
        return [
            taken.slug if text == "Maria Fictiva" else slug
            for text, slug in zip(texts, slugs, strict=True)
        ]

    monkeypatch.setattr(list_batches, "unique_slugs", a_slug_taken_meanwhile)
    names = ["Ivan Testov", "Maria Fictiva", "Petr Vydumanny"]
    rows = [[str(n), name, "", "", "", "", "", ""] for n, name in enumerate(names, start=1)]
    output = import_partner_rows(tmp_path, rows)
    assert "Row 3 rejected: it conflicts with what the registry holds" in output
    assert last_line(output) == "2 created, 0 updated, 0 unchanged, 1 rejected"
    assert sorted(Case.objects.values_list("person__name", flat=True)) == [
        "Ivan Testov",
        "Petr Vydumanny",
    ]


# What an import costs: queries per batch of rows, not per row


def prisoners(numbers, status="detained"):
    """Made-up prisoners with what a real list gives: two scripts, dates, charges, links."""
    return [
        [
            str(number),
            f"Test Prisoner {number}",
            f"Тест Заключённый {number}",
            "1961-06",
            "2021-10-03",
            status,
            "Espionage; Fraud",
            f"https://list.example.org/{number} https://list.example.org/{number}/appeal",
        ]
        for number in numbers
    ]


def queries_of(tmp_path, rows, name="partner.csv"):
    path = write_csv(tmp_path, name, [bench_list.HEADER, *rows])
    with CaptureQueriesContext(connection) as context:
        output = import_cases(path, *bench_list.MAP)
    return len(context.captured_queries), last_line(output)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(tmp_path):
    few, summary = queries_of(tmp_path, prisoners(range(1, 51)))
    assert summary == "50 created, 0 updated, 0 unchanged, 0 rejected"
    many, summary = queries_of(tmp_path, prisoners(range(1000, 1200)), name="second.csv")
    assert summary == "200 created, 0 updated, 0 unchanged, 0 rejected"
    # Row by row, a row cost some 45 queries. A batch reads the same whatever its
    # size, and writes a bulk statement per table and per 999 values (SQLite's limit):
    # 150 rows more add a few dozen statements where row by row they added 6,000.
    assert few < 40
    assert many - few <= 60
    case = Case.objects.get(list_entries__external_id="1100")
    # Each record written once, with one history entry.
    records = [case, case.person, *case.charges.all(), *case.source_links.all()]
    assert [record.history.count() for record in records] == [1, 1, 1, 1, 1, 1]
    assert case.history.get().history_change_reason == "Imported from the list second.csv, row 102"


def test_updating_or_confirming_many_rows_costs_the_queries_of_a_few(tmp_path):
    queries_of(tmp_path, prisoners(range(1, 201)))
    unchanged, summary = queries_of(tmp_path, prisoners(range(1, 201)))
    assert summary == "0 created, 0 updated, 200 unchanged, 0 rejected"
    assert unchanged < 30
    few, summary = queries_of(tmp_path, prisoners(range(1, 11), status="released"))
    assert summary == "0 created, 10 updated, 0 unchanged, 0 rejected"
    many, summary = queries_of(tmp_path, prisoners(range(1, 201), status="imprisoned"))
    assert summary == "0 created, 200 updated, 0 unchanged, 0 rejected"
    assert many - few <= 10
    assert Case.objects.filter(status="imprisoned").count() == 200
    latest = Case.objects.get(list_entries__external_id="7").history.first()
    assert latest.history_change_reason == "Imported from the list partner.csv, row 8"
    changes = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("status", "released", "imprisoned")]
