"""Word lists and name builders for synthetic data: names in several scripts and
spellings, countries, places, charges, stances. Everything generated is marked
synthetic (`SLUG_PREFIX`, `MARK`, `OUTLET`).
"""

import datetime
import random
from dataclasses import dataclass, field

from unidecode import unidecode

from cases.models import Case, Position
from cases.text.transliteration import transliterate

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
