"""A Latin display name for a name written only in another script.

Lists from partners often give a name only as its holder writes it
("Алексей Навальный", "王小明"). The registry displays names in Latin script,
so such a name gets a machine transliteration, which an editor should check.
No Django imports.
"""

import re
import unicodedata

from unidecode import unidecode

_RUSSIAN_WORD = re.compile(r"^[а-яё]+(-[а-яё]+)*$", re.IGNORECASE)


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


def transliterate(cyrillic: str, scheme: str = "press") -> str:
    """One Cyrillic word in Latin letters by one of `_SCHEMES` (the press spelling by default)."""
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


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin letter (accents allowed)."""
    return all(unicodedata.name(char, "").startswith("LATIN") for char in text if char.isalpha())


def latin_name(native: str) -> str:
    """'Алексей Навальный' -> 'Aleksey Navalny'; '王小明' -> 'Wang Xiao Ming'.

    Russian words in the spelling English-language newspapers use; any other
    script by Unidecode, without the apostrophes it writes for signs.
    """
    words = []
    for word in native.split():
        if _RUSSIAN_WORD.match(word):
            words.append("-".join(transliterate(part) for part in word.split("-")))
        else:
            latin = unidecode(word).replace("'", "").replace('"', "")
            words.extend(part[:1].upper() + part[1:] for part in latin.split())
    return " ".join(words)
