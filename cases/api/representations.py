"""The JSON of a case for reads, built as plain dicts straight from the database's rows.

`CaseSerializer` defines the representation (and validates writes, and
documents the schema); `CaseRepresentation` produces the same output for GET
responses many times faster. Through DRF, a page of 50 cases meant a
serializer with its fields for every nested record, and a model instance for
every charge, event, position, status change and citation (each citation read four times:
for its case and for its fact). Here the cases (chosen by id) and their nested
records are read as `values()` rows, in seven queries for any number of cases
(each compiled to SQL once per process, and sent to PostgreSQL together: see
cases.api.prepared), and turned into dicts directly.

`CaseCsvRows` does the same for `CaseCsvSerializer`'s spreadsheet rows, written
as CSV a chunk of cases at a time, so an export of any size streams in bounded memory.

The fields of each shape are listed once, in cases.api.shapes: the
serializers take them from there, and so do the columns read here.
tests/api/test_api_representations.py checks on varied data that each gives
output identical to its serializer's, so they cannot drift: a field added to
a shape must be built here too.
"""

import csv
import io
from collections import defaultdict
from itertools import islice

from django.db.models import Func, TextField
from django.utils import timezone
from rest_framework.reverse import reverse

from cases.api import shapes
from cases.api.prepared import PreparedRows, read_together
from cases.models import (
    Case,
    Charge,
    Citation,
    Event,
    ListEntry,
    Position,
    Source,
    StatusChange,
)
from cases.models.base import country_codes
from cases.models.people import split_aliases
from cases.models.review import review_state
from cases.models.status import sequence_key, status_since
from cases.text.formulas import guard

CHARGE_FIELDS = shapes.columns(shapes.CHARGE)
EVENT_FIELDS = shapes.columns(shapes.EVENT)
POSITION_FIELDS = [
    *shapes.columns(shapes.POSITION),
    *shapes.columns(shapes.POSITION_ACTOR, prefix="actor__"),
]
STATUS_CHANGE_FIELDS = shapes.columns(shapes.STATUS_CHANGE)
CITATION_FIELDS = [
    *shapes.columns(shapes.CASE_CITATION),
    "case_id",
    "charge_id",
    "event_id",
    "position_id",
    "status_change_id",
    *shapes.columns(shapes.SOURCE_SUMMARY[1:], prefix="source__"),
    # The day it speaks for: what a case's `last_sourced_on` and status order are read from.
    "source__dated_on",
]

# Compiled once per process (see cases.api.prepared): a case page would otherwise
# spend more time turning these seven queries into SQL than the database answering them.
CASE_ROWS = PreparedRows(Case.objects.values(*shapes.CASE_ROW), "id")
CHARGE_ROWS = PreparedRows(Charge.objects.values(*CHARGE_FIELDS), "case_id")
EVENT_ROWS = PreparedRows(Event.objects.values(*EVENT_FIELDS), "case_id")
POSITION_ROWS = PreparedRows(Position.objects.values(*POSITION_FIELDS), "case_id")
STATUS_CHANGE_ROWS = PreparedRows(StatusChange.objects.values(*STATUS_CHANGE_FIELDS), "case_id")
CITATION_ROWS = PreparedRows(Citation.objects.values(*CITATION_FIELDS), "case_id")
LIST_ENTRY_ROWS = PreparedRows(
    ListEntry.objects.values("case_id", "case_list__name", "external_id", "source_id", "row"),
    "case_id",
)


class CaseDetails:
    """Some cases' rows with their person's, and their charges, events, positions, status
    changes and citations, as rows grouped by owner.

    Each query keeps its model's default ordering, so every list comes out in
    the order `with_details()` would give it; status changes are then put in
    their sequence, as `in_sequence()` puts them.
    """

    def __init__(self, case_ids, user):
        cases, charges, events, positions, status_changes, list_entries, citations = read_together(
            [CASE_ROWS, CHARGE_ROWS, EVENT_ROWS, POSITION_ROWS, STATUS_CHANGE_ROWS]
            # One query for every citation of these cases: a citation's fact belongs
            # to the citation's own case (Citation.clean), so nothing is missed.
            + [LIST_ENTRY_ROWS, CITATION_ROWS],
            case_ids,
        )
        self.cases = {row["id"]: row for row in cases}
        self.charges = _by_case(charges)
        self.events = _by_case(events)
        self.positions = _by_case(positions)
        status_changes = _by_case(status_changes)
        self.list_entries = _by_case(list_entries)
        # The lists' files the user may see (a file holds the rows of drafts too).
        self.list_sources = Source.objects.visible_ids(
            [entry["source_id"] for entry in list_entries], user
        )
        self.citations = defaultdict(list)  # by (kind, id): ("charge", 7), ("case", 3)...
        self.sources = defaultdict(dict)  # by case id: source id -> row, in citation order
        self.source_days = {}  # by source id: the day it speaks for (Source.dated_on)
        for row in citations:
            kind = Citation.Claim.of(
                row["charge_id"], row["event_id"], row["position_id"], row["status_change_id"]
            ).value
            self.citations[(kind, row[f"{kind}_id"])].append(row)
            self.sources[row["case_id"]].setdefault(row["source_id"], row)
            self.source_days[row["source_id"]] = row["source__dated_on"]
        self.status_changes = {
            case_id: sorted(rows, key=self.sequence_key) for case_id, rows in status_changes.items()
        }

    def sequence_key(self, row):
        citations = self.citations.get(("status_change", row["id"]), ())
        days = [day for c in citations if (day := self.source_days[c["source_id"]])]
        return sequence_key(row["changed_on"], days, row["id"])

    def last_sourced_on(self, case_id):
        days = [day for source in self.sources[case_id] if (day := self.source_days[source])]
        return max(days) if days else None


def _by_case(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["case_id"]].append(row)
    return grouped


class Representation:
    """What both representations need from the request: case URLs and the time zone."""

    def __init__(self, request, format=None):
        # The detail URL is reversed once, then each slug goes into it: a
        # slug is [-a-zA-Z0-9_]+ (a SlugField), so it needs no quoting.
        placeholder = "slug-placeholder"
        url = reverse("case-detail", kwargs={"slug": placeholder}, request=request, format=format)
        self.url_prefix, self.url_suffix = url.split(placeholder)
        self.timezone = timezone.get_current_timezone()
        self.user = request.user

    def url(self, slug):
        return f"{self.url_prefix}{slug}{self.url_suffix}"

    def datetime(self, value):
        """In the current time zone, as DRF's DateTimeField gives it; the renderer writes it."""
        return None if value is None else value.astimezone(self.timezone)


class CaseRepresentation(Representation):
    """Turns cases (read through `prepare()`) into JSON for one request: its host, version, format."""

    @staticmethod
    def prepare(cases):
        """`cases` as this representation reads them: only their ids, in order.

        A page's query then selects one column and makes one small instance a
        case; the cases' rows are read by id with their nested records, in the
        same round trip (CaseDetails).
        """
        return cases.select_related(None).prefetch_related(None).only("pk")

    def many(self, cases):
        """The JSON of `cases` (instances), in their order; a case deleted since is left out."""
        case_ids = [case.pk for case in cases]
        details = CaseDetails(case_ids, self.user)
        return [self.case(details.cases[pk], details) for pk in case_ids if pk in details.cases]

    def case(self, row, details):
        case_id = row["id"]
        history = details.status_changes.get(case_id, [])
        since, since_precision = status_since(
            [
                (change["status"], change["changed_on"], change["changed_on_precision"])
                for change in history
            ]
        )
        return {
            "id": case_id,
            "slug": row["slug"],
            "url": self.url(row["slug"]),
            "person": {
                "id": row["person__id"],
                "slug": row["person__slug"],
                "name": row["person__name"],
                "native_name": row["person__native_name"],
                "aliases": split_aliases(row["person__aliases"]),
                "citizenships": country_codes(row["person__citizenships"]),
            },
            "detaining_country": row["detaining_country"],
            "place": row["place"],
            "detained_on": row["detained_on"],
            "detained_on_precision": row["detained_on_precision"],
            "released_on": row["released_on"],
            "released_on_precision": row["released_on_precision"],
            "status": row["status"],
            "status_since": since,
            "status_since_precision": since_precision,
            "status_history": [self.status_change(change, details) for change in history],
            "last_sourced_on": details.last_sourced_on(case_id),
            "summary": row["summary"],
            "published": row["published"],
            "review_state": review_state(row["published"], row["submitted_at"]),
            "charges": [self.charge(charge, details) for charge in details.charges[case_id]],
            "events": [self.event(event, details) for event in details.events[case_id]],
            "positions": [
                self.position(position, details) for position in details.positions[case_id]
            ],
            "citations": self.citations(details, "case", case_id),
            "sources": [self.source(source) for source in details.sources[case_id].values()],
            "list_entries": [
                {
                    "list": entry["case_list__name"],
                    "external_id": entry["external_id"],
                    "source": entry["source_id"]
                    if entry["source_id"] in details.list_sources
                    else None,
                    "row": entry["row"],
                }
                for entry in details.list_entries[case_id]
            ],
            # Every citation of the case is in `sources` (see CaseDetails).
            "needs_citation": bool(details.list_entries[case_id]) and not details.sources[case_id],
            "created_at": self.datetime(row["created_at"]),
            "updated_at": self.datetime(row["updated_at"]),
        }

    def charge(self, row, details):
        return {
            "id": row["id"],
            "case": row["case_id"],
            "description": row["description"],
            "statute": row["statute"],
            "outcome": row["outcome"],
            "sentence": row["sentence"],
            "sentence_months": row["sentence_months"],
            "charged_on": row["charged_on"],
            "charged_on_precision": row["charged_on_precision"],
            "decided_on": row["decided_on"],
            "decided_on_precision": row["decided_on_precision"],
            "certainty": row["certainty"],
            "citations": self.citations(details, "charge", row["id"]),
            "created_at": self.datetime(row["created_at"]),
            "updated_at": self.datetime(row["updated_at"]),
        }

    def event(self, row, details):
        return {
            "id": row["id"],
            "case": row["case_id"],
            "kind": row["kind"],
            "occurred_on": row["occurred_on"],
            "occurred_on_precision": row["occurred_on_precision"],
            "place": row["place"],
            "description": row["description"],
            "certainty": row["certainty"],
            "citations": self.citations(details, "event", row["id"]),
            "created_at": self.datetime(row["created_at"]),
            "updated_at": self.datetime(row["updated_at"]),
        }

    def status_change(self, row, details):
        return {
            "id": row["id"],
            "case": row["case_id"],
            "status": row["status"],
            "changed_on": row["changed_on"],
            "changed_on_precision": row["changed_on_precision"],
            "certainty": row["certainty"],
            "description": row["description"],
            "citations": self.citations(details, "status_change", row["id"]),
            "created_at": self.datetime(row["created_at"]),
            "updated_at": self.datetime(row["updated_at"]),
        }

    def position(self, row, details):
        return {
            "id": row["id"],
            "case": row["case_id"],
            "actor": {
                "id": row["actor__id"],
                "name": row["actor__name"],
                "kind": row["actor__kind"],
                "country": row["actor__country"],
                "role": row["actor__role"],
            },
            "stance": row["stance"],
            "stated_on": row["stated_on"],
            "stated_on_precision": row["stated_on_precision"],
            "summary": row["summary"],
            "citations": self.citations(details, "position", row["id"]),
            "created_at": self.datetime(row["created_at"]),
            "updated_at": self.datetime(row["updated_at"]),
        }

    def citations(self, details, kind, owner_id):
        return [
            {
                "id": row["id"],
                "source": row["source_id"],
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "note": row["note"],
            }
            for row in details.citations.get((kind, owner_id), ())
        ]

    def source(self, row):
        return {
            "id": row["source_id"],
            "kind": row["source__kind"],
            "title": row["source__title"],
            "outlet": row["source__outlet"],
            "url": row["source__url"],
            "published_at": self.datetime(row["source__published_at"]),
        }


class UtcTimestampText(Func):
    """A timestamp as text in UTC, as DRF writes it: `2024-02-16T20:42:13.120000Z`, without
    the fraction when it is zero. Written by the database: reading each one as a datetime
    only to write it back as text took a tenth of an export's time.
    """

    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps UTC as `2024-02-16 20:42:13.120000`, leaving out a zero fraction as DRF does.
        template = "replace(%(expressions)s, ' ', 'T') || 'Z'"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '') || 'Z'"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


# Read as tuples in this order by `CaseCsvRows.row()`.
CSV_CASE_COLUMNS = [
    "id",
    "slug",
    "person__name",
    "person__native_name",
    "person__aliases",
    "person__citizenships",
    *shapes.CASE_RECORD,
    "summary",
    "published",
    UtcTimestampText("created_at"),
    UtcTimestampText("updated_at"),
]
CSV_CHARGE_ROWS = PreparedRows(
    Charge.objects.values("case_id", "description", "outcome"), "case_id"
)
OUTCOME_LABELS = {outcome: label.lower() for outcome, label in Charge.Outcome.choices}


class CaseCsvRows(Representation):
    """`CaseCsvSerializer`'s rows for a queryset of cases as CSV text, `chunk_size` cases a piece.

    Each chunk is one query for the cases with their person and one for their
    charges, so memory stays bounded however many cases the export holds. The
    rows are lists in the columns' order, written by one `writerows()` a chunk;
    only the text people wrote is guarded against running as a formula (ids,
    dates, codes and choices cannot start like one).
    """

    chunk_size = 2000

    def text(self, cases):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(shapes.CASE_CSV)
        rows = cases.values_list(*CSV_CASE_COLUMNS).iterator(self.chunk_size)
        while chunk := list(islice(rows, self.chunk_size)):
            charges = defaultdict(list)
            for charge in CSV_CHARGE_ROWS([row[0] for row in chunk]):
                label = OUTCOME_LABELS[charge["outcome"]]
                charges[charge["case_id"]].append(f"{charge['description']} ({label})")
            writer.writerows(self.row(row, charges[row[0]]) for row in chunk)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():  # No case: the header alone.
            yield buffer.getvalue()

    def row(self, case, charges):
        (
            pk,
            slug,
            name,
            native_name,
            aliases,
            citizenships,
            detaining_country,
            place,
            detained_on,
            detained_on_precision,
            released_on,
            released_on_precision,
            status,
            summary,
            published,
            created_at,
            updated_at,
        ) = case
        return [
            pk,
            guard(slug),
            self.url(slug),
            guard(name),
            guard(native_name),
            guard("; ".join(split_aliases(aliases))),
            "; ".join(country_codes(citizenships)),
            detaining_country,
            guard(place),
            detained_on,
            detained_on_precision,
            released_on,
            released_on_precision,
            status,
            guard("; ".join(charges)),
            guard(summary),
            "true" if published else "false",
            created_at,
            updated_at,
        ]
