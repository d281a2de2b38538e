"""Words a list writes for a country or a choice, in any of the registry's languages.

Lists are kept in their authors' languages: a Russian list of prisoners writes
"Россия" and "освобождён", an English one "United States" or "UK", where the
registry stores `RU`, `US`, `GB` and `released`. A cell is matched, whatever
its case, spacing, final full stop and ё/е spelling, against:

- a country's ISO code (two or three letters, or its number) and its name as
  django-countries gives it in every language of settings.LANGUAGES, with the
  names people write where those differ from ISO's (`COUNTRY_NAMES`);
- a choice's stored value and its label in every language, with each gendered
  form of a Russian label written "Задержан(а)", and the words lists commonly
  use for a status (`STATUS_WORDS`).

Tables are built on first use, when translations can be activated.
"""

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django_countries import countries

# Names people write for a country where they differ from its name in django-countries.
COUNTRY_NAMES = {
    "US": [
        "United States",
        "US",
        "U.S.",
        "U.S.A.",
        "America",
        "США",
        "Соединённые Штаты",
        "Соединённые Штаты Америки",
        "Америка",
    ],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "Британия", "Соединённое Королевство"],
    "KR": ["Korea, Republic of", "Republic of Korea", "Республика Корея"],
    "KP": ["Korea, Democratic People's Republic of", "DPRK", "КНДР", "Северная Корея"],
    "RU": ["Russian Federation", "РФ", "Российская Федерация"],
    "IR": ["Iran, Islamic Republic of", "Islamic Republic of Iran"],
    "VE": ["Venezuela, Bolivarian Republic of"],
    "SY": ["Syrian Arab Republic"],
    "CZ": ["Czech Republic", "Чешская Республика"],
    "MM": ["Burma", "Бирма"],
    "AE": ["UAE", "ОАЭ"],
    "CN": ["PRC", "КНР"],
}

# Words lists use for a status, beyond the statuses' own labels.
STATUS_WORDS = {
    "detained": ["in custody", "arrested", "pre-trial detention", "под стражей", "арестован(а)"],
    "imprisoned": ["in prison", "в заключении", "заключён(а)", "лишение свободы"],
    "house_arrest": ["домашний арест"],
    "released": ["free", "на свободе"],
    "exchanged": ["обменян(а)"],
    "died_in_custody": ["умер(ла) в заключении"],
}

# What a list writes for a person with no citizenship: none to record.
STATELESS = {"stateless", "none", "без гражданства", "апатрид", "лицо без гражданства"}

# What a list writes where it has no date.
NO_DATE = {
    "unknown",
    "n/a",
    "na",
    "none",
    "?",
    "-",
    "—",
    "неизвестно",
    "не известно",
    "н/д",
    "нет данных",
    "нет",
}

# "Задержан(а)" is "задержан" and "задержана"; "Умер(ла)", "умер" and "умерла".
_GENDERED = re.compile(r"(\w+)\((\w+)\)")


def folded(text: str) -> str:
    """A cell as compared with names and words: case, spacing, a final stop and ё aside."""
    return " ".join(str(text).split()).rstrip(".").casefold().replace("ё", "е")


def forms(word: str) -> list[str]:
    """A word or label and each of the gendered forms it writes in brackets."""
    if not _GENDERED.search(word):
        return [word]
    return [_GENDERED.sub(r"\1", word), _GENDERED.sub(r"\1\2", word)]


def is_no_date(text: str) -> bool:
    return folded(text) in NO_DATE


def is_stateless(text: str) -> bool:
    return folded(text) in STATELESS


def country_code(text: str) -> str | None:
    """The country a cell names (a code, or a name in any of the registry's languages)."""
    return countries.alpha2(text.strip()) or _country_names().get(folded(text))


@cache
def _country_names() -> dict[str, str]:
    names = {}
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                names.setdefault(folded(name), code)
    for code, written in COUNTRY_NAMES.items():
        for name in written:
            names.setdefault(folded(name), code)
    return names


def choice_words(choices, extra=None) -> dict[str, str]:
    """Every word naming one of `choices` (a TextChoices): its value and label in each language."""
    words = {}
    for value, label in choices.choices:
        written = [value, value.replace("_", " ")]
        for language, _ in settings.LANGUAGES:
            with translation.override(language):
                written.append(str(label))
        written.extend((extra or {}).get(value, []))
        for word in written:
            for form in forms(word):
                words.setdefault(folded(form), value)
    return words
