"""Reading a list of cases from a CSV or XLSX file into a header and rows of text cells.

tablib (the table library under django-import-export) reads both formats,
XLSX through openpyxl; `cases.text.encodings` reads a CSV file that is not
UTF-8 (cp1251 and UTF-16 exports are common) and the standard library's
csv.Sniffer its delimiter. Every cell comes out as text, as a
person would read it in the spreadsheet: an XLSX date as YYYY-MM-DD, a whole
number without ".0".
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath

import tablib
from tablib.exceptions import InvalidDimensions

from cases.text.encodings import UnknownEncoding, decode

DELIMITERS = ",;\t|"


class UnreadableFile(ValueError):
    """The file is not a spreadsheet this importer can read; the message says why."""


@dataclass
class Table:
    name: str
    sha256: str  # of the file's bytes
    headers: list[str]
    rows: list[list[str]]
    text: str  # the table as CSV text: what the registry keeps of the file as a source
    description: str  # how it was read, e.g. 'CSV, cp1251, delimiter ";"'


def read_table(name: str, data: bytes) -> Table:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        dataset, description = _read_xlsx(data), "XLSX, first sheet"
        text = None
    elif suffix in (".csv", ".txt", ".tsv"):
        try:
            text, encoding = decode(data)
        except UnknownEncoding:
            raise UnreadableFile("its text encoding could not be recognised") from None
        delimiter = sniff_delimiter(text)
        try:
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        except InvalidDimensions:
            raise UnreadableFile("its rows do not all have the same number of cells") from None
        except csv.Error as error:
            raise UnreadableFile(f"it is not valid CSV ({error})") from None
        shown = {"\t": "tab"}.get(delimiter, f'"{delimiter}"')
        description = f"CSV, {encoding}, delimiter {shown}"
    else:
        raise UnreadableFile("a list must be a .csv or .xlsx file")
    headers = [_text(header) for header in dataset.headers or []]
    if not any(headers):
        raise UnreadableFile("its first row, the column names, is empty")
    rows = [[_text(value) for value in row] for row in dataset]
    if text is None:  # The workbook's cells as CSV, as they were read.
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([headers, *rows])
        text = out.getvalue()
    return Table(
        name=PurePath(name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=headers,
        rows=[row for row in rows if any(row)],
        text=text,
        description=description,
    )


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=DELIMITERS).delimiter
    except csv.Error:
        # The sniffer wants consistent rows; the header alone usually tells.
        counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_xlsx(data: bytes) -> tablib.Dataset:
    try:
        return tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"it could not be read as an XLSX workbook ({error})") from None


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
