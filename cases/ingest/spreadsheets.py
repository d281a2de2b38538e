"""Reading a list of cases from a CSV or XLSX file into a header and rows of text cells.

tablib (the table library under django-import-export) reads both formats,
XLSX through openpyxl; charset-normalizer guesses the encoding of a CSV file
that is not UTF-8 (cp1251 and UTF-16 exports are common) and the standard
library's csv.Sniffer its delimiter. Every cell comes out as text, as a
person would read it in the spreadsheet: an XLSX date as YYYY-MM-DD, a whole
number without ".0".
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import tablib
from charset_normalizer import from_bytes
from tablib.exceptions import InvalidDimensions

DELIMITERS = ",;\t|"
# The single-byte and East Asian encodings spreadsheets are exported in, the
# more common first. Left free, charset-normalizer may prefer a rarer code page
# (mac_cyrillic) that decodes a short Russian list almost the same way, but not quite.
LEGACY_ENCODINGS = ["cp1252", "cp1251", "cp1250", "koi8_r", "gb18030", "big5", "shift_jis"]
_WORD = re.compile(r"[^\W\d_]{3,}")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
        text, encoding = decode(data)
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


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and how it was read: by its byte-order mark, as UTF-16 if
    every other byte is zero, as UTF-8, or as the likeliest legacy encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            label = encoding.removesuffix("-sig")
            return data.decode(encoding).lstrip("\ufeff"), f"{label} with byte-order mark"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data, cp_isolation=LEGACY_ENCODINGS))
    if not matches:
        raise UnreadableFile("its text encoding could not be recognised")
    best = min(matches, key=_unlikeliness)
    return str(best), best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark, by its zero bytes, which no other text has.

    Digits, delimiters and line ends are zero in one byte of two: the first
    (big-endian) or the second (little-endian).
    """
    if b"\x00" not in data or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < 0.9 * (even + odd):
        return None
    return "utf-16-be" if even > odd else "utf-16-le"


def _unlikeliness(match) -> tuple:
    """How unlikely a legacy decoding is, least first.

    charset-normalizer's measures often tie on a short list of names, between
    code pages that share most letters (cp1252 and cp1250 both read "Núñez" as
    letters). Oddities then tell the wrong one; next comes charset-normalizer's
    language coherence, and last the more common code page (LEGACY_ENCODINGS).
    """
    return (
        round(match.chaos, 3),
        _oddities(str(match)),
        -round(match.coherence, 3),
        LEGACY_ENCODINGS.index(match.encoding),
    )


def _oddities(text: str) -> int:
    """What a wrong code page makes of names: symbols for letters ("£ukasz ¯ó³æ", Polish
    read as cp1252) and words of accented letters only ("Čâŕí", Russian read as cp1250)."""
    symbols = sum(
        1
        for character in text
        if not character.isascii() and unicodedata.category(character)[0] not in "LMZ"
    )
    accented_words = sum(
        1 for word in _WORD.findall(text) if all(_accented_latin(letter) for letter in word)
    )
    return symbols + accented_words


def _accented_latin(letter: str) -> bool:
    return not letter.isascii() and unicodedata.name(letter, "").startswith("LATIN")


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
