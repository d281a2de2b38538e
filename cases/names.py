"""Normalising and matching people's names across cases, scripts and spellings.

One person's name reaches the registry in many forms: "Alexei Navalny",
"ALEXEI NAVALNY", "Aleksei Navalnyy", "Naval'nyj", "Навальный",
"Navalny's". Everything here reduces a name to *keys* that are equal for
such variants, so the same functions serve mention detection in articles
and transliteration-proof search:

- `fold(text)`: transliterated to Latin, diacritics removed, case-folded.
- `word_key(word)`: one word folded and with common transliteration
  variants merged (x/ks, kh/h, j/y/i, y-endings), so "Alexey" and
  "Алексей" share a key.
- `search_key(name)`: the word keys of a name, space-separated — what a
  search index stores and a query is reduced to.
- `NameMatcher`: finds, in a text, whole-word mentions of a set of named
  people, including unambiguous surname-only mentions.

No Django imports.
"""

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from unidecode import unidecode

# A word: letters or digits, possibly joined by apostrophes (O'Brien, Naval'nyj).
# Hyphens split words, so "disputes-Whelan" yields "Whelan".
_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
_POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# Suffixes that follow a surname rather than being one.
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

# Transliteration variants merged in word keys, applied in order. They are
# chosen to merge the usual renderings of Russian and other Cyrillic names
# (й as y/i/j, х as kh/h, ий/ый as y/iy/yy/ij, ё as yo/io, ю as yu/iu/ju)
# without merging distinct English words: doubled consonants stay, so
# "Reed" and "Red" keep different keys.
_VARIANTS = (
    ("x", "ks"),
    ("kh", "h"),
    ("j", "y"),
    ("y", "i"),
)
_REPEATED_I = re.compile(r"i{2,}")


def fold(text: str) -> str:
    """Latin script, no diacritics, case-folded: "Навальный" -> "naval'nyi"."""
    return unidecode(text).casefold()


def strip_possessive(word: str) -> str:
    """ "Navalny's" / "Navalny’s" -> "Navalny"."""
    return _POSSESSIVE.sub("", word)


def word_key(word: str) -> str:
    """The key shared by the spellings of one word of a name.

    "Navalny", "Navalnyy", "Naval'nyj" and "Навальный" all give "navalni";
    "Alexei", "Aleksey" and "Алексей" give "aleksei".
    """
    key = _NOT_ALPHANUMERIC.sub("", fold(strip_possessive(word)).replace("'", ""))
    for variant, replacement in _VARIANTS:
        key = key.replace(variant, replacement)
    key = _REPEATED_I.sub("i", key)
    # Initial "ye"/"je"/"ie" is one letter, е, rendered three ways (Yevgeny, Evgeny).
    if key.startswith("ie") and len(key) > 2:
        key = key[1:]
    return key


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def search_key(name: str) -> str:
    """The form a name is indexed and searched by: word keys, space-separated.

    `search_key("Aleksei Navalnyy") == search_key("Алексей Навальный")`.
    """
    return " ".join(key for key in map(word_key, words(name)) if key)


def surname(name: str) -> str:
    """The last word of a name, skipping suffixes such as "Jr."; "" when none."""
    name_words = words(name)
    while len(name_words) > 1 and fold(name_words[-1]) in _NAME_SUFFIXES:
        name_words.pop()
    return name_words[-1] if name_words else ""


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    key: str


def _text_words(text: str) -> list[_Word]:
    found = []
    for match in _WORD.finditer(text):
        bare = strip_possessive(match.group())
        key = word_key(bare)
        if key:
            found.append(_Word(bare, match.start(), match.start() + len(bare), key))
    return found


class NameMatcher:
    """Finds whole-word mentions of people, given every name each is known by.

    `people` maps an identifier (say a primary key) to the person's names:
    display name, native-script name, aliases. A mention is

    - any of those names in full, in any case, spelling variant or script,
      possessive or not; or
    - the surname of one of them alone, when the surname is unambiguous: no
      other person's names contain that word at all (with "Trevor Reed" and
      "Reed Hastings" both listed, "Reed" alone could be either). A lone
      surname written all in lower case is not taken, because surnames are
      often ordinary words ("reed", "may", "bush").

    Matching is by whole words, so "Reed" does not match "agreed" or "reedy".
    """

    def __init__(self, people: Mapping[Hashable, Iterable[str]]):
        self._full_names: dict[tuple[str, ...], set[Hashable]] = defaultdict(set)
        owners_of_word: dict[str, set[Hashable]] = defaultdict(set)
        surnames: dict[Hashable, set[str]] = defaultdict(set)
        for person, names in people.items():
            for name in names:
                keys = tuple(search_key(name).split())
                if not keys:
                    continue
                self._full_names[keys].add(person)
                for key in keys:
                    owners_of_word[key].add(person)
                if len(keys) > 1 and (last := word_key(surname(name))):
                    surnames[person].add(last)
        self._surnames = {
            key: person
            for person, keys in surnames.items()
            for key in keys
            if owners_of_word[key] == {person}
        }
        self._longest = max((len(keys) for keys in self._full_names), default=0)

    def find(self, text: str) -> dict[Hashable, list[str]]:
        """Each person mentioned in `text`, with the distinct forms found, in order.

        The longest full name at a position wins, and words it covers are
        not read again as a surname on their own.
        """
        found: dict[Hashable, list[str]] = defaultdict(list)
        text_words = _text_words(text)
        position = 0
        while position < len(text_words):
            matched = 0
            for length in range(min(self._longest, len(text_words) - position), 0, -1):
                span = text_words[position : position + length]
                people = self._full_names.get(tuple(word.key for word in span))
                if people:
                    form = text[span[0].start : span[-1].end]
                    for person in people:
                        _add_form(found[person], form)
                    matched = length
                    break
            if not matched:
                word = text_words[position]
                person = self._surnames.get(word.key)
                if person is not None and not word.text.islower():
                    _add_form(found[person], word.text)
                matched = 1
            position += matched
        return dict(found)


def _add_form(forms: list[str], form: str) -> None:
    form = " ".join(form.split())
    if form not in forms:
        forms.append(form)
