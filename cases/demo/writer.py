"""One synthetic case at a time: its charges, events, positions, a source text
assembled sentence by sentence, and citations whose offsets are recorded as the
text is written, so every quote is exactly `text[start:end]`.
"""

import datetime
import random
from dataclasses import dataclass

from cases.models import Actor, Case, Charge, Citation, Event, Position, Source
from cases.models.base import slug_base
from cases.text.partial_dates import truncate

from .vocabulary import (
    CHARGES,
    COUNTRY_NAMES,
    DAY,
    FILLER,
    GENERIC_CHARGES,
    MARK,
    OUTLET,
    PLACES,
    REFERENCE_DATE,
    SLUG_PREFIX,
    STANCE_ENDINGS,
    STANCE_PHRASES,
    UTC,
    latin_name,
)


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def date_phrase(value: datetime.date | None, precision: str) -> str:
    if value is None:
        return "on an unknown date"
    if precision == "year":
        return f"in {value.year}"
    if precision == "month":
        return f"in {value:%B} {value.year}"
    return f"on {value.day} {value:%B} {value.year}"


def slug(text: str, serial: int) -> str:
    """`synthetic-<name>-<serial>`: unique without a query, and at most 80 characters."""
    suffix = f"-{serial:07d}"
    base = slug_base(text, 80 - len(SLUG_PREFIX) - len(suffix))
    return f"{SLUG_PREFIX}{base}{suffix}"


class TextBuilder:
    """A source text assembled sentence by sentence, remembering where each sentence is."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.paragraph_open = False

    def sentence(self, sentence: str) -> tuple[str, int, int]:
        """Append a sentence; returns it with its offsets, ready to quote."""
        if self.parts:
            self._append(" " if self.paragraph_open else "\n\n")
        start = self.length
        self._append(sentence)
        self.paragraph_open = True
        return sentence, start, self.length

    def paragraph(self):
        """Start the next sentence on a new paragraph."""
        self.paragraph_open = False

    def _append(self, text):
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


OCCUPATIONS = [
    "teacher",
    "businessman",
    "journalist",
    "student",
    "engineer",
    "musician",
    "former soldier",
    "researcher",
    "tourist",
    "aid worker",
]

# A citation's field for the fact it supports.
FACT_FIELDS = {Charge: "charge", Event: "event", Position: "position"}

RELEASES = (Case.Status.RELEASED, Case.Status.EXCHANGED)
DECIDED = (Case.Status.IMPRISONED, Case.Status.EXCHANGED, Case.Status.DIED_IN_CUSTODY)


@dataclass
class Timeline:
    """The true dates of one detention, before they are rounded to what sources say."""

    detained: datetime.date
    charged: datetime.date
    decided: datetime.date | None = None
    released: datetime.date | None = None
    died: datetime.date | None = None

    @property
    def latest(self) -> datetime.date:
        return max(day for day in (self.charged, self.decided, self.released, self.died) if day)

    def shift(self, delta: datetime.timedelta):
        for name in ("detained", "charged", "decided", "released", "died"):
            if getattr(self, name):
                setattr(self, name, getattr(self, name) + delta)


class CaseWriter:
    """Builds one case with its charges, events, positions, sources and citations."""

    def __init__(self, generator, person, name, citizenships):
        self.generator = generator
        self.new = generator.block.new
        self.rng = generator.rng
        self.person = person
        self.name = name
        self.citizenships = citizenships
        self.he, self.him, self.his = (
            ("He", "him", "his") if name.gender == "m" else ("She", "her", "her")
        )

    def write(self, detaining: str, status: str, t: Timeline):
        rng = self.rng
        serial = self.generator.next_serial()
        place = rng.choice(PLACES[detaining])
        country = COUNTRY_NAMES[detaining]
        precision = weighted(rng, [("day", 80), ("month", 14), ("year", 6)])
        # Half the cases of unknown status have no known detention date either.
        known = status != Case.Status.UNKNOWN or rng.random() < 0.5
        detained_on = truncate(t.detained, precision) if known else None
        released_on, released_precision = None, ""
        if t.released:
            released_precision = "day" if rng.random() < 0.85 else "month"
            released_on = truncate(t.released, released_precision)
            if detained_on and released_on < detained_on:
                released_on, released_precision = t.released, "day"
        end = t.released or t.died or REFERENCE_DATE
        homes = " and ".join(COUNTRY_NAMES[code] for code in self.citizenships)
        lead = (
            f"{self.name.display}, a citizen of {homes}, was detained in {place}, {country}, "
            f"{date_phrase(detained_on, precision)}."
        )
        case = self.new(
            Case,
            person=self.person,
            slug=slug(f"{self.name.display} {t.detained.year if known else ''}", serial),
            detaining_country=detaining,
            place=place,
            detained_on=detained_on,
            detained_on_precision=precision if known else "",
            released_on=released_on,
            released_on_precision=released_precision,
            status=status,
            summary=f"{MARK} {lead} {self.status_sentence(status)}",
            published=rng.random() < 0.96,
        )

        article = TextBuilder()
        cite = []  # (sentence, start, end, fact or None), turned into citations of the article
        lead_at = article.sentence(lead)
        cite.append((*lead_at, None))
        for sentence in rng.sample(FILLER, rng.randint(0, 2)):
            article.sentence(sentence)
        if known:
            arrest = self.event(case, Event.Kind.ARREST, detained_on, precision, place)
            arrest.description = f"Detained in {place}."
            cite.append((*lead_at, arrest))

        article.paragraph()
        charges = self.charges(case, detaining, status, t, known, released_on)
        # What Case.save() derives; tests check it matches (plain rows skip save()).
        case.search_document = case.build_search_document(charges)
        for index, charge in enumerate(charges):
            under = f" under {charge.statute}" if charge.statute else ""
            charged_at = article.sentence(
                f"{self.he} was charged with {charge.description}{under}."
            )
            cite.append((*charged_at, charge))
            if index == 0 and charge.charged_on:
                event = self.event(case, Event.Kind.CHARGE, charge.charged_on, "day")
                event.description = f"Charged with {charge.description}."
        decision = self.decision_sentence(charges, place)
        if decision:
            decision_at = article.sentence(decision)
            charge = charges[0]
            if charge.outcome in (Charge.Outcome.CONVICTED, Charge.Outcome.ACQUITTED):
                verdict = self.event(case, Event.Kind.VERDICT, charge.decided_on, "day", place)
                verdict.description = decision
                cite.append((*decision_at, verdict))
            if charge.outcome == Charge.Outcome.CONVICTED and rng.random() < 0.5:
                event = self.event(case, Event.Kind.SENTENCE, charge.decided_on, "day", place)
                event.description = f"Sentenced to {charge.sentence}."

        article.paragraph()
        for sentence, event in self.later_events(case, charges, t, end, place):
            located = article.sentence(sentence)
            if rng.random() < 0.3:
                cite.append((*located, event))
        if t.released or t.died:
            kind, sentence = self.ending(status, t, released_on, released_precision, detaining)
            ending_at = article.sentence(sentence)
            event = self.event(
                case, kind, released_on or t.died, released_precision or "day", place
            )
            event.description = sentence
            cite.append((*ending_at, event))
        article.sentence(self.status_sentence(status))
        for sentence in rng.sample(FILLER, rng.randint(1, 2)):
            article.sentence(sentence)
        news = self.source(
            article,
            kind=Source.Kind.NEWS_ARTICLE,
            title=f"{MARK} {self.name.display} detained in {place}",
            dateline=place,
            published=min(
                REFERENCE_DATE, (t.released or t.died or t.latest) + rng.randint(1, 5) * DAY
            ),
        )
        for sentence, start, stop, fact in cite:
            self.citation(news, case, fact, sentence, start, stop)

        positions = self.positions(case, detaining, t, end)
        if positions:
            statements, located = TextBuilder(), []
            for position, sentence in positions:
                located.append((*statements.sentence(sentence), position))
                statements.paragraph()
            source = self.source(
                statements,
                kind=Source.Kind.OFFICIAL_STATEMENT,
                title=f"{MARK} Statements on the case of {self.name.display}",
                dateline="",
                published=max(position.stated_on for position, _ in positions) + DAY,
            )
            for sentence, start, stop, position in located:
                self.citation(source, case, position, sentence, start, stop)

    def status_sentence(self, status: str) -> str:
        return {
            Case.Status.DETAINED: f"{self.he} remains in pre-trial detention.",
            Case.Status.IMPRISONED: f"{self.he} is serving {self.his} sentence.",
            Case.Status.HOUSE_ARREST: f"{self.he} is under house arrest.",
            Case.Status.RELEASED: f"{self.he} has since returned home.",
            Case.Status.EXCHANGED: f"{self.he} has since returned home.",
            Case.Status.DIED_IN_CUSTODY: f"{self.his.capitalize()} family is demanding an independent inquiry.",
            Case.Status.UNKNOWN: f"{self.his.capitalize()} whereabouts are unknown.",
        }[status]

    def event(self, case, kind, day, precision, place=""):
        event = self.new(
            Event, case=case, kind=kind, occurred_on=day, occurred_on_precision=precision
        )
        event.place = place
        return event

    def charges(self, case, detaining, status, t, known, released_on):
        rng = self.rng
        pool = CHARGES.get(detaining, GENERIC_CHARGES)
        chosen = rng.sample(pool, min(len(pool), weighted(rng, [(1, 60), (2, 30), (3, 10)])))
        if status in (Case.Status.DETAINED, Case.Status.HOUSE_ARREST):
            outcome = Charge.Outcome.PENDING
        elif status == Case.Status.UNKNOWN:
            outcome = Charge.Outcome.UNKNOWN
        elif t.decided:
            outcome = Charge.Outcome.CONVICTED
            if status == Case.Status.RELEASED and rng.random() < 0.3:
                outcome = Charge.Outcome.ACQUITTED
        elif status == Case.Status.RELEASED:
            outcome = Charge.Outcome.DROPPED
        else:
            outcome = Charge.Outcome.PENDING
        months = rng.choice([6, 12, 18, 24, 36, 48, 60, 72, 96, 120, 144, 160, 192, 240, 300])
        charges = []
        for description, statute in chosen:
            charge = self.new(
                Charge,
                case=case,
                description=description,
                statute=statute if rng.random() < 0.85 else "",
                outcome=outcome,
            )
            if known and outcome != Charge.Outcome.UNKNOWN:
                charge.charged_on, charge.charged_on_precision = t.charged, "day"
            decided = t.decided if outcome != Charge.Outcome.DROPPED else t.released
            if charge.charged_on and decided and outcome != Charge.Outcome.PENDING:
                charge.decided_on, charge.decided_on_precision = decided, "day"
            if outcome == Charge.Outcome.CONVICTED:
                charge.sentence_months = months
                years, rest = divmod(months, 12)
                term = f"{years} years" if years else ""
                term += f"{' and ' if years else ''}{rest} months" if rest else ""
                charge.sentence = f"{term} in a penal colony"
            charges.append(charge)
        return charges

    def decision_sentence(self, charges, place) -> str:
        charge = charges[0]
        crimes = " and ".join(c.description for c in charges)
        if not charge.decided_on:
            return ""
        when = date_phrase(charge.decided_on, "day")
        if charge.outcome == Charge.Outcome.CONVICTED:
            return (
                f"A court in {place} found {self.him} guilty of {crimes} {when} "
                f"and sentenced {self.him} to {charge.sentence}."
            )
        if charge.outcome == Charge.Outcome.ACQUITTED:
            return f"A court in {place} acquitted {self.him} of {crimes} {when}."
        return f"Prosecutors dropped the case {when}."

    def later_events(self, case, charges, t, end, place):
        """Hearings, appeals and transfers between the charge and the end of the detention."""
        rng = self.rng
        found = []
        if not charges[0].charged_on:
            return found
        until = min(t.decided or end, t.charged + 400 * DAY, end)
        for _ in range(rng.randint(0, 2)):
            day = t.charged + rng.randint(0, max(0, (until - t.charged).days)) * DAY
            found.append(
                (Event.Kind.HEARING, day, f"A hearing was held {date_phrase(day, 'day')}.")
            )
        if charges[0].outcome == Charge.Outcome.CONVICTED:
            # Each may follow, in this order: (kind, at most so many days after the verdict, text).
            after_verdict = [
                (Event.Kind.APPEAL, 150, "{His} lawyers appealed {when}."),
                (Event.Kind.TRANSFER, 200, "{He} was transferred to a penal colony {when}."),
            ]
            for kind, most_days, text in after_verdict:
                if rng.random() < 0.4:
                    day = t.decided + rng.randint(20, most_days) * DAY
                    when = date_phrase(day, "day")
                    found.append(
                        (kind, day, text.format(His=self.his.capitalize(), He=self.he, when=when))
                    )
        written = []
        for kind, day, sentence in sorted(found, key=lambda item: item[1]):
            if day <= end:
                event = self.event(case, kind, day, "day", place)
                event.description = sentence
                written.append((sentence, event))
        return written

    def ending(self, status, t, released_on, precision, detaining):
        if status == Case.Status.DIED_IN_CUSTODY:
            return Event.Kind.DEATH, f"{self.he} died in custody {date_phrase(t.died, 'day')}."
        when = date_phrase(released_on, precision)
        if status == Case.Status.EXCHANGED:
            home = COUNTRY_NAMES[self.citizenships[0]]
            if self.citizenships[0] == detaining:
                home = "another country"
            return (
                Event.Kind.EXCHANGE,
                f"{self.he} was freed {when} in a prisoner exchange between "
                f"{COUNTRY_NAMES[detaining]} and {home}.",
            )
        return Event.Kind.RELEASE, f"{self.he} was released {when}."

    def positions(self, case, detaining, t, end):
        """Actors' stances: the person's own states, the detaining state, organisations."""
        rng = self.rng
        actors = self.generator.actors
        until = min(REFERENCE_DATE, end + 60 * DAY)
        found = []
        for _ in range(weighted(rng, [(0, 25), (1, 30), (2, 25), (3, 12), (4, 8)])):
            home = rng.choice(self.citizenships)
            draw = rng.random()
            if draw < 0.6 and home != detaining:
                # The state, its foreign ministry, embassy, minister or parliament.
                actor = rng.choice(actors[home][:4] + actors[home][5:6])
                stance = weighted(
                    rng,
                    [
                        (Position.Stance.CALLS_FOR_RELEASE, 45),
                        (Position.Stance.EXPRESSES_CONCERN, 35),
                        (Position.Stance.DISPUTES_CHARGES, 20),
                    ],
                )
            elif draw < 0.8:
                # Its foreign ministry, prosecutors or courts.
                actor = rng.choice(
                    actors[detaining][1:2] + actors[detaining][4:5] + actors[detaining][6:]
                )
                stance = Position.Stance.DEFENDS_PROSECUTION
                if actor.kind == Actor.Kind.GOVERNMENT_BODY and rng.random() < 0.5:
                    stance = Position.Stance.REJECTS_INTERFERENCE
            else:
                actor = rng.choice(self.generator.organisations)
                stance = weighted(
                    rng,
                    [
                        (Position.Stance.CALLS_FOR_RELEASE, 60),
                        (Position.Stance.DISPUTES_CHARGES, 20),
                        (Position.Stance.EXPRESSES_CONCERN, 20),
                    ],
                )
            day = t.detained + rng.randint(0, max(0, (until - t.detained).days)) * DAY
            speaker = actor.name.removeprefix(f"{MARK} ")
            sentence = (
                f"On {day.day} {day:%B} {day.year}, {speaker} {STANCE_PHRASES[stance]} "
                f"{self.name.display}{STANCE_ENDINGS.get(stance, '')}."
            )
            position = self.new(
                Position,
                case=case,
                actor=actor,
                stance=stance,
                stated_on=day,
                stated_on_precision="day",
                summary=sentence,
            )
            found.append((position, sentence))
        return found

    def source(self, builder, *, kind, title, dateline, published):
        serial = self.generator.next_serial()
        builder.paragraph()
        builder.sentence(
            f"This text is synthetic: it was generated for testing (seed {self.generator.seed}, "
            f"text {serial}) and describes no real person or event."
        )
        text = builder.text()
        author = latin_name(self.rng, "english").display
        published_at = datetime.datetime.combine(published, datetime.time(12), tzinfo=UTC)
        source = self.new(
            Source,
            kind=kind,
            title=title[:500],
            outlet=OUTLET,
            author=author if kind == Source.Kind.NEWS_ARTICLE else "",
            byline=f"By {author}" if kind == Source.Kind.NEWS_ARTICLE else "",
            dateline=dateline,
            url=f"https://example.org/synthetic/{self.generator.seed}/{serial}",
            published_at=published_at,
            retrieved_at=published_at + DAY,
            language="en",
            text=text,
        )
        # Plain rows skip save(), where the digest is derived.
        source.derive()
        return source

    def citation(self, source, case, fact, quote, start, end):
        of_fact = {FACT_FIELDS[type(fact)]: fact} if fact is not None else {}
        self.new(Citation, source=source, case=case, quote=quote, start=start, end=end, **of_fact)
