"""Synthetic registry data, for demonstrations and for measuring speed at scale.

`DemoDataGenerator(cases=N, seed=S).run()` adds N synthetic cases with people,
charges, events, actors' positions, sources and citations in roughly the
proportions of the real registry. Everything it writes is marked as synthetic
so it can never be mistaken for (or mixed up with) real records:

- every person and case slug starts with `synthetic-`;
- every case summary and person description starts with `[Synthetic]`;
- every actor's name starts with `[Synthetic]`;
- every source's outlet is "Synthetic data (generated)", its URL is under
  example.org and its text ends with a line saying it describes no real person.

The same seed gives the same data, whatever the batch size and however many
processes make it: the cases are made in blocks of `BLOCK_CASES`, each from a
`random.Random` seeded with the seed and the block's number and consumed in a
fixed order, and dates are drawn relative to a fixed `REFERENCE_DATE` rather
than today. (A person's second case never crosses into the next block: the
block's last person has only the cases left in it.)

Records are made by `Block.new()` (without `Model.__init__`) and written as
plain rows (COPY on PostgreSQL, see cases.demo.rows), one transaction per batch
of cases; with `workers`, other processes make the blocks while this one
writes them. That skips `save()`, `full_clean()` and simple-history's records
on purpose (a synthetic record has no editorial history); what `save()` would
derive (search keys, source digests) is set by the models' own methods, and
the citations' offsets are recorded while the source text is assembled, so
every quote is exactly `text[start:end]`.
"""

import datetime
import multiprocessing
import random
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial

from django.db import connection, transaction
from django.db.models import Q

from cases.models import (
    Actor,
    Case,
    Charge,
    Citation,
    DatePrecision,
    Event,
    Person,
    Position,
    Source,
    SourceLink,
)

from .rows import RowWriter
from .vocabulary import (
    COUNTRY_NAMES,
    DAY,
    EARLIEST_DATE,
    MARK,
    ORGANISATIONS,
    OUTLET,
    PEOPLE_GROUPS,
    PLACES,
    REFERENCE_DATE,
    SLUG_PREFIX,
    STATUS_WEIGHTS,
    chinese_name,
    latin_name,
    russian_name,
)
from .writer import (
    DECIDED,
    OCCUPATIONS,
    RELEASES,
    CaseWriter,
    Timeline,
    slug,
    weighted,
)

# The tables written, each after those it points at, and the names counts use.
TABLES = {
    Person: "people",
    Case: "cases",
    Charge: "charges",
    Event: "events",
    Position: "positions",
    Source: "sources",
    Citation: "citations",
}
# Cases made from one random generator: the unit of work of a worker process.
BLOCK_CASES = 1000
# Blocks made by the workers and not yet written: enough to keep the writer busy.
BLOCKS_AHEAD_PER_WORKER = 2

# --- The generator -----------------------------------------------------------------


def state_member(state, name, kind=Actor.Kind.GOVERNMENT_BODY, **fields):
    """A synthetic body or official of `state`."""
    return Actor(
        name=f"{MARK} {name}", kind=kind, country=state.country.code, parent=state, **fields
    )


class DemoDataGenerator:
    """Writes `cases` synthetic cases in transactions of `batch_size` cases.

    With `workers` of 2 or more, that many processes (forked from this one,
    which only writes) make the blocks; the data is the same.
    """

    def __init__(self, cases: int, seed: int = 1, batch_size: int = 1000, workers: int = 0):
        if cases < 0 or batch_size < 1 or workers < 0:
            raise ValueError("cases must be >= 0, batch_size >= 1 and workers >= 0")
        self.total = cases
        self.seed = seed
        self.batch_size = batch_size
        self.workers = workers
        self.rng = random.Random(seed)
        self.actors: dict[str, list[Actor]] = {}
        self.organisations: list[Actor] = []

    def run(self, progress: Callable[[int], None] | None = None) -> Counter:
        """Write the data; `progress(n)` is called after each batch with the cases it wrote."""
        counts = Counter(actors=self.create_actors())
        writer = RowWriter(TABLES)
        self.new_block = writer.block  # for make_block(), here or in a worker
        sizes = [
            min(BLOCK_CASES, self.total - start) for start in range(0, self.total, BLOCK_CASES)
        ]
        try:
            batch, cases = [], 0
            for number, rows in enumerate(self.blocks(sizes)):
                batch.append(rows)
                cases += sizes[number]
                counts.update({TABLES[model]: len(table) for model, table in rows.items()})
                if cases >= self.batch_size or number == len(sizes) - 1:
                    writer.write(batch)
                    if progress:
                        progress(cases)
                    batch, cases = [], 0
        finally:
            writer.stop_writers()
        writer.finish()
        if connection.vendor == "postgresql":
            # Autovacuum would analyse the new rows soon; do it now so the
            # first queries are planned with the tables' real sizes.
            with connection.cursor() as cursor:
                for model in (*TABLES, Actor):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return counts

    def blocks(self, sizes):
        """The rows of each block of `sizes` cases, in order: made here, or by the workers."""
        if self.workers < 2 or len(sizes) < 2:
            for number, size in enumerate(sizes):
                yield self.make_block(number, size)
            return
        # The workers are forked after the actors exist, and touch no database.
        global _forked_generator
        _forked_generator = self
        ahead = threading.Semaphore(BLOCKS_AHEAD_PER_WORKER * self.workers)

        def tasks():
            for task in enumerate(sizes):
                ahead.acquire()  # a worker is never more than `ahead` blocks in front
                yield task

        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            for rows in pool.imap(make_block_in_worker, tasks()):
                yield rows
                ahead.release()

    def make_block(self, number: int, size: int) -> dict:
        """The rows of block `number`, `size` cases with their records (`Block.rows()`)."""
        self.rng = random.Random(f"{self.seed}/{number}")
        # Slugs and source URLs are numbered within the block's own range: a
        # block has at most one person and two sources per case.
        self.serial = number * 4 * BLOCK_CASES
        self.block = block = self.new_block()
        made = 0
        while made < size:
            made += self.add_person(remaining=size - made)
        return block.rows()

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    # Actors ---------------------------------------------------------------------

    def create_actors(self) -> int:
        """A state, its foreign ministry and minister for each country, courts, organisations."""
        rng = self.rng
        states = [
            Actor(name=f"{MARK} State of {code}", kind=Actor.Kind.STATE, country=code)
            for code in COUNTRY_NAMES
        ]
        for state in states:
            state.name = f"{MARK} {COUNTRY_NAMES[state.country.code].removeprefix('the ')}"
        Actor.objects.bulk_create(states)
        members = []
        for state in states:
            code, country = state.country.code, COUNTRY_NAMES[state.country.code]
            member = partial(state_member, state)
            ministry = member(f"Ministry of Foreign Affairs of {country}")
            embassy = member(f"Embassy of {country.removeprefix('the ')}")
            minister_name = latin_name(rng, rng.choice(["english", "european"])).display
            minister = member(
                minister_name, kind=Actor.Kind.OFFICIAL, role=f"Foreign Minister of {country}"
            )
            prosecutor = member(f"Prosecutor General's Office of {country}")
            parliament = member(f"Parliament of {country}")
            courts = [
                member(f"{place} City Court", kind=Actor.Kind.COURT)
                for place in PLACES.get(code, [])
            ]
            self.actors[code] = [state, ministry, embassy, minister, prosecutor, parliament]
            self.actors[code] += courts
            members += [ministry, embassy, minister, prosecutor, parliament, *courts]
        self.organisations = [
            Actor(name=f"{MARK} {name}", kind=Actor.Kind.ORGANISATION) for name in ORGANISATIONS
        ]
        Actor.objects.bulk_create(members + self.organisations)
        return len(states) + len(members) + len(self.organisations)

    # People and cases -----------------------------------------------------------------

    def add_person(self, remaining: int) -> int:
        """One person and their cases (most have one, some two or three); returns the count."""
        rng = self.rng
        group, _, citizenship_weights, detaining_weights = weighted(
            rng, [(entry, entry[1]) for entry in PEOPLE_GROUPS]
        )
        if group == "russian":
            name = russian_name(rng)
        elif group == "chinese":
            name = chinese_name(rng)
        else:
            name = latin_name(rng, group)
        citizenships = list(weighted(rng, citizenship_weights))
        occupation = rng.choice(OCCUPATIONS)
        birth_year = rng.randint(1945, 2002) if rng.random() < 0.8 else None
        person = self.block.new(
            Person,
            name=name.display,
            native_name=name.native,
            aliases="\n".join(name.aliases),
            citizenships=citizenships,
            birth_date=datetime.date(birth_year, 1, 1) if birth_year else None,
            birth_date_precision=DatePrecision.YEAR if birth_year else "",
            description=f"{MARK} A {occupation} made up for testing.",
            slug=slug(name.display, self.next_serial()),
        )
        # What Person.save() derives; tests check it matches (plain rows skip save()).
        person.search_names = person.build_search_names()

        # Plan every detention first: the person's whole history may have to
        # move back in time to end before REFERENCE_DATE.
        plans, start = [], None
        for _ in range(min(remaining, weighted(rng, [(1, 85), (2, 12), (3, 3)]))):
            plans.append([weighted(rng, detaining_weights), weighted(rng, STATUS_WEIGHTS), None])
        for index, plan in enumerate(plans):
            if index < len(plans) - 1 and plan[1] not in RELEASES:
                # Someone detained again was first released from the earlier detention.
                plan[1] = Case.Status.RELEASED
            plan[2] = self.timeline(plan[1], start)
            start = plan[2].latest + rng.randint(60, 1500) * DAY
        overflow = (max(plan[2].latest for plan in plans) - REFERENCE_DATE).days
        if overflow > 0:
            shift = (overflow + rng.randint(0, 200)) * DAY
            for plan in plans:
                plan[2].shift(-shift)
        for detaining, status, timeline in plans:
            CaseWriter(self, person, name, citizenships).write(detaining, status, timeline)
        return len(plans)

    def timeline(self, status: str, start: datetime.date | None) -> "Timeline":
        rng = self.rng
        if start is None:
            # Recent years hold more cases, as they do in the real registry.
            span = (REFERENCE_DATE - EARLIEST_DATE).days
            start = EARLIEST_DATE + int(rng.triangular(0, span, span)) * DAY
        t = Timeline(detained=start, charged=start + rng.randint(1, 60) * DAY)
        if status in DECIDED or (status == Case.Status.RELEASED and rng.random() < 0.7):
            t.decided = t.charged + rng.randint(60, 700) * DAY
        after = t.decided or t.charged
        if status in RELEASES:
            t.released = after + rng.randint(10, 1500) * DAY
        if status == Case.Status.DIED_IN_CUSTODY:
            t.died = after + rng.randint(30, 2500) * DAY
        return t


_forked_generator = None


def make_block_in_worker(task):
    """A worker's job: the rows of one block, made by the generator it was forked with."""
    return _forked_generator.make_block(*task)


# --- Telling synthetic data apart ------------------------------------------------


def synthetic_cases():
    return Case.objects.filter(slug__startswith=SLUG_PREFIX)


def real_cases():
    return Case.objects.exclude(slug__startswith=SLUG_PREFIX)


def delete_synthetic_data() -> int:
    """Remove every synthetic record; returns the number of cases removed.

    Raw deletes, children first: the ORM's `delete()` would load each of the
    (possibly millions of) rows to write a simple-history record of its
    deletion, and synthetic rows never had a history to begin with.
    """
    cases = synthetic_cases()
    removed = cases.count()
    with transaction.atomic():
        for queryset in (
            Citation.objects.filter(Q(case__in=cases) | Q(source__outlet=OUTLET)),
            Position.objects.filter(Q(case__in=cases) | Q(actor__name__startswith=MARK)),
            Event.objects.filter(case__in=cases),
            Charge.objects.filter(case__in=cases),
            SourceLink.objects.filter(Q(case__in=cases) | Q(source__outlet=OUTLET)),
            cases,
            Person.objects.filter(slug__startswith=SLUG_PREFIX),
            Source.objects.filter(outlet=OUTLET),
            # Members before the states they belong to.
            Actor.objects.filter(name__startswith=MARK, parent__isnull=False),
            Actor.objects.filter(name__startswith=MARK),
        ):
            queryset._raw_delete(queryset.db)
    return removed
