"""Reading a list of cases from a CSV or XLSX file into a header and rows of text cells.

openpyxl reads a workbook's sheet with the most rows and the standard library's csv module
a CSV file, whose delimiter is the one that splits its rows most evenly
(`sniff_delimiter`); `cases.text.encodings` reads a
CSV file that is not UTF-8 (cp1251 and UTF-16 exports are common). Lists kept
by people are not always rectangular (a title above the column names, rows of
different lengths), so the rows are read as they come and squared here rather
than by a table library that refuses them. Every cell comes out as text, as a
person would read it in the spreadsheet: an XLSX date as YYYY-MM-DD, a whole
number without ".0".
"""

import csv
import datetime
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl

from cases.text.encodings import UnknownEncoding, decode

DELIMITERS = ",;\t|"


class UnreadableFile(ValueError):
    """The file is not a spreadsheet this importer can read; the message says why."""


@dataclass
class Table:
    name: str
    sha256: str  # of the file's bytes
    headers: list[str]
    rows: list[list[str]]  # each as long as `headers`; blank rows left out
    text: str  # the table as CSV text: what the registry keeps of the file as a source
    description: str  # how it was read, e.g. 'CSV, cp1251, delimiter ";"'
    # Each row's number as a spreadsheet shows it (the first line of the file is 1), so a
    # report or a case's list entry names the row a person finds there.
    numbers: list[int]


def read_table(name: str, data: bytes) -> Table:
    """The column names and rows of a list, as a person reads them in a spreadsheet.

    The column names are the first row naming more than half as many columns as
    the fullest row (a title or a note above them, a blank line, are passed over;
    a list of one column has its name on its first row). Rows are squared: a row shorter than the others is filled
    with empty cells, and cells past the names make columns without a name, as
    a column whose name is empty is (the admin shows each by its position).
    """
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        sheet, lines = _read_xlsx(data)
        description, text = f"XLSX, sheet “{sheet}”", None
    elif suffix in (".csv", ".txt", ".tsv"):
        try:
            text, encoding = decode(data)
        except UnknownEncoding:
            raise UnreadableFile("its text encoding could not be recognised") from None
        delimiter = sniff_delimiter(text)
        try:
            lines = [
                _trimmed([cell.strip() for cell in line])
                for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            ]
        except csv.Error as error:
            raise UnreadableFile(f"it is not valid CSV ({error})") from None
        shown = {"\t": "tab"}.get(delimiter, f'"{delimiter}"')
        description = f"CSV, {encoding}, delimiter {shown}"
    else:
        raise UnreadableFile("a list must be a .csv or .xlsx file")
    header_index = _header_index(lines)
    if header_index is None:
        raise UnreadableFile("it has no column names: every row is empty")
    if header_index:
        description += f", column names on row {header_index + 1}"
    rows = [
        (number, cells)
        for number, cells in enumerate(lines, start=1)
        if number > header_index + 1 and any(cells)
    ]
    width = max(len(cells) for cells in [lines[header_index], *(cells for _, cells in rows)])
    names = lines[header_index]
    headers = [*names, *[""] * (width - len(names))]
    if text is None:  # The workbook's cells as CSV, as they were read.
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(lines)
        text = out.getvalue()
    return Table(
        name=PurePath(name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=headers,
        rows=[[*cells, *[""] * (width - len(cells))] for _, cells in rows],
        text=text,
        description=description,
        numbers=[number for number, _ in rows],
    )


def _trimmed(cells: list[str]) -> list[str]:
    """A row without its empty cells at the end (a sheet's formatting reaches past its data)."""
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _header_index(lines: list[list[str]]) -> int | None:
    """Where the column names are: the first row naming more than half as many columns as the
    fullest row (and two or more), so that a title, a date or a note above them is passed
    over even when it fills a few cells; else the first row that is not empty (a list of one
    column); None when every row is empty."""
    named = [sum(1 for cell in cells if cell) for cells in lines]
    fullest = max(named, default=0)
    for minimum in (max(2, fullest // 2 + 1), 1):
        for index, count in enumerate(named):
            if count >= minimum:
                return index
    return None


# How much of a CSV file is read to find its delimiter: enough rows to outvote a title.
SNIFF_CHARACTERS = 64_000


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most rows of the file into the same number of cells.

    A delimiter inside quoted cells (a place written "Moscow, SIZO-1" in a file
    separated by semicolons) is not counted, as the csv module reads quotes;
    csv.Sniffer's own guess fails on such a file saved by Excel (CR LF ends).
    Among equally regular readings, the one giving more columns wins.
    """
    sample = text[:SNIFF_CHARACTERS]
    if len(text) > len(sample):  # Not a row cut in two.
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            widths = Counter(len(row) for row in reader if len(row) > 1)
        except csv.Error:
            continue
        if widths:
            width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (rows, width) > best_score:
                best, best_score = delimiter, (rows, width)
    return best


def _read_xlsx(data: bytes) -> tuple[str, list[list[str]]]:
    """The name and rows (each cell as text) of the workbook's sheet holding the most rows:
    a list often follows a sheet of notes or a cover."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = []
        for sheet in workbook.worksheets:
            # Some programs write a sheet's size wrong (A1:A1), and read-only mode believes it.
            sheet.reset_dimensions()
            rows = [
                _trimmed([_text(value) for value in row])
                for row in sheet.iter_rows(values_only=True)
            ]
            sheets.append((sheet.title, rows))
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"it could not be read as an XLSX workbook ({error})") from None
    return max(sheets, key=lambda sheet: sum(1 for cells in sheet[1] if any(cells)))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
