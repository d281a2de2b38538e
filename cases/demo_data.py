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

The same seed gives the same data, whatever the batch size: one
`random.Random(seed)` is consumed in a fixed order, and dates are drawn
relative to a fixed `REFERENCE_DATE` rather than today.

Rows are written with `bulk_create`, one transaction per batch of cases. That
skips `save()`, `full_clean()` and simple-history's records on purpose (a
synthetic record has no editorial history); what `save()` would derive (slugs,
source digests) is set here, and the citations' offsets are recorded while the
source text is assembled, so every quote is exactly `text[start:end]`.
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify
from unidecode import unidecode

from cases.models import (
    Actor,
    Case,
    Charge,
    Citation,
    Event,
    Person,
    Position,
    Source,
    SourceLink,
)
from cases.models.sources import text_sha256

SLUG_PREFIX = "synthetic-"
MARK = "[Synthetic]"
OUTLET = "Synthetic data (generated)"

# Dates are drawn relative to a fixed day, not today, so a seed gives the same
# data next year; nothing generated lies after it.
REFERENCE_DATE = datetime.date(2025, 6, 30)
EARLIEST_DATE = datetime.date(2000, 1, 1)

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)


# --- People's names -----------------------------------------------------------

# Russian first names with the spellings the press uses for them. The first
# spelling is the display name's; the others become aliases.
RUSSIAN_FIRST_NAMES = {
    "m": [
        ("Алексей", ["Alexei", "Aleksei", "Alexey", "Aleksey"]),
        ("Александр", ["Alexander", "Aleksandr"]),
        ("Дмитрий", ["Dmitry", "Dmitri", "Dmitriy"]),
        ("Сергей", ["Sergei", "Sergey"]),
        ("Андрей", ["Andrei", "Andrey"]),
        ("Евгений", ["Yevgeny", "Evgeny", "Evgenii"]),
        ("Михаил", ["Mikhail"]),
        ("Юрий", ["Yuri", "Yury", "Iurii"]),
        ("Николай", ["Nikolai", "Nikolay"]),
        ("Илья", ["Ilya", "Ilia"]),
        ("Григорий", ["Grigory", "Grigorii"]),
        ("Пётр", ["Pyotr", "Petr"]),
        ("Фёдор", ["Fyodor", "Fedor"]),
        ("Кирилл", ["Kirill"]),
        ("Максим", ["Maxim", "Maksim"]),
        ("Олег", ["Oleg"]),
        ("Тимофей", ["Timofei", "Timofey"]),
    ],
    "f": [
        ("Анна", ["Anna"]),
        ("Мария", ["Maria", "Mariya"]),
        ("Елена", ["Yelena", "Elena"]),
        ("Ольга", ["Olga"]),
        ("Татьяна", ["Tatiana", "Tatyana"]),
        ("Юлия", ["Yulia", "Yuliya", "Julia"]),
        ("Наталья", ["Natalya", "Natalia"]),
        ("Ксения", ["Ksenia", "Kseniya"]),
        ("Екатерина", ["Yekaterina", "Ekaterina"]),
        ("Дарья", ["Darya", "Daria"]),
        ("Алёна", ["Alyona", "Alena"]),
        ("Ирина", ["Irina"]),
    ],
}

# Masculine forms; `feminine_surname()` derives the others.
RUSSIAN_SURNAMES = [
    "Кузнецов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Волков",
    "Алексеев",
    "Яковлев",
    "Воробьёв",
    "Фёдоров",
    "Журавлёв",
    "Хабаров",
    "Белый",
    "Горький",
    "Чайковский",
    "Шевчук",
    "Ткаченко",
    "Ковальчук",
    "Бондаренко",
    "Юсупов",
    "Щербаков",
    "Зайцев",
    "Ежов",
    "Харитонов",
    "Яшин",
    "Ильин",
    "Орлов",
    "Крылов",
    "Тихонов",
    "Быков",
    "Петровский",
    "Добрынин",
    "Ершов",
    "Мельников",
    "Родионов",
]

LATIN_NAMES = {
    # group: (masculine first names, feminine first names, surnames)
    "english": (
        ["James", "Paul", "Michael", "David", "Robert", "Daniel", "Thomas", "Evan", "Mark"],
        ["Sarah", "Emily", "Laura", "Jessica", "Kylie", "Hannah", "Rachel", "Claire"],
        [
            "Smith",
            "Johnson",
            "Brown",
            "Taylor",
            "Anderson",
            "Moore",
            "Clarke",
            "Walsh",
            "Murphy",
            "O'Connor",
            "Kowalski",
            "Nguyen",
            "Hughes",
            "Bennett",
            "Fraser",
            "Callahan",
            "Whitfield",
            "Morrison",
        ],
    ),
    "european": (
        ["Jean", "Benjamin", "Louis", "Jürgen", "Lukas", "Matthias", "François", "Stefan"],
        ["Cécile", "Sophie", "Amélie", "Anke", "Léa", "Katrin", "Hélène"],
        [
            "Martin",
            "Bernard",
            "Dubois",
            "Lefèvre",
            "Rousseau",
            "Müller",
            "Schäfer",
            "Weiß",
            "Brière",
            "Krämer",
            "Fournier",
            "Hoffmann",
        ],
    ),
    "persian": (
        ["Ahmad", "Kamran", "Siamak", "Morad", "Reza", "Kaveh", "Babak"],
        ["Nazanin", "Niloufar", "Maryam", "Shirin", "Fariba", "Roya"],
        ["Tehrani", "Rezaei", "Ghaderi", "Karimi", "Hosseini", "Sadeghi", "Moradi", "Jafari"],
    ),
}

# Chinese names: (Han characters, pinyin); the surname comes first.
CHINESE_SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen")]
CHINESE_SURNAMES += [("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu")]
CHINESE_GIVEN_NAMES = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("洋", "Yang"),
    ("婷", "Ting"),
    ("晓明", "Xiaoming"),
]

# Three ways Cyrillic is written in Latin letters, so one person's name appears
# as "Vorobyov", "Vorob'ev" and "Vorob'jov" across sources, as real names do.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
_SCHEMES = {
    # The spelling newspapers use: no apostrophes, -y endings.
    "press": {"ё": "yo", "ь": "", "ъ": "", "ий$": "y", "ый$": "y"},
    # BGN/PCGN-like: -iy / -yy endings.
    "bgn": {"ё": "yo", "ь": "", "ъ": "", "ий$": "iy", "ый$": "yy"},
    # Scholarly: j for й, soft sign as an apostrophe, h for х.
    "scholarly": {
        "й": "j",
        "ё": "jo",
        "ю": "ju",
        "я": "ja",
        "х": "h",
        "ь": "'",
        "ъ": "",
        "ий$": "ij",
        "ый$": "yj",
        "е": "e",
    },
}
_VOWELS = set("аеёиоуыэюяьъ")


def transliterate(cyrillic: str, scheme: str) -> str:
    """One Cyrillic word in Latin letters by one of `_SCHEMES`."""
    rules = _SCHEMES[scheme]
    word = cyrillic.lower()
    ending = ""
    for suffix in ("ий", "ый"):
        if word.endswith(suffix) and f"{suffix}$" in rules:
            word, ending = word[: -len(suffix)], rules[f"{suffix}$"]
    letters = []
    for index, letter in enumerate(word):
        latin = rules.get(letter, _CYRILLIC.get(letter, letter))
        # Е starts a syllable as "ye" (Yelena, Yershov) except in the scholarly scheme.
        if letter == "е" and "е" not in rules and (index == 0 or word[index - 1] in _VOWELS):
            latin = "ye"
        letters.append(latin)
    return ("".join(letters) + ending).capitalize()


def feminine_surname(surname: str) -> str:
    for masculine, feminine in (("ский", "ская"), ("цкий", "цкая"), ("ый", "ая"), ("ий", "ая")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # Ukrainian -ко, -ук do not change.


@dataclass
class Name:
    display: str
    native: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str = "m"


def russian_name(rng: random.Random) -> Name:
    gender = rng.choice("mf")
    first_native, first_spellings = rng.choice(RUSSIAN_FIRST_NAMES[gender])
    surname = rng.choice(RUSSIAN_SURNAMES)
    if gender == "f":
        surname = feminine_surname(surname)
    surname_spellings = list(
        dict.fromkeys(transliterate(surname, scheme) for scheme in ("press", "bgn", "scholarly"))
    )
    display = f"{first_spellings[0]} {surname_spellings[0]}"
    first_spellings = [*first_spellings, transliterate(first_native, "scholarly")]
    variants = [f"{first} {last}" for first in first_spellings for last in surname_spellings]
    aliases = [variant for variant in dict.fromkeys(variants) if variant != display]
    return Name(display, f"{first_native} {surname}", aliases[:4], gender)


def latin_name(rng: random.Random, group: str) -> Name:
    masculine, feminine, surnames = LATIN_NAMES[group]
    gender = rng.choice("mf")
    first = rng.choice(masculine if gender == "m" else feminine)
    last = rng.choice(surnames)
    display = f"{first} {last}"
    ascii_form = unidecode(display)
    # Sources without diacritics write "Jurgen Muller" for "Jürgen Müller".
    return Name(display, "", [ascii_form] if ascii_form != display else [], gender)


def chinese_name(rng: random.Random) -> Name:
    surname_han, surname = rng.choice(CHINESE_SURNAMES)
    given_han, given = rng.choice(CHINESE_GIVEN_NAMES)
    return Name(
        f"{surname} {given}", f"{surname_han}{given_han}", [f"{given} {surname}"], rng.choice("mf")
    )


# --- Countries, places, charges ---------------------------------------------------

COUNTRY_NAMES = {
    "AE": "the United Arab Emirates",
    "AT": "Austria",
    "AU": "Australia",
    "AZ": "Azerbaijan",
    "BY": "Belarus",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "DE": "Germany",
    "EG": "Egypt",
    "FR": "France",
    "GB": "the United Kingdom",
    "IE": "Ireland",
    "IL": "Israel",
    "IR": "Iran",
    "KP": "North Korea",
    "MM": "Myanmar",
    "NL": "the Netherlands",
    "PL": "Poland",
    "RU": "Russia",
    "SA": "Saudi Arabia",
    "SE": "Sweden",
    "TR": "Turkey",
    "UA": "Ukraine",
    "US": "the United States",
    "VE": "Venezuela",
}

PLACES = {
    "RU": ["Moscow", "St Petersburg", "Yekaterinburg", "Kaliningrad", "Vladimir", "Kazan"],
    "CN": ["Beijing", "Shanghai", "Dandong", "Chengdu", "Guangzhou"],
    "IR": ["Tehran", "Shiraz", "Mashhad", "Isfahan"],
    "BY": ["Minsk", "Hrodna", "Brest"],
    "VE": ["Caracas", "Maracaibo"],
    "KP": ["Pyongyang"],
    "SA": ["Riyadh", "Jeddah"],
    "EG": ["Cairo", "Alexandria"],
    "MM": ["Yangon", "Naypyidaw"],
    "AE": ["Dubai", "Abu Dhabi"],
    "TR": ["Istanbul", "Ankara"],
    "AZ": ["Baku"],
}

# (group, weight, native-name maker, weighted citizenships, weighted detaining countries)
PEOPLE_GROUPS = [
    (
        "russian",
        40,
        [(("RU",), 45), (("RU", "US"), 12), (("RU", "IL"), 6), (("RU", "DE"), 6)]
        + [(("RU", "GB"), 4), (("US",), 8), (("UA",), 10), (("BY",), 9)],
        [("RU", 75), ("BY", 15), ("AZ", 4), ("TR", 3), ("AE", 3)],
    ),
    (
        "english",
        25,
        [(("US",), 50), (("GB",), 20), (("CA",), 10), (("AU",), 10), (("US", "IE"), 5)]
        + [(("GB", "AU"), 5)],
        [("RU", 35), ("CN", 20), ("IR", 12), ("VE", 8), ("KP", 5), ("SA", 5), ("EG", 5)]
        + [("MM", 4), ("AE", 3), ("BY", 3)],
    ),
    (
        "european",
        15,
        [(("FR",), 35), (("DE",), 30), (("FR", "CA"), 10), (("DE", "AT"), 10), (("CH",), 5)]
        + [(("NL",), 5), (("PL",), 5)],
        [("IR", 30), ("RU", 25), ("CN", 15), ("TR", 10), ("EG", 10), ("BY", 5), ("VE", 5)],
    ),
    (
        "chinese",
        10,
        [(("CN",), 40), (("CA",), 20), (("AU",), 20), (("SE",), 10), (("GB",), 10)],
        [("CN", 90), ("AE", 5), ("TR", 5)],
    ),
    (
        "persian",
        10,
        [(("IR", "US"), 30), (("IR", "GB"), 25), (("IR", "FR"), 15), (("IR", "SE"), 10)]
        + [(("IR", "AT"), 10), (("IR", "DE"), 10)],
        [("IR", 90), ("AE", 5), ("TR", 5)],
    ),
]

# (description, statute) by detaining country; "" is a statute the sources do not name.
CHARGES = {
    "RU": [
        ("espionage", "Article 276 of the Russian Criminal Code"),
        ("high treason", "Article 275 of the Russian Criminal Code"),
        ("drug smuggling", "Article 229.1 of the Russian Criminal Code"),
        ("organising an extremist community", "Article 282.1 of the Russian Criminal Code"),
        (
            "spreading false information about the armed forces",
            "Article 207.3 of the Russian Criminal Code",
        ),
        ("hooliganism", "Article 213 of the Russian Criminal Code"),
        ("assaulting a police officer", "Article 318 of the Russian Criminal Code"),
        ("illegal border crossing", "Article 322 of the Russian Criminal Code"),
        ("large-scale fraud", "Article 159 of the Russian Criminal Code"),
        (
            "taking part in an undesirable organisation",
            "Article 284.1 of the Russian Criminal Code",
        ),
    ],
    "CN": [
        ("espionage", "Article 110 of the Criminal Law of the People's Republic of China"),
        (
            "stealing state secrets for foreign entities",
            "Article 111 of the Criminal Law of the People's Republic of China",
        ),
        ("picking quarrels and provoking trouble", "Article 293 of the Criminal Law"),
        ("subversion of state power", "Article 105 of the Criminal Law"),
        ("contract fraud", "Article 224 of the Criminal Law"),
        ("illegal business operations", "Article 225 of the Criminal Law"),
    ],
    "IR": [
        ("espionage", "Article 501 of the Islamic Penal Code"),
        ("collaborating with a hostile government", "Article 508 of the Islamic Penal Code"),
        ("propaganda against the state", "Article 500 of the Islamic Penal Code"),
        ("acting against national security", "Article 498 of the Islamic Penal Code"),
        ("corruption on earth", "Article 286 of the Islamic Penal Code"),
    ],
    "BY": [
        ("organising mass riots", "Article 293 of the Belarusian Criminal Code"),
        ("insulting the president", "Article 368 of the Belarusian Criminal Code"),
        ("espionage", "Article 358 of the Belarusian Criminal Code"),
        ("extremism", "Article 361-1 of the Belarusian Criminal Code"),
    ],
}
GENERIC_CHARGES = [
    ("espionage", ""),
    ("terrorism", ""),
    ("drug trafficking", ""),
    ("fraud", ""),
    ("insulting the head of state", ""),
    ("illegal entry", ""),
    ("spreading false news", ""),
    ("money laundering", ""),
]

STATUS_WEIGHTS = [
    (Case.Status.DETAINED, 22),
    (Case.Status.IMPRISONED, 35),
    (Case.Status.HOUSE_ARREST, 4),
    (Case.Status.RELEASED, 22),
    (Case.Status.EXCHANGED, 6),
    (Case.Status.DIED_IN_CUSTODY, 2),
    (Case.Status.UNKNOWN, 9),
]

# Filler a reporter would write around the facts; none of it is cited.
FILLER = [
    "The case has drawn international attention.",
    "Relatives say the accusations are fabricated.",
    "Lawyers said they had not been allowed to see the case file.",
    "The hearing was closed to the press.",
    "Diplomats asked for consular access several times.",
    "Supporters gathered outside the court building.",
    "The family has appealed for help from the public.",
    "Rights groups have described the prosecution as politically motivated.",
    "The authorities have released few details of the evidence.",
    "Friends describe the detainee as a private person with no interest in politics.",
    "The embassy said it was following the case closely.",
    "Journalists were not allowed into the courtroom.",
]

STANCE_PHRASES = {
    Position.Stance.CALLS_FOR_RELEASE: "called for the immediate release of",
    Position.Stance.EXPRESSES_CONCERN: "expressed deep concern about the detention of",
    Position.Stance.DISPUTES_CHARGES: "rejected the charges brought against",
    Position.Stance.DEFENDS_PROSECUTION: "said the law had been applied correctly in the case of",
    Position.Stance.REJECTS_INTERFERENCE: "called foreign criticism of the case against",
}
STANCE_ENDINGS = {Position.Stance.REJECTS_INTERFERENCE: " an interference in its internal affairs"}

# Organisations that speak about cases from no particular country.
ORGANISATIONS = [
    "Committee for Detained Citizens",
    "Families of Hostages Network",
    "Free Press Watch",
    "Lawyers Without Frontiers",
    "Prison Conditions Monitor",
    "International Fair Trials Group",
    "Coalition Against Arbitrary Detention",
    "Consular Rights Forum",
    "Reporters' Safety Alliance",
    "Human Dignity Foundation",
    "Academic Freedom Network",
    "Campaign for Political Prisoners",
    "Observatory of Hostage Diplomacy",
    "Legal Aid International",
    "Detention Watch Europe",
    "Asia Rights Monitor",
    "Middle East Justice Project",
    "Eastern Europe Rights Centre",
    "Press Freedom Council",
    "Defenders' Defence Fund",
]


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


def truncate(value: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return value.replace(month=1, day=1)
    if precision == "month":
        return value.replace(day=1)
    return value


def slug(text: str, serial: int) -> str:
    """`synthetic-<name>-<serial>`: unique without a query, and at most 80 characters."""
    suffix = f"-{serial:07d}"
    base = slugify(unidecode(text))[: 80 - len(SLUG_PREFIX) - len(suffix)].strip("-")
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


# --- The generator -----------------------------------------------------------------


@dataclass
class Batch:
    """Unsaved records of a batch of cases, in the order they must be inserted."""

    people: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    charges: list = field(default_factory=list)
    events: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    citations: list = field(default_factory=list)

    def save(self):
        # Each list points at objects of the previous ones; bulk_create sets
        # their primary keys (RETURNING, on SQLite and PostgreSQL), and Django
        # copies them into the foreign keys of the next list.
        for model, objects in (
            (Person, self.people),
            (Case, self.cases),
            (Charge, self.charges),
            (Event, self.events),
            (Position, self.positions),
            (Source, self.sources),
            (Citation, self.citations),
        ):
            model.objects.bulk_create(objects)

    def counts(self) -> Counter:
        return Counter(
            {
                "people": len(self.people),
                "cases": len(self.cases),
                "charges": len(self.charges),
                "events": len(self.events),
                "positions": len(self.positions),
                "sources": len(self.sources),
                "citations": len(self.citations),
            }
        )


class DemoDataGenerator:
    """Writes `cases` synthetic cases in transactions of `batch_size` cases."""

    def __init__(self, cases: int, seed: int = 1, batch_size: int = 1000):
        if cases < 0 or batch_size < 1:
            raise ValueError("cases must be >= 0 and batch_size >= 1")
        self.total = cases
        self.seed = seed
        self.batch_size = batch_size
        self.rng = random.Random(seed)
        self.serial = 0
        self.actors: dict[str, list[Actor]] = {}
        self.organisations: list[Actor] = []

    def run(self, progress: Callable[[int], None] | None = None) -> Counter:
        """Write the data; `progress(n)` is called after each batch with the cases it wrote."""
        counts = Counter(actors=self.create_actors())
        batch, made = Batch(), 0
        while made < self.total:
            made += self.add_person(batch, remaining=self.total - made)
            if len(batch.cases) >= self.batch_size or made == self.total:
                with transaction.atomic():
                    batch.save()
                counts += batch.counts()
                if progress:
                    progress(len(batch.cases))
                batch = Batch()
        if connection.vendor == "postgresql":
            # Autovacuum would analyse the new rows soon; do it now so the
            # first queries are planned with the tables' real sizes.
            with connection.cursor() as cursor:
                for model in (Person, Case, Charge, Event, Position, Actor, Source, Citation):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return counts

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
            ministry = Actor(
                name=f"{MARK} Ministry of Foreign Affairs of {country}",
                kind=Actor.Kind.GOVERNMENT_BODY,
                country=code,
                parent=state,
            )
            embassy = Actor(
                name=f"{MARK} Embassy of {country.removeprefix('the ')}",
                kind=Actor.Kind.GOVERNMENT_BODY,
                country=code,
                parent=state,
            )
            minister_name = latin_name(rng, rng.choice(["english", "european"])).display
            minister = Actor(
                name=f"{MARK} {minister_name}",
                kind=Actor.Kind.OFFICIAL,
                country=code,
                role=f"Foreign Minister of {country}",
                parent=state,
            )
            prosecutor = Actor(
                name=f"{MARK} Prosecutor General's Office of {country}",
                kind=Actor.Kind.GOVERNMENT_BODY,
                country=code,
                parent=state,
            )
            parliament = Actor(
                name=f"{MARK} Parliament of {country}",
                kind=Actor.Kind.GOVERNMENT_BODY,
                country=code,
                parent=state,
            )
            courts = [
                Actor(
                    name=f"{MARK} {place} City Court",
                    kind=Actor.Kind.COURT,
                    country=code,
                    parent=state,
                )
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

    def add_person(self, batch: Batch, remaining: int) -> int:
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
        person = Person(
            name=name.display,
            native_name=name.native,
            aliases="\n".join(name.aliases),
            citizenships=citizenships,
            birth_year=rng.randint(1945, 2002) if rng.random() < 0.8 else None,
            description=f"{MARK} A {occupation} made up for testing.",
            slug=slug(name.display, self.next_serial()),
        )
        # What Person.save() derives; tests check it matches (bulk_create skips save()).
        person.search_names = person.build_search_names()
        batch.people.append(person)

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
            CaseWriter(self, batch, person, name, citizenships).write(detaining, status, timeline)
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


class CaseWriter:
    """Builds one case with its charges, events, positions, sources and citations."""

    def __init__(self, generator: DemoDataGenerator, batch: Batch, person, name, citizenships):
        self.generator = generator
        self.rng = generator.rng
        self.batch = batch
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
        case = Case(
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
        self.batch.cases.append(case)

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
        # What Case.save() derives; tests check it matches (bulk_create skips save()).
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
        event = Event(case=case, kind=kind, occurred_on=day, occurred_on_precision=precision)
        event.place = place
        self.batch.events.append(event)
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
            charge = Charge(
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
        self.batch.charges.extend(charges)
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
            if rng.random() < 0.4:
                day = t.decided + rng.randint(20, 150) * DAY
                found.append(
                    (
                        Event.Kind.APPEAL,
                        day,
                        f"{self.his.capitalize()} lawyers appealed {date_phrase(day, 'day')}.",
                    )
                )
            if rng.random() < 0.4:
                day = t.decided + rng.randint(20, 200) * DAY
                found.append(
                    (
                        Event.Kind.TRANSFER,
                        day,
                        f"{self.he} was transferred to a penal colony {date_phrase(day, 'day')}.",
                    )
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
            position = Position(
                case=case,
                actor=actor,
                stance=stance,
                stated_on=day,
                stated_on_precision="day",
                summary=sentence,
            )
            found.append((position, sentence))
        self.batch.positions.extend(position for position, _ in found)
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
        source = Source(
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
            sha256=text_sha256(text),
        )
        self.batch.sources.append(source)
        return source

    def citation(self, source, case, fact, quote, start, end):
        citation = Citation(source=source, case=case, quote=quote, start=start, end=end)
        if isinstance(fact, Charge):
            citation.charge = fact
        elif isinstance(fact, Event):
            citation.event = fact
        elif isinstance(fact, Position):
            citation.position = fact
        self.batch.citations.append(citation)


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
