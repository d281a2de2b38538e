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
- `word_keys(word)`: the word's key and, for a Russian word in another
  grammatical case ("Навального", "Алексея"), the keys of the nominative
  forms it may be declined from ("Навальный", "Алексей"), so that a search or
  an article in Russian finds the name as the registry records it.
- `NameMatcher`: finds, in a text, whole-word mentions of a set of named
  people, including unambiguous surname-only mentions.
- `clean_name(name)` and `has_visible_letter(name)`: a name as stored, without
  the invisible characters that reorder or hide text, and whether anything of
  it can be read at all.

No Django imports.
"""

import functools
import re
import unicodedata
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

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# Russian names decline: Навальный is Навального, Навальному, Навальным,
# Навальном in other cases, Иванов is Иванова, Иванову, Ивановым, Иванове,
# Алексей is Алексея, Алексею, Алексеем. Each ending of an oblique case is
# listed with the endings of the nominatives it can come from; a word may
# stand for any of them. Names with a vowel that drops when declined
# (Павел, Павла) are not undone.
_RUSSIAN_CASE_ENDINGS = (
    # Adjectival surnames: Навальный, Горький, Толстой; Навальная.
    ("ого", ("ый", "ий", "ой")),
    ("его", ("ий",)),
    ("ому", ("ый", "ий", "ой")),
    ("ему", ("ий",)),
    ("ым", ("ый", "")),  # also Ивановым, Пушкиным
    ("им", ("ий",)),
    ("ом", ("ый", "ий", "ой", "")),  # also Олегом
    ("ем", ("ий", "й")),  # also Алексеем
    ("ой", ("ая", "а")),  # also Ивановой, Анной
    ("ую", ("ая",)),
    ("ей", ("я",)),  # Юлией
    # Nouns: Иванов, Олег, Алексей, Игорь, Анна, Мария, Ольга.
    ("а", ("",)),
    ("у", ("", "а")),
    ("е", ("", "а", "й", "я")),
    ("я", ("й", "ь")),
    ("ю", ("й", "ь", "я")),
    ("ы", ("а",)),
    ("и", ("а", "я", "ь")),
)
# Shorter stems are left alone: too many short words would look declined.
_SHORTEST_STEM = 3


# Invisible characters with no place in a name: bidirectional embeddings, overrides,
# isolates and marks (which can make "Ivan" display as "naVI", or hide a name's
# real order), the zero-width space, the word joiner and the byte-order mark.
# Zero-width joiners and non-joiners stay: Persian and Indic scripts spell with them.
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def clean_name(name: str) -> str:
    """`name` without invisible reordering and zero-width characters, and trimmed."""
    return _INVISIBLE.sub("", name).strip()


def has_visible_letter(name: str) -> bool:
    """Whether `name` has a letter of any script: a name of marks, digits or blanks has none."""
    return any(unicodedata.category(char).startswith("L") for char in name)


def fold(text: str) -> str:
    """Latin script, no diacritics, case-folded: "Навальный" -> "naval'nyi"."""
    return unidecode(text).casefold()


def strip_possessive(word: str) -> str:
    """ "Navalny's" / "Navalny’s" -> "Navalny"."""
    return _POSSESSIVE.sub("", word)


# Names and the words of texts repeat: a million synthetic cases ask for a few
# thousand distinct words' keys, each computed once.
@functools.lru_cache(maxsize=65536)
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


def word_keys(word: str) -> tuple[str, ...]:
    """The keys `word` may stand for: its own first, then those of its possible nominatives.

    `word_keys("Навального") == ("navalnogo", "navalni", "navalnoi")`; a word
    that is not Russian has only its own key.
    """
    own = word_key(word)
    if not _CYRILLIC.search(word):
        return (own,) if own else ()
    lowered = strip_possessive(word).lower()
    keys = [own]
    for ending, nominatives in _RUSSIAN_CASE_ENDINGS:
        stem = lowered.removesuffix(ending)
        if stem != lowered and len(stem) >= _SHORTEST_STEM:
            keys.extend(word_key(stem + nominative) for nominative in nominatives)
    return tuple(key for key in dict.fromkeys(keys) if key)


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
    keys: tuple[str, ...]


def _text_words(text: str) -> list[_Word]:
    found = []
    for match in _WORD.finditer(text):
        bare = strip_possessive(match.group())
        keys = word_keys(bare)
        if keys:
            found.append(_Word(bare, match.start(), match.start() + len(bare), keys))
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
    A Russian word matches in any grammatical case (see `word_keys`): "задержание
    Алексея Навального" mentions Алексей Навальный.
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
        self._prefixes = {keys[:length] for keys in self._full_names for length in range(len(keys))}
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
            length, people = self._full_name_at(text_words, position)
            if length:
                span = text_words[position : position + length]
                form = text[span[0].start : span[-1].end]
                for person in people:
                    _add_form(found[person], form)
            else:
                word = text_words[position]
                if not word.text.islower():
                    for person in {
                        self._surnames[key] for key in word.keys if key in self._surnames
                    }:
                        _add_form(found[person], word.text)
                length = 1
            position += length
        return dict(found)

    def _full_name_at(self, text_words: list[_Word], position: int) -> tuple[int, set[Hashable]]:
        """The longest full name starting at `position`: its length in words and its people.

        Each word may stand for several keys (`word_keys`); only sequences of
        keys that begin some name are followed further.
        """
        longest, people = 0, set()
        prefixes = [()]
        for length in range(1, min(self._longest, len(text_words) - position) + 1):
            word = text_words[position + length - 1]
            extended = [(*prefix, key) for prefix in prefixes for key in word.keys]
            named = set().union(*(self._full_names.get(keys, ()) for keys in extended))
            if named:
                longest, people = length, named
            prefixes = [keys for keys in extended if keys in self._prefixes]
            if not prefixes:
                break
        return longest, people


def _add_form(forms: list[str], form: str) -> None:
    form = " ".join(form.split())
    if form not in forms:
        forms.append(form)


def padded_keys(*texts: str) -> str:
    """' key key … ': leading and trailing spaces make every word matchable as ` word `."""
    keys = " ".join(key for key in (search_key(text) for text in texts) if key)
    return f" {keys} " if keys else ""
