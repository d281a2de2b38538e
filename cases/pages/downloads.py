"""Downloads of exactly what a filtered index shows: every case of every page.

The CSV is the import-ready export (`cases.ingest.case_lists.export_rows`,
the API's `?format=csv&columns=import`) with one more column, `url`, the
case's public page; the import ignores that column, so an edited download
imports back with `--key case.slug`. The JSON is the API's case JSON
(`CaseRepresentation`) whose `url` is the public page, with the quote behind
each fact. Both stream a chunk of cases at a time, as the API's CSV does.
"""

import json
from itertools import islice

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.api.renderers import csv_lines, json_bytes
from cases.api.representations import CaseRepresentation
from cases.ingest.case_lists import FIELDS as IMPORT_FIELDS
from cases.ingest.case_lists import export_rows

CSV_COLUMNS = [*IMPORT_FIELDS, "url"]
# What each column holds, for the data page; a column the import gains must be explained here.
COLUMN_MEANINGS = {
    "person.name": _("The person's name in Latin script, as the registry displays it"),
    "person.native_name": _("The name in the person's own script"),
    "person.aliases": _("Other spellings of the name"),
    "person.citizenship": _("Citizenships, as ISO 3166-1 two-letter codes"),
    "person.birth_date": _("Date of birth, at the precision known"),
    "person.wikidata_id": _("The person's Wikidata id (Q…)"),
    "case.external_id": _("An id from an imported list; empty in downloads"),
    "case.slug": _("The case's stable id in the registry (the end of its page's address)"),
    "case.detaining_country": _("The state holding the person, as a two-letter code"),
    "case.place": _("Where the person was detained or is held"),
    "case.detained_on": _("Date of detention, at the precision the sources give"),
    "case.released_on": _("Date of release, at the precision the sources give"),
    "case.status": _(
        "The current status: detained, imprisoned, house_arrest, released, "
        "exchanged, died_in_custody or unknown"
    ),
    "case.summary": _("A summary of the case"),
    "charge.description": _("The charges"),
    "charge.outcome": _(
        "Each charge's outcome, in the same order: pending, convicted, "
        "acquitted, dropped or unknown"
    ),
    "source.url": _("Addresses of the sources on the case"),
    "url": _("The case's page in the registry"),
}
JSON_CHUNK = 500


def csv_text(request, cases):
    """The CSV lines of `cases`, header first, after a byte-order mark: without one, Excel reads
    a CSV file in the computer's own code page, garbling every name in Cyrillic or with accents
    (the import, and most programs, read the mark as what it is)."""
    page = PageUrls(request)
    rows = ({**row, "url": page.url(row["case.slug"])} for row in export_rows(cases, request.user))
    yield "\ufeff"
    yield from csv_lines(CSV_COLUMNS, rows)


class PageUrls:
    """Absolute URLs of case pages, reversed once and filled with each slug."""

    def __init__(self, request):
        placeholder = "slug-placeholder"
        url = request.build_absolute_uri(reverse("cases:case-detail", args=[placeholder]))
        self.prefix, self.suffix = url.split(placeholder)

    def url(self, slug):
        return f"{self.prefix}{slug}{self.suffix}"


class PageCaseRepresentation(CaseRepresentation):
    """The API's case JSON, whose `url` is the case's public page rather than its API record."""

    def __init__(self, request):
        super().__init__(request)
        self.page = PageUrls(request)

    def url(self, slug):
        return self.page.url(slug)


def json_text(request, cases, query):
    """`{"licence": ..., "filters": ..., "cases": [...]}` of `cases`, a chunk at a time."""
    representation = PageCaseRepresentation(request)
    head = {
        "licence": settings.REGISTRY_DATA_LICENCE,
        "licence_url": settings.REGISTRY_DATA_LICENCE_URL,
        "filters": query,
        "index": request.build_absolute_uri(reverse("cases:case-list")),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": ['
    rows = representation.prepare(cases).iterator(JSON_CHUNK)
    first = True
    while chunk := list(islice(rows, JSON_CHUNK)):
        for case in representation.many(chunk):
            yield ("" if first else ",") + "\n" + json_bytes(case).decode()
            first = False
    yield "\n]}\n"
