"""Reading lists of cases: encodings, delimiters and XLSX cells come out as the same text."""

import datetime
import io

import openpyxl
import pytest

from cases.ingest.spreadsheets import UnreadableFile, read_table
from tests.ingest.spreadsheets import csv_bytes, xlsx_bytes

ROWS = [
    ["Имя", "Дата рождения", "Страна"],
    ["Иван Тестовый", "1961-06", "Россия"],
    ["Мария Фиктивная", "1954", "Беларусь"],
    ["Пётр Выдуманный", "1970-02-14", "Казахстан"],
    ["Ольга Примерная", "", "Россия"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_file_reads_the_same_in_any_common_encoding_and_delimiter(encoding, delimiter):
    table = read_table("list.csv", csv_bytes(ROWS, encoding=encoding, delimiter=delimiter))
    assert table.headers == ROWS[0]
    assert table.rows == ROWS[1:]
    assert "\ufeff" not in table.text


# Made-up people whose names only one code page spells right.
LEGACY = {
    "cp1252": [["Name", "Born"], ["José Pérez Núñez", "1961"], ["François Müller", "1970"]],
    "cp1250": [["Name", "Born"], ["Łukasz Żółć", "1961"], ["Václav Dvořák", "1970"]],
    "koi8_r": ROWS,
    "gb18030": [["姓名", "出生"], ["王测试", "1961"], ["李虚构", "1954"]],
    "utf-16-le": ROWS,
    "utf-16-be": ROWS,
}


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("delimiter", [",", ";", "|"])
def test_legacy_code_pages_and_utf16_without_a_byte_order_mark_are_told_apart(encoding, delimiter):
    rows = LEGACY[encoding]
    table = read_table("list.csv", csv_bytes(rows, encoding=encoding, delimiter=delimiter))
    assert [table.headers, *table.rows] == rows
    assert table.description.startswith(f"CSV, {encoding}, ")


def test_the_description_names_the_encoding_and_delimiter_found():
    table = read_table("list.csv", csv_bytes(ROWS, encoding="cp1251", delimiter=";"))
    assert table.description == 'CSV, cp1251, delimiter ";"'


def test_an_xlsx_file_gives_dates_and_whole_numbers_as_written():
    data = xlsx_bytes(
        [
            ["Name", "Detained", "Id", "Born"],
            ["Ivan Testov", datetime.datetime(2021, 10, 3), 17, 1961],
            ["Maria Fictiva", datetime.date(2020, 1, 2), 18.0, None],
        ]
    )
    table = read_table("list.xlsx", data)
    assert table.headers == ["Name", "Detained", "Id", "Born"]
    assert table.rows == [
        ["Ivan Testov", "2021-10-03", "17", "1961"],
        ["Maria Fictiva", "2020-01-02", "18", ""],
    ]
    assert table.text.splitlines()[1] == "Ivan Testov,2021-10-03,17,1961"


def test_blank_rows_are_skipped_and_the_file_hash_is_of_its_bytes():
    data = csv_bytes([["Name"], ["Ivan Testov"], [""], ["Maria Fictiva"]])
    table = read_table("list.csv", data)
    assert table.rows == [["Ivan Testov"], ["Maria Fictiva"]]
    # Numbered as a spreadsheet shows them: the blank row keeps its number.
    assert table.numbers == [2, 4]
    assert len(table.sha256) == 64


TITLED = [
    ["Political prisoners (synthetic list), as of 1 December 2024"],
    [],
    ["No.", "Name", "Held since"],
    ["1", "Ivan Testov", "2021-10-03"],
    [],
    ["2", "Maria Fictiva", "2020"],
]


@pytest.mark.parametrize("name, make", [("list.csv", csv_bytes), ("list.xlsx", xlsx_bytes)])
def test_a_title_above_the_column_names_is_passed_over(name, make):
    table = read_table(name, make(TITLED))
    assert table.headers == ["No.", "Name", "Held since"]
    assert table.rows == [["1", "Ivan Testov", "2021-10-03"], ["2", "Maria Fictiva", "2020"]]
    assert table.numbers == [4, 6]
    assert table.description.endswith("column names on row 3")


# A list as Excel saves it with a Russian locale: ";" between cells, CR LF, cp1251, and
# places and charges holding "," and ";" in quotes.
EXCEL_SEMICOLON = [
    ["№", "ФИО", "Место", "Обвинения", "Дата задержания"],
    *[
        [str(number), f"Тестов{number} Иван", "г. Москва, СИЗО-1", "ст. 275; ст. 280", "12.03.2021"]
        for number in range(1, 30)
    ],
]


@pytest.mark.parametrize("title", [[], [["Список (синтетический), на 1 декабря 2024"]]])
def test_the_delimiter_is_the_one_that_splits_rows_evenly_with_quoted_commas_in_cells(title):
    rows = [*title, *EXCEL_SEMICOLON]
    table = read_table("list.csv", csv_bytes(rows, encoding="cp1251", delimiter=";"))
    assert table.headers == EXCEL_SEMICOLON[0]
    assert table.rows == EXCEL_SEMICOLON[1:]
    assert 'delimiter ";"' in table.description


def test_semicolons_inside_the_cells_of_a_comma_separated_file_are_no_delimiter():
    rows = [["Name", "Charges", "Born"], *[[f"Testov {n}", "a; b; c", "1961"] for n in range(9)]]
    table = read_table("list.csv", csv_bytes(rows))
    assert table.headers == ["Name", "Charges", "Born"]
    assert table.rows[0] == ["Testov 0", "a; b; c", "1961"]


@pytest.mark.parametrize("name, make", [("list.csv", csv_bytes), ("list.xlsx", xlsx_bytes)])
def test_a_title_filling_a_few_cells_is_not_taken_for_the_column_names(name, make):
    rows = [
        ["Political prisoners (synthetic)", "Updated:", "2024-01-01"],
        ["No.", "Name", "Born", "Held since", "Place", "Status"],
        ["1", "Ivan Testov", "1961", "2021-10-03", "Moscow", "imprisoned"],
    ]
    table = read_table(name, make(rows))
    assert table.headers == rows[1]
    assert table.rows == rows[2:]
    assert table.description.endswith("column names on row 2")


def test_a_workbook_is_read_from_its_sheet_holding_the_list():
    workbook = openpyxl.Workbook()
    workbook.active.title = "About"
    workbook.active.append(["A made-up list; the names are on the next sheet."])
    listed = workbook.create_sheet("Prisoners")
    for row in [["Name", "Born"], ["Ivan Testov", 1961], ["Maria Fictiva", 1954]]:
        listed.append(row)
    out = io.BytesIO()
    workbook.save(out)

    table = read_table("list.xlsx", out.getvalue())

    assert table.headers == ["Name", "Born"]
    assert table.rows == [["Ivan Testov", "1961"], ["Maria Fictiva", "1954"]]
    assert table.description == "XLSX, sheet “Prisoners”"


def test_rows_of_other_lengths_are_squared_and_no_cell_is_lost():
    data = csv_bytes(
        [
            ["Name", "Born", "", "Note"],
            ["Ivan Testov"],
            ["Maria Fictiva", "1954", "x", "", "", "late addition"],
            ["Olga Fictiva", "1970", "", "", "", ""],
        ]
    )
    table = read_table("list.csv", data)
    assert table.headers == ["Name", "Born", "", "Note", "", ""]
    assert table.rows == [
        ["Ivan Testov", "", "", "", "", ""],
        ["Maria Fictiva", "1954", "x", "", "", "late addition"],
        ["Olga Fictiva", "1970", "", "", "", ""],
    ]


def test_a_sheet_whose_formatting_reaches_past_its_data_has_no_empty_columns():
    table = read_table(
        "list.xlsx", xlsx_bytes([["Name", "Born", None, None], ["Ivan", 1961, None]])
    )
    assert table.headers == ["Name", "Born"]
    assert table.rows == [["Ivan", "1961"]]


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("list.pdf", b"%PDF", "must be a .csv or .xlsx"),
        ("list.xlsx", b"not a workbook", "XLSX"),
        ("list.csv", b",,\n\n, ,\n", "every row is empty"),
    ],
)
def test_a_file_that_is_no_readable_list_is_refused_saying_why(name, data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_table(name, data)
