"""Reading the first lines of a saved article: title, byline, body.

The plain-text layout the registry imports is

    Moscow open to better Washington ties
    By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12

    Russian Foreign Minister Sergei Lavrov and ...

Bylines vary from outlet to outlet: the author, the place ("in Moscow"),
the outlet and the date may each be missing, there may be several authors,
and the date may be labelled "Published:" or "Updated:". The parser takes
what is there and leaves the rest empty; it never guesses (a date without a
label is not assumed to be the publication date). Times in bylines carry no
zone, so they are returned naive for the caller to place in a zone.

No Django imports.
"""

import datetime
import re
from dataclasses import dataclass

from cases.text.lines import unix_lines
from cases.text.messages import ReadError, gettext_noop

_SEGMENT_SEPARATOR = re.compile(r"\s*[|•·]\s*")
_AUTHORS = re.compile(
    r"^by\s+(?P<authors>.+?)(?:\s+in\s+(?P<place>[^|]+?))?\s*$", re.IGNORECASE | re.DOTALL
)
_AUTHOR_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?P<label>published|updated)\s*:?\s*(?P<value>.+)$", re.IGNORECASE)
# Words kept in capitals when an all-capitals outlet name is title-cased:
# short words and words without vowels are usually acronyms (BBC, AP, CNN).
_VOWELS = set("AEIOUY")
_MAX_WORDS_IN_NAME = 6
_INITIALS_THEN_NAME = re.compile(r"(?:[A-Z]\.\s*)+[^.;:!?\"“”]+")


@dataclass(frozen=True)
class Byline:
    """What a byline states; fields it does not state are empty or None."""

    raw: str
    authors: tuple[str, ...] = ()
    place: str = ""
    outlet: str = ""
    published: datetime.datetime | None = None
    updated: datetime.datetime | None = None
    # Labelled dates whose value could not be read ("Updated: yesterday"):
    # left empty rather than guessed, and reported to the importer.
    unreadable_dates: tuple[str, ...] = ()

    @property
    def author(self) -> str:
        """The authors as one string for `Source.author`, comma-separated."""
        return ", ".join(self.authors)


@dataclass(frozen=True)
class FirstLines:
    """A text split into its title, its byline (if it has one) and its body."""

    title: str
    byline: Byline | None
    body: str


class LayoutError(ReadError):
    """The text does not have the layout of an article (a title, then a body)."""


def title_case_name(name: str) -> str:
    """ "REN QI" -> "Ren Qi"; names already in mixed case are left as printed."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    return name.title()


def title_case_outlet(outlet: str) -> str:
    """ "CHINA DAILY" -> "China Daily", "BBC NEWS" -> "BBC News"; mixed case is kept."""
    outlet = " ".join(outlet.split())
    if not outlet.isupper():
        return outlet
    return " ".join(
        word if len(word) <= 2 or not (_VOWELS & set(word)) else word.title()
        for word in outlet.split()
    )


def parse_datetime(value: str) -> datetime.datetime | None:
    """The moment "2021-02-06 09:12", "2021-02-06" (midnight) or any ISO 8601 value states.

    Aware when the value names its zone ("2021-02-06T09:12:00+08:00"), naive
    otherwise; None when the value is not a date. The one parser of dates for
    bylines, article metadata, seeds and the command line.
    """
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _author_names(authors: str) -> list[str] | None:
    """The names in "REN QI and ZHANG YU", or None when it reads like prose.

    A body that opens "By the time he arrived, ..." must not pass for a
    byline: names are short, start with a capital and carry no sentence
    punctuation.
    """
    names = [name.strip() for name in _AUTHOR_SEPARATOR.split(authors) if name.strip()]
    for name in names:
        if len(name.split()) > _MAX_WORDS_IN_NAME or not name[0].isupper():
            return None
        # Initials ("J. Smith") are the one place a full stop belongs in a name.
        if any(mark in name for mark in '.;:!?"“”') and not _INITIALS_THEN_NAME.fullmatch(name):
            return None
    return names


def parse_byline(line: str) -> Byline | None:
    """The byline a line states, or None when the line is not a byline.

    A line is a byline when one of its `|`-separated segments starts with
    "By" or is a "Published:"/"Updated:" date. Of the other segments, a
    single remaining one is the outlet; with several, which one is the outlet
    would be a guess, so none is taken.
    """
    raw = line.strip()
    if not raw:
        return None
    authors: tuple[str, ...] = ()
    place = ""
    dates: dict[str, datetime.datetime | None] = {}
    has_date_label = has_author = False
    others = []
    unreadable: list[str] = []
    for segment in _SEGMENT_SEPARATOR.split(raw):
        if not segment:
            continue
        if (
            not has_author
            and (match := _AUTHORS.match(segment))
            and (names := _author_names(match["authors"]))
        ):
            has_author = True
            authors = tuple(title_case_name(name) for name in names)
            place = " ".join((match["place"] or "").split())
        elif match := _DATE_LABEL.match(segment):
            has_date_label = True
            label, value = match["label"].lower(), match["value"].strip()
            dates[label] = parse_datetime(value)
            if dates[label] is None:
                unreadable.append(f"{match['label']}: {value}")
        else:
            others.append(segment)
    if not (has_author or has_date_label):
        return None
    return Byline(
        raw=raw,
        authors=authors,
        place=place,
        outlet=title_case_outlet(others[0]) if len(others) == 1 else "",
        published=dates.get("published"),
        updated=dates.get("updated"),
        unreadable_dates=tuple(unreadable),
    )


def split_first_lines(text: str) -> FirstLines:
    """Title (first non-empty line), byline (the next line, if it is one) and body.

    Raises LayoutError when there is no title or no body.
    """
    text = unix_lines(text).lstrip("\ufeff")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise LayoutError(gettext_noop("the text is empty"))
    title = " ".join(lines.pop(0).split())
    byline = parse_byline(lines[0]) if lines else None
    if byline is not None:
        lines.pop(0)
    body = "\n".join(lines).strip()
    if not body:
        raise LayoutError(gettext_noop("there is no body text after the title and byline"))
    return FirstLines(title=title, byline=byline, body=body)
