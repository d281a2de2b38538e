"""Importing a list of cases from a spreadsheet: mapping, matching, creating and updating.

A row's cells are read into registry fields (`FIELDS`, named like
`person.name` and `case.detained_on`), matched to an existing case by the
mapping's key, and written through the models' own rules (`full_clean()`,
slugs, history naming the import as the reason), one transaction per row.
A row that cannot be read or does not pass the rules is rejected with the
column and the reason; the other rows still import. A dry run runs exactly
the same code inside a transaction that is rolled back, so its report is the
one the real import would give.

An empty cell never erases what the registry holds: lists are often partial,
and an update should change only what the list says.
"""

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django_countries import countries
from tqdm import tqdm

from cases.ingest.spreadsheets import Table
from cases.models import (
    Case,
    CaseList,
    Charge,
    ColumnMapping,
    ImportLog,
    ListEntry,
    Person,
    Source,
    SourceLink,
)
from cases.models.people import split_aliases
from cases.models.sources import text_sha256
from cases.text.formulas import unguard
from cases.text.names import search_key
from cases.text.partial_dates import earliest_and_latest, format_iso_partial, parse_partial_date
from cases.text.transliteration import is_latin, latin_name

# Files longer than this show a progress bar.
PROGRESS_FROM = 300
# Words a list writes where it has no date.
NO_DATE = {"unknown", "n/a", "na", "none", "?", "-", "—"}
_LIST_SEPARATORS = re.compile(r"[;\n]")
_COUNTRY_SEPARATORS = re.compile(r"[;,\n]")
_http_url = URLValidator(schemes=["http", "https"])


class UsageError(ValueError):
    """A mapping that cannot work (an unknown field, a column not in the file): nothing is read."""


class RowRejected(Exception):
    """A row that cannot be imported; the message names the column and the reason."""


def _text(value: str) -> str:
    return value


def _aliases(value: str) -> list[str]:
    return [name.strip() for name in _LIST_SEPARATORS.split(value) if name.strip()]


def _country(value: str) -> str:
    code = countries.alpha2(value) or countries.by_name(value, insensitive=True)
    if not code:
        raise ValueError(f"unknown country “{value}”")
    return code


def _countries(value: str) -> list[str]:
    parts = [part.strip() for part in _COUNTRY_SEPARATORS.split(value) if part.strip()]
    return list(dict.fromkeys(_country(part) for part in parts))


def _partial_date(value: str):
    if value.casefold() in NO_DATE:
        return None
    return parse_partial_date(value)


def _choice(choices, what):
    by_word = {}
    for value, label in choices.choices:
        by_word[value.casefold()] = value
        by_word[label.casefold()] = value
        by_word[value.replace("_", " ").casefold()] = value

    def parse(text):
        try:
            return by_word[" ".join(text.split()).casefold()]
        except KeyError:
            known = ", ".join(choices.values)
            raise ValueError(f"unknown {what}; use one of {known}") from None

    return parse


def _charges(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _outcomes(value: str) -> list[str]:
    parse = _choice(Charge.Outcome, "outcome")
    return [parse(part.strip()) for part in value.split(";") if part.strip()]


def _urls(value: str) -> list[str]:
    urls = value.split()
    for url in urls:
        try:
            _http_url(url)
        except ValidationError:
            raise ValueError(f"not an http(s) URL: {url}") from None
    return list(dict.fromkeys(urls))


# Every field a column may be mapped to, with the function reading a cell into its value.
FIELDS: dict[str, Callable[[str], object]] = {
    "person.name": _text,
    "person.native_name": _text,
    "person.aliases": _aliases,
    "person.citizenship": _countries,
    "person.birth_date": _partial_date,
    "person.wikidata_id": _text,
    "case.external_id": _text,
    "case.slug": _text,
    "case.detaining_country": _country,
    "case.place": _text,
    "case.detained_on": _partial_date,
    "case.released_on": _partial_date,
    "case.status": _choice(Case.Status, "status"),
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
            if column_key(column) not in positions:
                raise UsageError(f"the file has no column “{column}”")
            if name in by_field:
                raise UsageError(f"{name} is mapped from two columns")
            by_field[name] = positions[column_key(column)]
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

    def read(self, cells: list[str]) -> dict[str, object]:
        """The row's values by field (constants included); empty cells are left out."""
        values = {name: value for name, value in self.constants.items() if value is not None}
        for name, index in self.by_field.items():
            text = unguard(cells[index] if index < len(cells) else "").strip()
            if not text:
                continue
            try:
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
        self.table = table
        self.columns = mapping.resolve(table.headers)
        self.source_url = source_url
        self.publish = publish
        self.user = user
        self.list_name = source_url or table.name
        self.case_list = CaseList.objects.filter(name=self.list_name).first()
        self.file_source = None
        self.seen_keys: dict[tuple, int] = {}

    def run(self, *, dry_run=False, progress_file=None) -> Report:
        report = Report(self.table, self.columns)
        rows = tqdm(
            self.table.rows,
            desc=self.table.name,
            unit="row",
            file=progress_file,
            disable=progress_file is None or len(self.table.rows) <= PROGRESS_FROM,
        )
        # A real import commits row by row; a dry run is one transaction, rolled back.
        with transaction.atomic() if dry_run else contextlib.nullcontext():
            for number, cells in enumerate(rows, start=2):
                report.results.append(self.import_row(number, cells))
            if dry_run:
                transaction.set_rollback(True)
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

    def import_row(self, number: int, cells: list[str]) -> RowResult:
        result = RowResult(number, "unchanged", cells)
        # Created by the first written row; gone again if that row is rolled back.
        had_source, had_list = self.file_source, self.case_list
        try:
            with transaction.atomic():
                values = self.columns.read(cells)
                self.check_duplicate(values, number)
                case = self.find_case(values)
                RowWriter(self, number, values, case, result).write()
        except (RowRejected, ValidationError, IntegrityError) as error:
            result.status = "rejected"
            result.reason = _describe(error)
            result.changes, result.notes, result.case = [], [], None
            self.file_source, self.case_list = had_source, had_list
        return result

    def check_duplicate(self, values, number):
        signature = tuple(_signature(name, values.get(name), values) for name in self.columns.key)
        if all(part in (None, ()) for part in signature):
            raise RowRejected(f"no value for the key {'+'.join(self.columns.key)}")
        if signature in self.seen_keys:
            raise RowRejected(f"duplicate key: the same as row {self.seen_keys[signature]}")
        self.seen_keys[signature] = number

    def find_case(self, values) -> Case | None:
        condition = Q()
        for name in self.columns.key:
            value = values.get(name)
            if name == "case.external_id":
                if value is None:
                    raise RowRejected("no value for the key case.external_id")
                if self.case_list is None:
                    return None
                condition &= Q(
                    list_entries__case_list=self.case_list, list_entries__external_id=value
                )
            elif name in ("person.name", "person.native_name"):
                birth = values.get("person.birth_date")
                people = [
                    person.pk
                    for person in same_name_people(row_names(values))
                    if birth is None or person.birth_date is None or _overlaps(birth, person)
                ]
                condition &= Q(person__in=people)
            elif name == "source.url":
                if not value:
                    raise RowRejected("no value for the key source.url")
                condition &= _cites_or_links(value)
            elif name in DATE_FIELDS:
                attribute = name.split(".", 1)[1]
                if name.startswith("person."):
                    attribute = f"person__{attribute}"
                if value is None:
                    condition &= Q(**{f"{attribute}__isnull": True})
                else:
                    condition &= Q(**{attribute: value[0], f"{attribute}_precision": value[1]})
            else:
                owner, attribute = name.split(".", 1)
                lookup = attribute if owner == "case" else f"person__{attribute}"
                condition &= Q(**{lookup: value if value is not None else ""})
        found = list(Case.objects.filter(condition).select_related("person").distinct()[:2])
        if len(found) > 1:
            raise RowRejected(f"the key {'+'.join(self.columns.key)} matches several cases")
        return found[0] if found else None

    def get_file_source(self) -> Source:
        """The file as a Source, created once (a file imported again is the same source)."""
        if self.file_source is None:
            text = self.table.text
            existing = Source.objects.filter(sha256=text_sha256(text)).exclude(text="").first()
            self.file_source = existing or _save(
                Source(
                    kind=Source.Kind.LIST,
                    title=self.table.name,
                    url=self.source_url,
                    text=text,
                    retrieved_at=timezone.now(),
                ),
                self.reason(None),
                self.user,
            )
        if self.case_list is None:
            self.case_list = CaseList.objects.get_or_create(name=self.list_name)[0]
        return self.file_source

    def reason(self, number: int | None) -> str:
        where = f", row {number}" if number else ""
        return f"Imported from the list {self.table.name}{where}"[:100]


DATE_FIELDS = ("person.birth_date", "case.detained_on", "case.released_on")


def _signature(name, value, values):
    """A value as compared for duplicate keys: names by their transliteration-proof keys."""
    if name in ("person.name", "person.native_name"):
        return tuple(sorted({search_key(n) for n in row_names(values)} - {""}))
    if isinstance(value, list):
        return tuple(sorted(value))
    if isinstance(value, str):
        return value.casefold()
    return value


def _cites_or_links(urls) -> Q:
    return Q(citations__source__url__in=urls) | Q(
        source_links__source__url__in=urls,
        source_links__status__in=[SourceLink.Status.SUGGESTED, SourceLink.Status.ACCEPTED],
    )


def row_names(values) -> list[str]:
    names = [values.get("person.name"), values.get("person.native_name")]
    return [name for name in names if name]


def same_name_people(names: list[str]) -> list[Person]:
    """People any of whose names has the same transliteration-proof key as one of `names`."""
    keys = {search_key(name) for name in names} - {""}
    if not keys:
        return []
    condition = Q()
    for key in keys:
        condition |= Q(search_names__contains=f" {key} ")
    return [
        person
        for person in Person.objects.filter(condition)
        if keys & {search_key(name) for name in person.all_names}
    ]


def _overlaps(birth, person) -> bool:
    """Whether two partial dates may be the same day (1961 and 1961-06-14 may)."""
    first, last = earliest_and_latest(*birth)
    other_first, other_last = earliest_and_latest(person.birth_date, person.birth_date_precision)
    return first <= other_last and other_first <= last


def match_person(values) -> tuple[Person | None, str]:
    """The person a new case's row names, and a note when the match rests on the name alone.

    Same-name people with different birth dates are different people. Several
    people the row could mean is a rejection: a wrong merge would be worse.
    """
    names = row_names(values)
    people = same_name_people(names)
    birth = values.get("person.birth_date")
    if birth is not None:
        people = [p for p in people if p.birth_date is None or _overlaps(birth, p)]
        dated = [p for p in people if p.birth_date is not None]
        if len(dated) == 1:
            return dated[0], ""
        if len(dated) > 1:
            raise RowRejected(f"several people named {names[0]} may be born then")
    if len(people) > 1:
        raise RowRejected(
            f"several people are named {names[0]}: give a birth date to tell them apart"
        )
    if people:
        return people[0], f"matched by name only: {names[0]} to {people[0].name} ({people[0].slug})"
    return None, ""


class RowWriter:
    """Applies one row's values to its case (new or found), recording each change."""

    def __init__(self, run: CaseImport, number, values, case, result: RowResult):
        self.run, self.number, self.values, self.result = run, number, values, result
        self.case = case
        self.changes = result.changes

    def write(self):
        values = self.values
        if self.case is None:
            if not row_names(values):
                raise RowRejected("no case has this key, and a new one needs a name")
            person, note = match_person(values)
            if note:
                self.result.notes.append(note)
            self.person = person or Person()
            self.case = Case(person=self.person, published=self.run.publish)
            self.result.status = "created"
        else:
            self.person = self.case.person
        self.update_person()
        self.update_case()
        charges = self.charges()
        urls = self.new_urls()
        self.list_entry_changes()
        if self.result.status == "unchanged" and not self.changes:
            self.result.case = self.case
            return
        if self.result.status == "unchanged":
            self.result.status = "updated"
        reason, user = self.run.reason(self.number), self.run.user
        if self.person.pk is None or self.person_dirty:
            _save(self.person, reason, user)
        self.case.person = self.person
        if self.case.pk is None or self.case_dirty:
            _save(self.case, reason, user)
        for charge in charges:
            charge.case = self.case
            _save(charge, reason, user)
        for url in urls:
            self.link(url, reason, user)
        self.save_list_entry()
        self.result.case = self.case

    def set(self, record, attribute, value, label, shown=None):
        old = getattr(record, attribute)
        if old == value:
            return False
        setattr(record, attribute, value)
        if record.pk is not None:
            show = shown or (lambda v: "" if v is None else str(v))
            self.changes.append((label, show(old), show(value)))
        return True

    def update_person(self):
        person, values = self.person, self.values
        dirty = False
        name = values.get("person.name")
        native = values.get("person.native_name")
        if name:
            dirty |= self.set(person, "name", name, "person.name")
            if dirty and person.name_transliterated:
                person.name_transliterated = False
        elif person.pk is None and native:
            if not is_latin(native):
                person.name = latin_name(native)
                person.name_transliterated = True
                self.result.notes.append(f"name transliterated: {native} → {person.name}")
            else:
                person.name = native
        if native:
            dirty |= self.set(person, "native_name", native, "person.native_name")
        if "person.aliases" in values:
            known = split_aliases(person.aliases)
            added = [alias for alias in values["person.aliases"] if alias not in known]
            if added:
                dirty |= self.set(person, "aliases", "\n".join([*known, *added]), "person.aliases")
        if "person.citizenship" in values:
            codes = values["person.citizenship"]
            old = [country.code for country in person.citizenships]
            if set(codes) != set(old):
                person.citizenships = codes
                dirty = True
                if person.pk is not None:
                    self.changes.append(("person.citizenship", "; ".join(old), "; ".join(codes)))
        if "person.birth_date" in values:
            dirty |= self.set_date(
                person, "birth_date", values["person.birth_date"], "person.birth_date"
            )
        if "person.wikidata_id" in values:
            dirty |= self.set(
                person, "wikidata_id", values["person.wikidata_id"], "person.wikidata_id"
            )
        self.person_dirty = dirty

    def set_date(self, record, attribute, value, label):
        date, precision = value
        old = (getattr(record, attribute), getattr(record, f"{attribute}_precision"))
        if old == (date, precision):
            return False
        setattr(record, attribute, date)
        setattr(record, f"{attribute}_precision", precision)
        if record.pk is not None:
            self.changes.append(
                (label, format_iso_partial(*old), format_iso_partial(date, precision))
            )
        return True

    def update_case(self):
        case, values = self.case, self.values
        dirty = False
        if case.pk is None and "case.slug" in values:
            case.slug = values["case.slug"]
        if "case.detaining_country" in values:
            dirty |= self.set(
                case,
                "detaining_country",
                values["case.detaining_country"],
                "case.detaining_country",
                shown=lambda country: getattr(country, "code", country) or "",
            )
        for name in ("place", "summary", "status"):
            if f"case.{name}" in values:
                dirty |= self.set(case, name, values[f"case.{name}"], f"case.{name}")
        for name in ("detained_on", "released_on"):
            if f"case.{name}" in values:
                dirty |= self.set_date(case, name, values[f"case.{name}"], f"case.{name}")
        self.case_dirty = dirty

    def charges(self) -> list[Charge]:
        """Charges to save: new ones, and known ones whose outcome the list changes."""
        descriptions = self.values.get("charge.description", [])
        outcomes = self.values.get("charge.outcome", [])
        if len(outcomes) > len(descriptions):
            raise RowRejected("charge.outcome lists more outcomes than charge.description charges")
        existing = {}
        if self.case.pk is not None:
            for charge in self.case.charges.all():
                existing.setdefault(charge.description.casefold(), charge)
        to_save = []
        for index, description in enumerate(descriptions):
            outcome = outcomes[index] if index < len(outcomes) else None
            charge = existing.get(description.casefold())
            if charge is None:
                to_save.append(
                    Charge(description=description, outcome=outcome or Charge.Outcome.UNKNOWN)
                )
                if self.case.pk is not None:
                    self.changes.append(("charge.description", "", description))
            elif outcome and charge.outcome != outcome:
                self.changes.append((f"charge.outcome ({description})", charge.outcome, outcome))
                charge.outcome = outcome
                to_save.append(charge)
        return to_save

    def new_urls(self) -> list[str]:
        urls = self.values.get("source.url", [])
        if not urls or self.case.pk is None:
            return urls
        cited = Source.objects.filter(citations__case=self.case, url__in=urls)
        # Rejected links too: an editor judged the page unrelated; the list does not overrule them.
        linked = Source.objects.filter(links__case=self.case, url__in=urls)
        known = {*cited.values_list("url", flat=True), *linked.values_list("url", flat=True)}
        new = [url for url in urls if url not in known]
        self.changes.extend(("source.url", "", url) for url in new)
        return new

    def link(self, url, reason, user):
        source = Source.objects.filter(url=url).exclude(kind=Source.Kind.LIST).first()
        if source is None:
            source = _save(Source(kind=Source.Kind.OTHER, title=url, url=url), reason, user)
        if not SourceLink.objects.filter(source=source, case=self.case).exists():
            _save(SourceLink(source=source, case=self.case), reason, user)

    def list_entry_changes(self):
        external_id = self.values.get("case.external_id", "")
        case_list = self.run.case_list
        self.entry = None
        if self.case.pk is not None and case_list is not None:
            self.entry = ListEntry.objects.filter(case=self.case, case_list=case_list).first()
        if self.entry is None:
            if self.case.pk is not None and external_id:
                self.changes.append(("case.external_id", "", external_id))
        elif external_id and self.entry.external_id != external_id:
            self.changes.append(("case.external_id", self.entry.external_id, external_id))

    def save_list_entry(self):
        source = self.run.get_file_source()
        entry = self.entry or ListEntry(case=self.case, case_list=self.run.case_list)
        if "case.external_id" in self.values:
            entry.external_id = self.values["case.external_id"]
        entry.source, entry.row = source, self.number
        _validate(entry)
        entry.save()


def _validate(record):
    """The model's rules: field validators, `clean()` and unique fields, as the admin runs them.

    The CHECK and conditional UNIQUE constraints are left to the database rather
    than tested first with a query each, which would be half the time of an
    import: every CHECK here restates a field or `clean()` rule checked above,
    and a row that still breaks one is rolled back and rejected (`import_row`).
    """
    record.full_clean(validate_constraints=False)


def _save(record, reason, user):
    _validate(record)
    record._change_reason = reason
    if user is not None:
        record._history_user = user
    record.save()
    return record


def _describe(error: Exception) -> str:
    if isinstance(error, IntegrityError):
        return f"it conflicts with what the registry holds ({error})"
    if not isinstance(error, ValidationError):
        return str(error)
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def export_rows(cases, user) -> Iterable[dict[str, str]]:
    """Cases as rows whose columns are exactly the import's field names (`FIELDS`).

    Imported again with `--key case.slug`, an unedited export changes nothing
    and an edited one updates what was edited. `case.external_id` is left
    empty: an identifier belongs to the list it came from, not to this file.
    Sources linked to a case are given only as far as `user` may see them: a
    suggested link's source is not public until a published case cites it.
    """
    links = SourceLink.objects.visible_to(user).select_related("source")
    cases = cases.select_related("person").prefetch_related(
        "charges", "citations__source", Prefetch("source_links", queryset=links)
    )
    for case in cases.iterator(chunk_size=500):
        person = case.person
        charges = list(case.charges.all())
        urls = [citation.source.url for citation in case.citations.all()]
        urls += [
            link.source.url
            for link in case.source_links.all()
            if link.status != SourceLink.Status.REJECTED and link.source.kind != Source.Kind.LIST
        ]
        yield {
            "person.name": person.name,
            "person.native_name": person.native_name,
            "person.aliases": "; ".join(person.alias_list),
            "person.citizenship": "; ".join(country.code for country in person.citizenships),
            "person.birth_date": format_iso_partial(person.birth_date, person.birth_date_precision),
            "person.wikidata_id": person.wikidata_id,
            "case.external_id": "",
            "case.slug": case.slug,
            "case.detaining_country": case.detaining_country.code or "",
            "case.place": case.place,
            "case.detained_on": format_iso_partial(case.detained_on, case.detained_on_precision),
            "case.released_on": format_iso_partial(case.released_on, case.released_on_precision),
            "case.status": case.status,
            "case.summary": case.summary,
            "charge.description": "; ".join(charge.description for charge in charges),
            "charge.outcome": "; ".join(charge.outcome for charge in charges),
            "source.url": " ".join(dict.fromkeys(url for url in urls if url)),
        }
