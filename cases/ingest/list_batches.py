"""A batch of list rows: what the registry holds about them, read at once, and their writes, at once.

An import goes through its list a batch of rows at a time (`BATCH_SIZE`).
`Known` reads, in a fixed number of queries, everything the batch's rows may
match: people by their transliteration-proof name keys, cases by the import's
key, the list's ids, sources by URL, and the charges, list entries and status
changes of the cases found. Each row is then matched in memory against it and
its records checked one by one with the models' own rules, as a single save
would check them (`Validator`). `Batch` writes the rows that pass with bulk
inserts and updates, their history in bulk too (django-simple-history's
`bulk_create_with_history` / `bulk_update_with_history`), each record naming
its row of the list as the change reason, all in one transaction.

A batch never holds two rows that could touch the same record (the same
case, the same person, a name or a URL an earlier row of the batch writes):
such a row starts the next batch, which reads the registry again. So every
row sees what the rows before it wrote, as if they were written one by one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch, Q
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases.models import Case, Charge, Citation, ListEntry, Person, Source, SourceLink
from cases.models.base import unique_slugs
from cases.models.people import split_aliases
from cases.search.counts import bump_registry_version
from cases.text.names import search_key
from cases.text.partial_dates import earliest_and_latest

# Rows read, matched and written together. Each batch costs a fixed number of
# queries; more rows per batch save few of them and hold SQLite's write lock longer.
BATCH_SIZE = 500
# Values in one IN (...) list, well under SQLite's limit on the parameters of a query.
VALUES_PER_QUERY = 500

NAME_FIELDS = ("person.name", "person.native_name")
DATE_FIELDS = ("person.birth_date", "case.detained_on", "case.released_on")
# The links a URL key follows: a rejected link says the page is not about the case.
STANDING_LINKS = (SourceLink.Status.SUGGESTED, SourceLink.Status.ACCEPTED)


class RowRejected(Exception):
    """A row that cannot be imported; the message names the column and the reason."""


class Deferred(Exception):  # noqa: N818 (not an error: the row waits for the next batch)
    """The row would touch a record an earlier row of the batch writes: it starts the next batch."""


def row_names(values) -> list[str]:
    names = [values.get("person.name"), values.get("person.native_name")]
    return [name for name in names if name]


def name_keys(names) -> set[str]:
    return {search_key(name) for name in names} - {""}


def overlaps(birth, person) -> bool:
    """Whether two partial dates may be the same day (1961 and 1961-06-14 may)."""
    first, last = earliest_and_latest(*birth)
    other_first, other_last = earliest_and_latest(person.birth_date, person.birth_date_precision)
    return first <= other_last and other_first <= last


def names_another_person(person, values) -> bool:
    """Whether a row found by an id names someone else than the case's person: no word of the
    names in common, or another name and a birth date that cannot be the person's. (A list
    renumbered after a row was added would otherwise give each case its neighbour's facts.)"""
    names = row_names(values)
    if not names:
        return False
    known = [person.name, person.native_name, *split_aliases(person.aliases)]
    words = {word for key in name_keys(names) for word in key.split()}
    if not words & {word for key in name_keys(known) for word in key.split()}:
        return True
    return not name_keys(names) & name_keys(known) and not compatible_births([person], values)


def compatible_births(people, values):
    """The people a row's birth date does not rule out (anyone, without one)."""
    birth = values.get("person.birth_date")
    return [p for p in people if birth is None or p.birth_date is None or overlaps(birth, p)]


class Validator:
    """The model's rules, as the admin runs them: field validators and `clean()`.

    Not checked here, and not by a query per record: the foreign keys named in
    `related`, which this import sets to records it read or creates, never
    from the list; unique fields (slugs are given out by `unique_slugs`, which
    reads every slug in use at once); the CHECK and conditional UNIQUE
    constraints, each of which restates a field or `clean()` rule checked
    here. The database enforces them all; a batch it refuses is imported
    again row by row, and the row that breaks one is rejected
    (`CaseImport.import_batch`).

    A country field checks its value against the names of every country,
    translated and sorted on each call: hundreds of times the cost of any
    other field. It is checked with its own `clean()` once per value and import.
    """

    def __init__(self):
        self.countries = {}

    def __call__(self, record, *related):
        errors = {}
        country_fields = [
            model_field
            for model_field in record._meta.concrete_fields
            if isinstance(model_field, CountryField) and model_field.name not in related
        ]
        for country_field in country_fields:
            value = getattr(record, country_field.attname)
            multiple = country_field.multiple
            key = (country_field, tuple(map(str, value)) if multiple else str(value))
            if key not in self.countries:
                try:
                    self.countries[key] = (country_field.clean(value, record), None)
                except ValidationError as error:
                    self.countries[key] = (None, error)
            cleaned, error = self.countries[key]
            if error is None:
                setattr(record, country_field.attname, cleaned)
            else:
                errors[country_field.name] = error.error_list
        exclude = [*related, *(country.name for country in country_fields)]
        try:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            # Named as the import's fields are ("case.place"), so a rejection can name the column.
            model = record._meta.model_name
            raise ValidationError(
                {
                    name if name == NON_FIELD_ERRORS else f"{model}.{name}": messages
                    for name, messages in errors.items()
                }
            )


def _chunks(items, size=VALUES_PER_QUERY):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def key_value(name, value):
    """A key field's value from a row as compared with a case's (`case_value`)."""
    if name in DATE_FIELDS:
        return value
    return value if value is not None else ""


def case_value(case, name):
    """What a case holds for a key field: the registry side of `key_value`."""
    owner, attribute = name.split(".", 1)
    record = case if owner == "case" else case.person
    if name in DATE_FIELDS:
        date = getattr(record, attribute)
        return None if date is None else (date, getattr(record, f"{attribute}_precision"))
    value = getattr(record, attribute)
    if name == "case.detaining_country":
        return value.code or ""
    return value


class NameIndex:
    """Which people have a word in their name keys: the people a name in a list may name.

    Read once per import, and kept up to date with the people it writes. Asked
    of the database, every batch would cost a scan of all people per name
    (`search_names` LIKE '% key %'; only PostgreSQL has an index to serve it).
    """

    def __init__(self):
        self.people_of_word = defaultdict(set)
        people = Person.objects.values_list("pk", "search_names")
        for pk, search_names in people.iterator(chunk_size=5000):
            self.add(pk, search_names)

    def add(self, pk, search_names):
        for word in search_names.split():
            self.people_of_word[word].add(pk)

    def candidates(self, keys) -> set[int]:
        """People having every word of one of `keys`: those whose names may have the key."""
        found = set()
        for key in keys:
            holders = [self.people_of_word.get(word, set()) for word in key.split()]
            found |= set.intersection(*sorted(holders, key=len))
        return found


class Known:
    """What the registry holds that a batch of rows may match, read in a fixed number of queries."""

    def __init__(self, run, rows: list[dict]):
        self.case_list = run.case_list
        self.key = run.columns.key
        self.people_by_key = self.read_people(rows, run.name_index)
        self.read_urls({url for values in rows for url in values.get("source.url", [])})
        external_ids = {
            values["case.external_id"] for values in rows if "case.external_id" in values
        }
        self.case_of_id = {}
        if self.case_list is not None and external_ids:
            entries = ListEntry.objects.filter(
                case_list=self.case_list, external_id__in=external_ids
            )
            self.case_of_id = dict(entries.values_list("external_id", "case_id"))
        self.cases = self.read_cases(rows)
        self.cases_of_person = defaultdict(list)
        for case in self.cases.values():
            self.cases_of_person[case.person_id].append(case)
        self.by_value = {}

    def read_people(self, rows, name_index) -> dict[str, list[Person]]:
        """Everyone any of whose names has the key of a name in the rows, by that key."""
        keys = set().union(*(name_keys(row_names(values)) for values in rows))
        if not keys:
            return {}
        candidates = sorted(name_index().candidates(keys))
        people = []
        for chunk in _chunks(candidates):
            people += Person.objects.filter(pk__in=chunk)
        by_key = defaultdict(list)
        for person in people:
            # The index knows words; a person whose names hold a row's name key is the match.
            for key in name_keys(person.all_names) & keys:
                by_key[key].append(person)
        return by_key

    def read_urls(self, urls):
        """The sources of these URLs, and the cases citing them or linked to them."""
        self.source_of_url = {}
        self.cases_of_url = defaultdict(set)  # cited or linked and not rejected: a URL key
        self.urls_of_case = defaultdict(set)  # cited or linked at all: no new link
        for chunk in _chunks(sorted(urls)):
            sources = Source.objects.filter(url__in=chunk).exclude(kind=Source.Kind.LIST)
            # The first in the sources' own order, as a single lookup would take it.
            for url, source_id in sources.values_list("url", "pk"):
                self.source_of_url.setdefault(url, source_id)
            cited = Citation.objects.filter(source__url__in=chunk)
            for url, case_id in cited.values_list("source__url", "case_id"):
                self.cases_of_url[url].add(case_id)
                self.urls_of_case[case_id].add(url)
            links = SourceLink.objects.filter(source__url__in=chunk)
            for url, case_id, status in links.values_list("source__url", "case_id", "status"):
                if status in STANDING_LINKS:
                    self.cases_of_url[url].add(case_id)
                self.urls_of_case[case_id].add(url)

    def read_cases(self, rows) -> dict[int, Case]:
        """The cases the key of any row may name, with what updating them reads."""
        condition = Q(pk__in=[])
        key = self.key
        if "case.external_id" in key:
            condition |= Q(pk__in=set(self.case_of_id.values()))
            # The detentions an id new to the list may be (same_detention).
            people = {person.pk for found in self.people_by_key.values() for person in found}
            dates = {
                values["case.detained_on"][0] for values in rows if "case.detained_on" in values
            }
            condition |= Q(person__in=people, detained_on__in=dates)
        if set(key) & set(NAME_FIELDS):
            people = {person.pk for found in self.people_by_key.values() for person in found}
            condition |= Q(person__in=people)
        if "source.url" in key:
            condition |= Q(pk__in=set().union(*self.cases_of_url.values()))
        if not set(key) & {"case.external_id", "source.url", *NAME_FIELDS}:
            # A key of plain fields: the cases holding the first one's values.
            name = key[0]
            owner, attribute = name.split(".", 1)
            lookup = attribute if owner == "case" else f"person__{attribute}"
            wanted = {key_value(name, values.get(name)) for values in rows}
            if name in DATE_FIELDS:
                dates = {value[0] for value in wanted if value is not None}
                condition |= Q(**{f"{lookup}__in": dates})
                if None in wanted:
                    condition |= Q(**{f"{lookup}__isnull": True})
            else:
                condition |= Q(**{f"{lookup}__in": wanted})
        cases = Case.objects.filter(condition).select_related("person").order_by("pk")
        # What an update reads and checks: charges, the case's entry in this list, and
        # the status changes Case.clean() holds the status to.
        cases = cases.prefetch_related("charges").with_stored_status_changes()
        if self.case_list is not None:
            entries = ListEntry.objects.filter(case_list=self.case_list)
            cases = cases.prefetch_related(
                Prefetch("list_entries", queryset=entries, to_attr="entries_in_list")
            )
        return {case.pk: case for case in cases}

    def same_name_people(self, names) -> list[Person]:
        """People any of whose names has the same transliteration-proof key as one of `names`."""
        found = {}
        for key in name_keys(names):
            found.update((person.pk, person) for person in self.people_by_key.get(key, []))
        return list(found.values())

    def find_case(self, values) -> Case | None:
        """The case the row's key names, or None; a key matching several cases rejects the row."""
        found = None
        for name in self.key:
            value = values.get(name)
            if name == "case.external_id":
                if value is None:
                    raise RowRejected("no value for the key case.external_id")
                matched = {self.case_of_id[value]} if value in self.case_of_id else set()
                if not matched:
                    matched = self.same_detention(values)
            elif name in NAME_FIELDS:
                people = compatible_births(self.same_name_people(row_names(values)), values)
                matched = {case.pk for p in people for case in self.cases_of_person.get(p.pk, [])}
            elif name == "source.url":
                if not value:
                    raise RowRejected("no value for the key source.url")
                matched = set().union(*(self.cases_of_url.get(url, ()) for url in value))
            else:
                matched = self.cases_holding(name).get(key_value(name, value), set())
            found = matched if found is None else found & matched
        found = [self.cases[pk] for pk in sorted(found) if pk in self.cases]
        if len(found) > 1:
            raise RowRejected(f"the key {'+'.join(self.key)} matches several cases")
        return found[0] if found else None

    def same_detention(self, values) -> set[int]:
        """The case of the row's person (by name and birth date) detained on the row's date: the
        same detention, in a list new to the registry or an id new to the list (a new version
        of a list under another name, which would otherwise duplicate each of its cases)."""
        detained = values.get("case.detained_on")
        if detained is None:
            return set()
        people = compatible_births(self.same_name_people(row_names(values)), values)
        return {
            case.pk
            for person in people
            for case in self.cases_of_person.get(person.pk, [])
            if (case.detained_on, case.detained_on_precision) == detained
            and not getattr(case, "entries_in_list", None)
        }

    def cases_holding(self, name) -> dict:
        """The loaded cases by the value they hold for the key field `name`."""
        if name not in self.by_value:
            index = defaultdict(set)
            for case in self.cases.values():
                index[case_value(case, name)].add(case.pk)
            self.by_value[name] = index
        return self.by_value[name]

    def match_person(self, values) -> tuple[Person | None, str]:
        """The person a new case's row names, and a note when the match rests on the name alone.

        Same-name people with different birth dates are different people. Several
        people the row could mean is a rejection: a wrong merge would be worse.
        """
        names = row_names(values)
        people = self.same_name_people(names)
        if values.get("person.birth_date") is not None:
            people = compatible_births(people, values)
            dated = [p for p in people if p.birth_date is not None]
            if len(dated) == 1:
                return dated[0], ""
            if len(dated) > 1:
                raise RowRejected(f"several people named {names[0]} may be born then")
        if len(people) > 1:
            raise RowRejected(
                f"several people are named {names[0]}: give a birth date to tell them apart"
            )
        if not people:
            return None, ""
        person = people[0]
        return person, f"matched by name only: {names[0]} to {person.name} ({person.slug})"


@dataclass
class RowPlan:
    """What one row writes: its records, new or with the fields it changes."""

    number: int
    person: Person
    person_fields: set[str]
    case: Case
    case_fields: set[str]
    charges: list[Charge]  # new ones, and known ones with a new outcome
    charges_before: list[Charge]  # the case's charges already stored
    urls: list[str]  # to link to the case
    entry: ListEntry
    new_person: bool
    new_case: bool
    stored_document: str  # the case's search document as stored ("" for a new case)
    sources: list[Source] = field(default_factory=list)
    links: list[SourceLink] = field(default_factory=list)


class Batch:
    """Rows matched against one `Known`, to be checked and written together."""

    def __init__(self, run, known: Known):
        self.run, self.known = run, known
        self.validate = run.validate
        self.results = []
        self.plans: list[RowPlan] = []
        self.signatures = {}
        # What the planned rows touch; a row touching any of it waits for the next batch.
        self.case_ids, self.person_ids = set(), set()
        self.name_keys, self.urls, self.external_ids = set(), set(), set()

    def check_free(self, values):
        """Defer a row whose names, URLs or id an earlier row of the batch uses."""
        if (
            name_keys(row_names(values)) & self.name_keys
            or set(values.get("source.url", [])) & self.urls
            or values.get("case.external_id") in self.external_ids
        ):
            raise Deferred

    def claim(self, record):
        """Claim a stored case (with its person), or a person, for this row.

        Deferred if an earlier row of the batch claimed it: that row may have
        changed it in memory, written or not.
        """
        if isinstance(record, Case):
            cases, people = {record.pk}, {record.person_id}
        else:
            cases, people = set(), {record.pk}
        if cases & self.case_ids or people & self.person_ids:
            raise Deferred
        self.case_ids |= cases
        self.person_ids |= people

    def hold(self, values, person):
        """Note the names, URLs and id a planned row writes."""
        self.name_keys |= name_keys([*row_names(values), *person.all_names])
        self.urls |= set(values.get("source.url", []))
        if "case.external_id" in values:
            self.external_ids.add(values["case.external_id"])

    def check(self):
        """Give new records their slugs, then check every planned row; reject those that fail."""
        self.give_slugs()
        for plan in list(self.plans):
            try:
                self.check_row(plan)
            except ValidationError as error:
                self.plans.remove(plan)
                self.run.reject(self.result_of(plan), error)

    def result_of(self, plan):
        return next(result for result in self.results if result.row == plan.number)

    def give_slugs(self):
        new_people = [plan.person for plan in self.plans if plan.new_person]
        for person, slug in zip(
            new_people, unique_slugs(Person, [p.name for p in new_people]), strict=True
        ):
            person.slug = slug
        new_cases = [plan for plan in self.plans if plan.new_case]
        given = {plan.case.slug for plan in new_cases if plan.case.slug}
        taken = set(Case.objects.filter(slug__in=given).values_list("slug", flat=True))
        for plan in [plan for plan in new_cases if plan.case.slug in taken]:
            try:
                plan.case.validate_unique()  # The model's own message for a slug in use.
            except ValidationError as error:
                self.plans.remove(plan)
                self.run.reject(self.result_of(plan), error)
        derived = [plan.case for plan in new_cases if not plan.case.slug]
        texts = [case.slug_text for case in derived]
        for case, slug in zip(derived, unique_slugs(Case, texts, reserved=given), strict=True):
            case.slug = slug

    def check_row(self, plan: RowPlan):
        if plan.new_person or plan.person_fields:
            self.validate(plan.person)
        if plan.new_case or plan.case_fields:
            self.validate(plan.case, "person")
        for charge in plan.charges:
            self.validate(charge, "case")
        for url in plan.urls:
            if url in self.known.source_of_url:
                link = SourceLink(source_id=self.known.source_of_url[url], case=plan.case)
            else:
                source = Source(kind=Source.Kind.OTHER, title=url, url=url)
                self.validate(source)
                plan.sources.append(source)
                link = SourceLink(source=source, case=plan.case)
            self.validate(link, "source", "case")
            plan.links.append(link)
        self.validate(plan.entry, "case", "case_list", "source")

    def save(self):
        """Write the checked rows and their history, a few bulk statements per model."""
        if not self.plans:
            return
        run, now = self.run, timezone.now()
        file_source = run.get_file_source()
        for plan in self.plans:
            reason = run.reason(plan.number)
            records = [plan.person, plan.case, *plan.charges, *plan.sources, *plan.links]
            for record in records:
                record._change_reason = reason
                if run.user is not None:
                    record._history_user = run.user
        for plan in self.plans:
            plan.person.derive()  # Search keys of the names as checked (clean_names()).
        self.create([plan.person for plan in self.plans if plan.new_person], Person)
        changed = [plan for plan in self.plans if not plan.new_person and plan.person_fields]
        fields = {"search_names"}.union(*(plan.person_fields for plan in changed))
        self.update([plan.person for plan in changed], Person, fields, now)

        for plan in self.plans:
            plan.case.person = plan.person  # The person's new primary key, if just created.
            plan.case.search_document = plan.case.build_search_document(
                [*plan.charges_before, *(c for c in plan.charges if c.pk is None)]
            )
        self.create([plan.case for plan in self.plans if plan.new_case], Case)
        changed = [plan for plan in self.plans if not plan.new_case and plan.case_fields]
        fields = {"search_document"}.union(*(plan.case_fields for plan in changed))
        self.update([plan.case for plan in changed], Case, fields, now)
        # A case whose own fields did not change may still have new charges or a renamed
        # person to be found by: its search document alone, without history (a derived value).
        documents = [
            plan.case
            for plan in self.plans
            if not plan.new_case
            and not plan.case_fields
            and plan.case.search_document != plan.stored_document
        ]
        Case.objects.bulk_update(documents, ["search_document"])

        charges = [charge for plan in self.plans for charge in plan.charges]
        changed = [charge for charge in charges if charge.pk is not None]
        self.create([charge for charge in charges if charge.pk is None], Charge)
        self.update(changed, Charge, {"outcome"}, now)

        self.create([source for plan in self.plans for source in plan.sources], Source)
        # bulk_create copies the new primary keys of the sources and cases into the links.
        self.create([link for plan in self.plans for link in plan.links], SourceLink)

        new_entries, entries = [], []
        for plan in self.plans:
            entry = plan.entry
            entry.case, entry.case_list, entry.source = plan.case, run.case_list, file_source
            entry.updated_at = now
            (entries if entry.pk else new_entries).append(entry)
        ListEntry.objects.bulk_create(new_entries)
        ListEntry.objects.bulk_update(entries, ["external_id", "source", "row", "updated_at"])
        # The other cases of a renamed person are searched by the new name too.
        renamed = {
            plan.person.pk
            for plan in self.plans
            if plan.person_fields & {"name", "native_name", "aliases"} and not plan.new_person
        }
        written = {plan.case.pk for plan in self.plans}
        Case.objects.filter(person__in=renamed).exclude(pk__in=written).refresh_search_documents()
        for plan in self.plans:
            if plan.new_person or plan.person_fields & {"name", "native_name", "aliases"}:
                run.name_index().add(plan.person.pk, plan.person.search_names)
        bump_registry_version()  # Bulk writes send no post_save: cached counts are stale.

    def create(self, records, model):
        if records:
            bulk_create_with_history(records, model, batch_size=BATCH_SIZE)

    def update(self, records, model, fields, now):
        """Write `fields` of the records, with their history; `updated_at` as save() moves it."""
        if records:
            for record in records:
                record.updated_at = now
            fields = sorted({*fields, "updated_at"})
            bulk_update_with_history(records, model, fields, batch_size=BATCH_SIZE)
