"""Spreadsheets made for the import tests: CSV in several encodings and delimiters, XLSX.

Every person in them is made up (Testov, Fictiva, ...), as are the identifiers.
"""

import csv
import io

import openpyxl


def csv_bytes(rows, *, encoding="utf-8", delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    if encoding == "utf-8-bom":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(directory, name, rows, **options):
    path = directory / name
    path.write_bytes(csv_bytes(rows, **options))
    return path
