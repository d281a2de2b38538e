"""Loading the curated seed data in `seeds/`.

The data file names records by natural keys (slugs, actor keys, source keys)
rather than primary keys, so it reads like the article it comes from. Loading
is idempotent: a record that already exists is left exactly as it is (an
editor may have improved it since), so running the loader twice changes
nothing. Every record goes through `full_clean()`, so seeded citations are
checked against the article's text like any other.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_date

from cases import models
from cases.ingest.articles import parse_article_text, parse_when
from cases.models.cases import refresh_search_text
from cases.models.status import refresh_statuses
from cases.text.quotes import find_quote


class SeedLoader:
    def __init__(self, data_file: Path):
        self.data_file = Path(data_file)
        self.data = json.loads(self.data_file.read_text(encoding="utf-8"))
        self.sources: dict[str, models.Source] = {}
        self.actors: dict[str, models.Actor] = {}
        self.people: dict[str, models.Person] = {}
        self.created: Counter = Counter()
        self.existing: Counter = Counter()

    @transaction.atomic
    def load(self):
        for entry in self.data["sources"]:
            self.sources[entry["key"]] = self.load_source(entry)
        for entry in self.data["actors"]:
            self.actors[entry["key"]] = self.load_actor(entry)
        for entry in self.data["people"]:
            self.people[entry["slug"]] = self.load_person(entry)
        for entry in self.data["cases"]:
            self.load_case(entry)
        return self

    def keep(self, model, lookup, build):
        """The existing record matching `lookup`, or a new one from `build()`, validated and saved."""
        instance = model.objects.filter(**lookup).first()
        if instance is not None:
            self.existing[model._meta.verbose_name_plural] += 1
            return instance
        instance = build()
        instance.full_clean()
        instance.save()
        self.created[model._meta.verbose_name_plural] += 1
        return instance

    def load_source(self, entry):
        raw = (self.data_file.parent / entry["file"]).read_text(encoding="utf-8")
        # The article read exactly as import_article reads it (its body split from the
        # title and byline, or from the front matter), so importing the seed file later
        # finds this source by its digest. The entry's fields win over the file's.
        fields = {
            name: value
            for name, value in parse_article_text(raw, datetime.UTC).items()
            if value not in (None, "")
        }
        for name, value in entry.items():
            if name in {"key", "file"}:
                continue
            if name in ("published_at", "updated_at", "retrieved_at"):
                value = parse_when(value, datetime.UTC)
            fields[name] = value
        source = models.Source(**fields)
        source.derive()
        return self.keep(models.Source, {"sha256": source.sha256}, lambda: source)

    def load_actor(self, entry):
        fields = {k: v for k, v in entry.items() if k not in {"key", "parent"}}
        if "parent" in entry:
            fields["parent"] = self.actors[entry["parent"]]
        return self.keep(
            models.Actor,
            {"name": entry["name"], "country": entry.get("country", "")},
            lambda: models.Actor(**fields),
        )

    def load_person(self, entry):
        return self.keep(models.Person, {"slug": entry["slug"]}, lambda: models.Person(**entry))

    def load_case(self, entry):
        nested = {
            name: entry.get(name, [])
            for name in ("citations", "charges", "events", "positions", "status_changes")
        }
        fields = {k: v for k, v in entry.items() if k not in nested and k != "person"}
        fields["person"] = self.people[entry["person"]]
        _parse_dates(fields)
        case = self.keep(
            models.Case, {"slug": entry["slug"]}, lambda: models.Case(published=True, **fields)
        )
        self.load_citations(nested["citations"], case=case)
        for item in nested["charges"]:
            charge = self.keep_fact(models.Charge, case, item, key=("description",))
            self.load_citations(item.get("citations", []), case=case, charge=charge)
        for item in nested["events"]:
            event = self.keep_fact(models.Event, case, item, key=("kind", "occurred_on"))
            self.load_citations(item.get("citations", []), case=case, event=event)
        for item in nested["positions"]:
            item = {**item, "actor": self.actors[item["actor"]]}
            position = self.keep_fact(
                models.Position, case, item, key=("actor", "stance", "stated_on")
            )
            self.load_citations(item.get("citations", []), case=case, position=position)
        # The charges are part of the case's search text.
        refresh_search_text(case)
        for item in nested["status_changes"]:
            change = self.keep_fact(
                models.StatusChange, case, item, key=("status", "changed_on", "certainty")
            )
            self.load_citations(item.get("citations", []), case=case, status_change=change)
        refresh_statuses([case.pk])

    def keep_fact(self, model, case, item, key):
        fields = {k: v for k, v in item.items() if k != "citations"}
        _parse_dates(fields)
        lookup = {"case": case, **{name: fields.get(name) for name in key}}
        return self.keep(model, lookup, lambda: model(case=case, **fields))

    def load_citations(
        self, entries, case, charge=None, event=None, position=None, status_change=None
    ):
        for entry in entries:
            source = self.sources[entry["source"]]
            found = find_quote(source.text, entry["quote"])
            lookup = {
                "source": source,
                "case": case,
                "charge": charge,
                "event": event,
                "position": position,
                "status_change": status_change,
                "start": found[0] if found else -1,
            }
            self.keep(
                models.Citation,
                lookup,
                lambda entry=entry, source=source: models.Citation(
                    source=source,
                    case=case,
                    charge=charge,
                    event=event,
                    position=position,
                    status_change=status_change,
                    quote=entry["quote"],
                    note=entry.get("note", ""),
                ),
            )

    def summary(self) -> str:
        created = ", ".join(f"{count} {name}" for name, count in sorted(self.created.items()))
        existing = sum(self.existing.values())
        return f"Created: {created or 'nothing'}. Already present: {existing} record(s)."


def _parse_dates(fields):
    for name, value in list(fields.items()):
        if name.endswith("_on") and isinstance(value, str):
            fields[name] = parse_date(value)


def load_seeds(data_file: Path) -> SeedLoader:
    return SeedLoader(data_file).load()
