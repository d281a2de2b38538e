"""Importing a list of cases from a spreadsheet: mapping, matching, creating and updating.

A row's cells are read into registry fields (`FIELDS`, named like
`person.name` and `case.detained_on`), matched to an existing case by the
mapping's key, and written through the models' own rules (`full_clean()`,
slugs, history naming the import as the reason). Rows are matched, checked
and written a batch at a time (`cases.ingest.list_batches`), each batch in
one transaction, and each row whole or not at all. A row that cannot be read
or does not pass the rules is rejected with the column and the reason; the
other rows still import. A dry run runs exactly
the same code inside a transaction that is rolled back, so its report is the
one the real import would give.

An empty cell never erases what the registry holds: lists are often partial,
and an update should change only what the list says.
"""

import contextlib
import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from tqdm import tqdm

from cases.ingest.cell_values import (
    STATUS_WORDS,
    choice_words,
    country_code,
    folded,
    is_no_date,
    is_stateless,
)
from cases.ingest.list_batches import (
    BATCH_SIZE,
    DATE_FIELDS,
    NAME_FIELDS,
    Batch,
    Deferred,
    Known,
    NameIndex,
    RowPlan,
    RowRejected,
    Validator,
    name_keys,
    names_another_person,
    row_names,
)
from cases.ingest.spreadsheets import Table
from cases.models import (
    Case,
    CaseList,
    Charge,
    Citation,
    ColumnMapping,
    ImportLog,
    ListEntry,
    Person,
    Source,
    SourceLink,
)
from cases.models.people import split_aliases
from cases.models.review import review_required
from cases.models.sources import text_sha256
from cases.text.formulas import unguard
from cases.text.partial_dates import DAY, format_iso_partial, parse_partial_date, slash_order
from cases.text.transliteration import is_latin, latin_name
from cases.text.urls import as_uri

# Files longer than this show a progress bar.
PROGRESS_FROM = 300
_LIST_SEPARATORS = re.compile(r"[;\n]")
_POSITION = re.compile(r"^#(\d+)$")
# A date a spreadsheet gives as its number of days (a date cell formatted as a number, or
# exported so): five digits, 1927 to 2173, where a year has four.
_SERIAL_DATE = re.compile(r"^\d{5}$")
SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)
_http_url = URLValidator(schemes=["http", "https"])


class UsageError(ValueError):
    """A mapping that cannot work (an unknown field, a column not in the file): nothing is read."""


def _text(value: str) -> str:
    return value


def _line(value: str) -> str:
    """A one-line value (a name, an id): a line break typed inside the cell is a space."""
    return " ".join(value.split())


def _aliases(value: str) -> list[str]:
    return [name.strip() for name in _LIST_SEPARATORS.split(value) if name.strip()]


def _country(value: str) -> str:
    code = country_code(value)
    if not code:
        raise ValueError(f"unknown country “{value}”")
    return code


def _countries(value: str) -> list[str]:
    """Countries separated by ";", "," or lines; a name holding a comma ("Korea, Republic of")
    is one country."""
    codes = []
    for part in _LIST_SEPARATORS.split(value):
        if not part.strip() or is_stateless(part):
            continue
        whole = country_code(part)
        codes.extend(
            [whole] if whole else [_country(name) for name in part.split(",") if name.strip()]
        )
    return list(dict.fromkeys(codes))


def _partial_date(value: str, slash_order=None):
    if is_no_date(value):
        return None
    if _SERIAL_DATE.match(value):
        return SPREADSHEET_EPOCH + datetime.timedelta(days=int(value)), DAY
    return parse_partial_date(value, slash_order)


def _choice(choices, what, extra=None):
    # Built on first use: translations cannot be activated while the apps load.
    words = cache(lambda: choice_words(choices, extra))

    def parse(text):
        try:
            return words()[folded(text)]
        except KeyError:
            known = ", ".join(choices.values)
            raise ValueError(f"unknown {what}; use one of {known}") from None

    return parse


def _charges(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


_outcome = _choice(Charge.Outcome, "outcome")


def _outcomes(value: str) -> list[str]:
    return [_outcome(part.strip()) for part in value.split(";") if part.strip()]


def _urls(value: str) -> list[str]:
    # As a source stores them (Source.clean()), so that a URL is found again on the next import.
    urls = [as_uri(url) for url in value.split()]
    for url in urls:
        try:
            _http_url(url)
        except ValidationError:
            raise ValueError(f"not an http(s) URL: {url}") from None
    return list(dict.fromkeys(urls))


# Every field a column may be mapped to, with the function reading a cell into its value.
FIELDS: dict[str, Callable[[str], object]] = {
    "person.name": _line,
    "person.native_name": _line,
    "person.aliases": _aliases,
    "person.citizenship": _countries,
    "person.birth_date": _partial_date,
    "person.wikidata_id": _line,
    "case.external_id": _line,
    "case.slug": _line,
    "case.detaining_country": _country,
    "case.place": _line,
    "case.detained_on": _partial_date,
    "case.released_on": _partial_date,
    "case.status": _choice(Case.Status, "status", STATUS_WORDS),
    "case.summary": _text,
    "charge.description": _charges,
    "charge.outcome": _outcomes,
    "source.url": _urls,
}
DEFAULT_KEY = ["person.name", "case.detained_on"]
# Fields holding several values, none of which names one case.
NOT_KEYS = ("person.aliases", "person.citizenship", "charge.description", "charge.outcome")


def column_key(name: str) -> str:
    """Column names match whatever their case and spacing: "Date of birth" = "date of BIRTH"."""
    return "".join(name.split()).casefold()


def column_position(column: str, width: int) -> int | None:
    """The index of a column named by its position ("#3", the third), for a column without a
    name or with the name of another; None if it is no such reference."""
    match = _POSITION.match(column.strip())
    if match and 1 <= int(match[1]) <= width:
        return int(match[1]) - 1
    return None


def column_reference(headers: list[str], index: int) -> str:
    """How a mapping names the column at `index`: by its name, or by its position ("#3") when
    it has none or shares it with another column."""
    header = headers[index]
    same = [other for other in headers if column_key(other) == column_key(header)]
    return header if header.strip() and len(same) == 1 else f"#{index + 1}"


def _check_field(name: str) -> str:
    if name not in FIELDS:
        raise UsageError(f"unknown field “{name}”; the fields are: {', '.join(FIELDS)}")
    return name


def _pairs(assignments: Iterable[str], option: str) -> dict[str, str]:
    pairs = {}
    for assignment in assignments:
        left, equals, right = assignment.partition("=")
        if not equals or not left.strip():
            raise UsageError(f"{option} takes NAME=VALUE, not “{assignment}”")
        pairs[left.strip()] = right.strip()
    return pairs


@dataclass
class Mapping:
    """Which column is which field, constants for every row, and the fields identifying a case."""

    columns: dict[str, str] = field(default_factory=dict)  # column name -> field
    constants: dict[str, str] = field(default_factory=dict)  # field -> value as written
    key: list[str] = field(default_factory=list)  # empty: the default key

    @classmethod
    def from_options(cls, maps=(), sets=(), key="", saved: ColumnMapping | None = None):
        """The mapping of the command line (or the admin form) over a saved one; UsageError if wrong."""
        mapping = cls(
            columns=dict(saved.columns) if saved else {},
            constants=dict(saved.constants) if saved else {},
            key=saved.key.split("+") if saved and saved.key else [],
        )
        for column, name in _pairs(maps, "--map").items():
            mapping.columns[column] = _check_field(name)
        for name, value in _pairs(sets, "--set").items():
            mapping.constants[_check_field(name)] = value
        if key:
            mapping.key = [part.strip() for part in key.split("+") if part.strip()]
        mapping.check()
        return mapping

    def check(self):
        for name in [*self.columns.values(), *self.constants, *self.key]:
            _check_field(name)
        self.parsed_constants()

    def parsed_constants(self) -> dict[str, object]:
        parsed = {}
        for name, value in self.constants.items():
            try:
                parsed[name] = FIELDS[name](value) if value else None
            except ValueError as error:
                raise UsageError(f"--set {name}={value}: {error}") from None
        return parsed

    def save_as(self, name: str) -> ColumnMapping:
        saved, _ = ColumnMapping.objects.update_or_create(
            name=name,
            defaults={
                "columns": self.columns,
                "constants": self.constants,
                "key": "+".join(self.key),
            },
        )
        return saved

    def resolve(self, headers: list[str]) -> "Columns":
        """Where each mapped field is in a file with these headers.

        A column named exactly as a field (an import-ready export) maps to it
        without being told. A mapped column missing from the file is a usage error.
        """
        positions = {}
        for index, header in enumerate(headers):
            positions.setdefault(column_key(header), index)
        by_field = {}
        for column, name in self.columns.items():
            index = positions.get(column_key(column), column_position(column, len(headers)))
            if index is None:
                raise UsageError(f"the file has no column “{column}”")
            if name in by_field:
                raise UsageError(f"{name} is mapped from two columns")
            by_field[name] = index
        mapped_columns = {column_key(column) for column in self.columns}
        for index, header in enumerate(headers):
            name = header.strip()
            if name in FIELDS and name not in by_field and column_key(header) not in mapped_columns:
                by_field[name] = index
        both = set(by_field) & set(self.constants)
        if both:
            raise UsageError(f"{', '.join(sorted(both))}: both mapped to a column and set")
        used = set(by_field.values())
        unmapped = [header for index, header in enumerate(headers) if index not in used]
        present = set(by_field) | set(self.constants)
        key = self.key or (["case.external_id"] if "case.external_id" in present else DEFAULT_KEY)
        unusable = [name for name in key if name in NOT_KEYS]
        if unusable:
            raise UsageError(f"{', '.join(unusable)} cannot identify a case")
        if self.key:
            missing = [name for name in key if name not in present]
            if missing:
                raise UsageError(f"the key uses {', '.join(missing)}, which no column gives")
        return Columns(headers, by_field, unmapped, key, self.parsed_constants())


@dataclass
class Columns:
    headers: list[str]
    by_field: dict[str, int]
    unmapped: list[str]
    key: list[str]
    constants: dict[str, object]
    # Each date column's order of day and month in "03/04/2021", where its dates show it.
    slash_orders: dict[str, str] = field(default_factory=dict)

    def learn_slash_orders(self, rows: list[list[str]]):
        """How each date column writes its slash dates, as the dates only one order reads show:
        a list from the United States writes them month first, one from Europe day first."""
        for name, index in self.by_field.items():
            if name in DATE_FIELDS:
                order = slash_order(cells[index] for cells in rows if index < len(cells))
                if order:
                    self.slash_orders[name] = order

    def label(self, name: str) -> str:
        """A field as a rejection names it: by its column ("Place (case.place)") when mapped."""
        if name in self.by_field:
            return f"{column_reference(self.headers, self.by_field[name])} ({name})"
        return name

    def read(self, cells: list[str]) -> dict[str, object]:
        """The row's values by field (constants included); empty cells are left out."""
        values = {name: value for name, value in self.constants.items() if value is not None}
        for name, index in self.by_field.items():
            text = unguard(cells[index] if index < len(cells) else "").strip()
            if not text:
                continue
            try:
                if name in self.slash_orders:
                    value = _partial_date(text, self.slash_orders[name])
                else:
                    value = FIELDS[name](text)
            except ValueError as error:
                raise RowRejected(f"{self.headers[index]} “{text}”: {error}") from None
            if value is not None and value != []:
                values[name] = value
        return values


@dataclass
class RowResult:
    row: int  # in the file, the header being row 1
    status: str  # created, updated, unchanged or rejected
    cells: list[str]
    case: Case | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, old, new
    reason: str = ""
    notes: list[str] = field(default_factory=list)


STATUSES = ("created", "updated", "unchanged", "rejected")


@dataclass
class Report:
    table: Table
    columns: Columns
    results: list[RowResult] = field(default_factory=list)
    log: ImportLog | None = None

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUSES}

    def totals_line(self) -> str:
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())

    def lines(self) -> list[str]:
        lines = [f"Read {len(self.results)} rows of {self.table.name} ({self.table.description})."]
        lines.append(f"Key: {'+'.join(self.columns.key)}.")
        if self.columns.unmapped:
            lines.append(f"Unmapped columns, ignored: {', '.join(self.columns.unmapped)}.")
        for name, order in self.columns.slash_orders.items():
            header = self.columns.headers[self.columns.by_field[name]]
            lines.append(f"Dates in {header} read {order}, as those only one order reads show.")
        for result in self.results:
            if result.status == "rejected":
                lines.append(f"Row {result.row} rejected: {result.reason}")
            for note in result.notes:
                lines.append(f"Row {result.row}: {note}")
        lines.append(self.totals_line())
        return lines

    def rejects_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*self.table.headers, "reason"])
        for result in self.results:
            if result.status == "rejected":
                writer.writerow([*result.cells, result.reason])
        return out.getvalue()


class CaseImport:
    """One import of one table with one mapping."""

    def __init__(self, table: Table, mapping: Mapping, *, source_url="", publish=False, user=None):
        if publish and review_required():
            raise UsageError(
                "REQUIRE_REVIEW is on: imported cases stay drafts, to be submitted for review "
                "and published by a reviewer; import without publishing."
            )
        self.table = table
        self.columns = mapping.resolve(table.headers)
        self.columns.learn_slash_orders(table.rows)
        self.source_url = source_url
        self.publish = publish
        self.user = user
        self.list_name = source_url or table.name
        self.case_list = CaseList.objects.filter(name=self.list_name).first()
        self.file_source = None
        self.seen_keys: dict[tuple, int] = {}
        self.validate = Validator()
        self.names = None

    def run(self, *, dry_run=False, progress_file=None) -> Report:
        report = Report(self.table, self.columns)
        rows = list(zip(self.table.numbers, self.table.rows, strict=True))
        progress = tqdm(
            total=len(rows),
            desc=self.table.name,
            unit="row",
            file=progress_file,
            disable=progress_file is None or len(rows) <= PROGRESS_FROM,
        )
        # A real import commits batch by batch; a dry run is one transaction, rolled back.
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            while len(report.results) < len(rows):
                start = len(report.results)
                results = self.import_batch(rows[start : start + BATCH_SIZE])
                report.results.extend(results)
                progress.update(len(results))
            if dry_run:
                transaction.set_rollback(True)
        progress.close()
        if not dry_run:
            report.log = ImportLog.objects.create(
                user=self.user,
                file_name=self.table.name,
                file_sha256=self.table.sha256,
                case_list=self.case_list,
                source=self.file_source,
                summary="\n".join(report.lines()),
                rejects=report.rejects_csv() if report.count("rejected") else "",
                **report.counts,
            )
        return report

    def import_batch(self, rows) -> list[RowResult]:
        """Import the first of `rows` that can be written together, in one transaction.

        Usually all of them; a row touching what an earlier one writes starts the
        next batch. A batch the database refuses (a constraint no model rule
        checks, a slug another writer took meanwhile) is rolled back and imported
        again one row per transaction, so that only the row at fault is rejected.
        """
        before = (dict(self.seen_keys), self.file_source, self.case_list)
        batch = None
        try:
            with transaction.atomic():
                batch = self.plan_batch(rows)
                batch.check()
                batch.save()
        except (IntegrityError, ValidationError) as error:
            if batch is None:
                raise
            self.seen_keys, self.file_source, self.case_list = before
            if len(batch.results) > 1:
                return [
                    result
                    for row in rows[: len(batch.results)]
                    for result in self.import_batch([row])
                ]
            self.seen_keys.update(batch.signatures)
            number, cells = rows[0]
            result = RowResult(number, "unchanged", cells)
            self.reject(result, error)
            return [result]
        return batch.results

    def plan_batch(self, rows) -> Batch:
        """Match and plan each row against what the registry holds, until one must wait."""
        read = {}
        for number, cells in rows:
            try:
                read[number] = self.columns.read(cells)
            except RowRejected as error:
                read[number] = error
        batch = Batch(self, Known(self, [v for v in read.values() if isinstance(v, dict)]))
        for number, cells in rows:
            result = RowResult(number, "unchanged", cells)
            values, signature = read[number], None
            try:
                if isinstance(values, RowRejected):
                    raise values
                batch.check_free(values)
                signature = self.signature(values)
                batch.signatures[signature] = number
                case = batch.known.find_case(values)
                if case is not None:
                    batch.claim(case)
                plan = RowWriter(self, batch, number, values, case, result).plan()
            except Deferred:
                batch.signatures.pop(signature, None)
                break
            except (RowRejected, ValidationError) as error:
                self.reject(result, error)
            else:
                if plan is not None:
                    batch.plans.append(plan)
                    batch.hold(values, plan.person)
            self.seen_keys.update(batch.signatures)
            batch.results.append(result)
        return batch

    def name_index(self) -> NameIndex:
        """The people by the words of their names, read when a row first names someone."""
        if self.names is None:
            self.names = NameIndex()
        return self.names

    def signature(self, values) -> tuple:
        """The row's key as compared for duplicates; rejects a row without one or seen before."""
        signature = tuple(_signature(name, values.get(name), values) for name in self.columns.key)
        if all(part in (None, ()) for part in signature):
            raise RowRejected(f"no value for the key {'+'.join(self.columns.key)}")
        if signature in self.seen_keys:
            raise RowRejected(f"duplicate key: the same as row {self.seen_keys[signature]}")
        return signature

    def reject(self, result: RowResult, error: Exception):
        result.status = "rejected"
        result.reason = _describe(error, self.columns)
        result.changes, result.notes, result.case = [], [], None

    def get_file_source(self) -> Source:
        """The file as a Source, created once (a file imported again is the same source)."""
        if self.file_source is None:
            text = self.table.text
            existing = Source.objects.filter(sha256=text_sha256(text)).exclude(text="").first()
            if existing is None:
                existing = Source(
                    kind=Source.Kind.LIST,
                    title=self.table.name,
                    url=self.source_url,
                    text=text,
                    retrieved_at=timezone.now(),
                )
                self.validate(existing)
                existing._change_reason = self.reason(None)
                if self.user is not None:
                    existing._history_user = self.user
                existing.save()
            self.file_source = existing
        if self.case_list is None:
            self.case_list = CaseList.objects.get_or_create(name=self.list_name)[0]
        return self.file_source

    def reason(self, number: int | None) -> str:
        where = f", row {number}" if number else ""
        return f"Imported from the list {self.table.name}{where}"[:100]


def _signature(name, value, values):
    """A value as compared for duplicate keys: names by their transliteration-proof keys."""
    if name in NAME_FIELDS:
        return tuple(sorted(name_keys(row_names(values))))
    if isinstance(value, list):
        return tuple(sorted(value))
    if isinstance(value, str):
        return value.casefold()
    return value


class RowWriter:
    """Applies one row's values to its case (new or found) in memory, recording each change."""

    def __init__(self, run: CaseImport, batch: Batch, number, values, case, result: RowResult):
        self.run, self.batch, self.number, self.values = run, batch, number, values
        self.result = result
        self.case = case
        self.changes = result.changes
        self.person_fields, self.case_fields = set(), set()

    def plan(self) -> RowPlan | None:
        """The records the row writes, or None when it changes nothing."""
        values = self.values
        if self.case is None:
            if not row_names(values):
                raise RowRejected("no case has this key, and a new one needs a name")
            person, note = self.batch.known.match_person(values)
            if person is not None:
                self.batch.claim(person)
            if note:
                self.result.notes.append(note)
            self.person = person or Person()
            self.case = Case(person=self.person, published=self.run.publish)
            self.result.status = "created"
        else:
            self.person = self.case.person
            if not set(self.run.columns.key) & set(NAME_FIELDS) and names_another_person(
                self.person, values
            ):
                raise RowRejected(
                    f"the key {'+'.join(self.run.columns.key)} finds the case of "
                    f"{self.person.name}, but the row names {' / '.join(row_names(values))}: "
                    "if the list was renumbered, import it with a key naming the person"
                )
        new_person, new_case = self.person.pk is None, self.case.pk is None
        stored_document = self.case.search_document
        charges_before = list(self.case.charges.all()) if not new_case else []
        self.update_person()
        self.update_case()
        charges = self.charges(charges_before)
        urls = self.new_urls()
        entry = self.list_entry()
        self.result.case = self.case
        if self.result.status == "unchanged" and not self.changes:
            return None
        if self.result.status == "unchanged":
            self.result.status = "updated"
        return RowPlan(
            number=self.number,
            person=self.person,
            person_fields=self.person_fields,
            case=self.case,
            case_fields=self.case_fields,
            charges=charges,
            charges_before=charges_before,
            urls=urls,
            entry=entry,
            new_person=new_person,
            new_case=new_case,
            stored_document=stored_document,
        )

    def set(self, record, attribute, value, label, shown=None):
        old = getattr(record, attribute)
        if old == value:
            return False
        setattr(record, attribute, value)
        (self.person_fields if record is self.person else self.case_fields).add(attribute)
        if record.pk is not None:
            show = shown or (lambda v: "" if v is None else str(v))
            self.changes.append((label, show(old), show(value)))
        return True

    def update_person(self):
        person, values = self.person, self.values
        name = values.get("person.name")
        native = values.get("person.native_name")
        if name:
            if self.set(person, "name", name, "person.name") and person.name_transliterated:
                person.name_transliterated = False
                self.person_fields.add("name_transliterated")
        elif person.pk is None and native:
            if not is_latin(native):
                person.name = latin_name(native)
                person.name_transliterated = True
                self.result.notes.append(f"name transliterated: {native} → {person.name}")
            else:
                person.name = native
        if native:
            self.set(person, "native_name", native, "person.native_name")
        if "person.aliases" in values:
            known = split_aliases(person.aliases)
            added = [alias for alias in values["person.aliases"] if alias not in known]
            if added:
                self.set(person, "aliases", "\n".join([*known, *added]), "person.aliases")
        if "person.citizenship" in values:
            codes = values["person.citizenship"]
            old = [country.code for country in person.citizenships]
            if set(codes) != set(old):
                person.citizenships = codes
                self.person_fields.add("citizenships")
                if person.pk is not None:
                    self.changes.append(("person.citizenship", "; ".join(old), "; ".join(codes)))
        if "person.birth_date" in values:
            self.set_date(person, "birth_date", values["person.birth_date"], "person.birth_date")
        if "person.wikidata_id" in values:
            self.set(person, "wikidata_id", values["person.wikidata_id"], "person.wikidata_id")

    def set_date(self, record, attribute, value, label):
        date, precision = value
        old = (getattr(record, attribute), getattr(record, f"{attribute}_precision"))
        if old == (date, precision):
            return
        setattr(record, attribute, date)
        setattr(record, f"{attribute}_precision", precision)
        fields = self.person_fields if record is self.person else self.case_fields
        fields |= {attribute, f"{attribute}_precision"}
        if record.pk is not None:
            self.changes.append(
                (label, format_iso_partial(*old), format_iso_partial(date, precision))
            )

    def update_case(self):
        case, values = self.case, self.values
        if case.pk is None and "case.slug" in values:
            case.slug = values["case.slug"]
        if "case.detaining_country" in values:
            self.set(
                case,
                "detaining_country",
                values["case.detaining_country"],
                "case.detaining_country",
                shown=lambda country: getattr(country, "code", country) or "",
            )
        for name in ("place", "summary", "status"):
            if f"case.{name}" in values:
                self.set(case, name, values[f"case.{name}"], f"case.{name}")
        for name in ("detained_on", "released_on"):
            if f"case.{name}" in values:
                self.set_date(case, name, values[f"case.{name}"], f"case.{name}")

    def charges(self, stored: list[Charge]) -> list[Charge]:
        """Charges to write: new ones, and stored ones whose outcome the list changes."""
        descriptions = self.values.get("charge.description", [])
        outcomes = self.values.get("charge.outcome", [])
        if len(outcomes) > len(descriptions):
            raise RowRejected("charge.outcome lists more outcomes than charge.description charges")
        existing = {}
        for charge in stored:
            existing.setdefault(charge.description.casefold(), charge)
        to_write = []
        for index, description in enumerate(descriptions):
            outcome = outcomes[index] if index < len(outcomes) else None
            charge = existing.get(description.casefold())
            if charge is None:
                to_write.append(
                    Charge(
                        case=self.case,
                        description=description,
                        outcome=outcome or Charge.Outcome.UNKNOWN,
                    )
                )
                if self.case.pk is not None:
                    self.changes.append(("charge.description", "", description))
            elif outcome and charge.outcome != outcome:
                self.changes.append((f"charge.outcome ({description})", charge.outcome, outcome))
                charge.outcome = outcome
                to_write.append(charge)
        return to_write

    def new_urls(self) -> list[str]:
        urls = self.values.get("source.url", [])
        if not urls or self.case.pk is None:
            return urls
        # Rejected links too: an editor judged the page unrelated; the list does not overrule them.
        known = self.batch.known.urls_of_case.get(self.case.pk, set())
        new = [url for url in urls if url not in known]
        self.changes.extend(("source.url", "", url) for url in new)
        return new

    def list_entry(self) -> ListEntry:
        """The case's entry in the list, new or with the row's id; the change it makes."""
        external_id = self.values.get("case.external_id", "")
        entries = getattr(self.case, "entries_in_list", [])
        entry = entries[0] if entries else None
        if entry is None:
            if self.case.pk is not None and external_id:
                self.changes.append(("case.external_id", "", external_id))
            entry = ListEntry()
        elif external_id and entry.external_id != external_id:
            self.changes.append(("case.external_id", entry.external_id, external_id))
        if "case.external_id" in self.values:
            taken_by = self.batch.known.case_of_id.get(external_id)
            if taken_by is not None and taken_by != self.case.pk:
                raise RowRejected(
                    f"it conflicts with what the registry holds: another case has the id "
                    f"“{external_id}” in the list {self.run.list_name}"
                )
            entry.external_id = external_id
        entry.row = self.number
        return entry


def _describe(error: Exception, columns: Columns) -> str:
    """Why a row was rejected, naming the column a refused value came from."""
    if isinstance(error, IntegrityError):
        return f"it conflicts with what the registry holds ({error})"
    if not isinstance(error, ValidationError):
        return str(error)
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{columns.label(name)}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


EXPORT_CHUNK = 500
# Read as tuples in this order by export_rows().
EXPORT_CASE_COLUMNS = [
    "id",
    "slug",
    "person__name",
    "person__native_name",
    "person__aliases",
    "person__citizenships",
    "person__birth_date",
    "person__birth_date_precision",
    "person__wikidata_id",
    *Case.place_and_dates,
    "status",
    "summary",
]


def export_rows(cases, user) -> Iterable[dict[str, str]]:
    """Cases as rows whose columns are exactly the import's field names (`FIELDS`).

    Imported again with `--key case.slug`, an unedited export changes nothing
    and an edited one updates what was edited. `case.external_id` is left
    empty: an identifier belongs to the list it came from, not to this file.
    Sources linked to a case are given only as far as `user` may see them: a
    suggested link's source is not public until a published case cites it.

    Read as plain rows, `EXPORT_CHUNK` cases at a time with three queries for
    their charges, cited sources and linked sources: model instances for every
    charge, citation and source (each with its whole text) cost about a
    second per thousand cases.
    """
    rows = cases.values_list(*EXPORT_CASE_COLUMNS).iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        ids = [row[0] for row in chunk]
        charges = _by_case(
            Charge.objects.filter(case_id__in=ids).values_list("case_id", "description", "outcome")
        )
        cited = _by_case(
            Citation.objects.filter(case_id__in=ids).values_list("case_id", "source__url")
        )
        linked = _by_case(
            SourceLink.objects.visible_to(user)
            .standing()
            .filter(case_id__in=ids)
            .exclude(source__kind=Source.Kind.LIST)
            .values_list("case_id", "source__url")
        )
        for row in chunk:
            urls = [url for (url,) in (*cited[row[0]], *linked[row[0]])]
            yield _export_row(row, charges[row[0]], urls)


def _by_case(rows) -> defaultdict[int, list[list]]:
    """(case id, *values) rows as lists of values by case, in the rows' order."""
    grouped = defaultdict(list)
    for case_id, *values in rows:
        grouped[case_id].append(values)
    return grouped


def _export_row(case, charges, urls) -> dict[str, str]:
    (
        _,
        slug,
        name,
        native_name,
        aliases,
        citizenships,
        birth_date,
        birth_date_precision,
        wikidata_id,
        detaining_country,
        place,
        detained_on,
        detained_on_precision,
        released_on,
        released_on_precision,
        status,
        summary,
    ) = case
    return {
        "person.name": name,
        "person.native_name": native_name,
        "person.aliases": "; ".join(split_aliases(aliases)),
        "person.citizenship": "; ".join(code for code in citizenships.split(",") if code),
        "person.birth_date": format_iso_partial(birth_date, birth_date_precision),
        "person.wikidata_id": wikidata_id,
        "case.external_id": "",
        "case.slug": slug,
        "case.detaining_country": detaining_country or "",
        "case.place": place,
        "case.detained_on": format_iso_partial(detained_on, detained_on_precision),
        "case.released_on": format_iso_partial(released_on, released_on_precision),
        "case.status": status,
        "case.summary": summary,
        "charge.description": "; ".join(description for description, _ in charges),
        "charge.outcome": "; ".join(outcome for _, outcome in charges),
        "source.url": " ".join(dict.fromkeys(url for url in urls if url)),
    }
