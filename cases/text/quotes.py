"""Finding a quoted passage in a source's text.

Editors copy quotes from browsers, PDFs and e-mails, which change whitespace
and turn straight quotes into curly ones (or back). A quote counts as verbatim
when it matches the text after both are normalised the same way; the match is
reported as offsets into the original, unnormalised text so the stored
passage is exactly what the source says. No Django imports.
"""

import re
from bisect import bisect_right
from functools import cached_property

# Characters that copy-and-paste commonly swaps for one another.
_EQUIVALENT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
# Whitespace that normalising changes: a run of two or more, or one that is not a space.
_CHANGED_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")


class Origins:
    """For each character of a normalised text, the index in the original it came from.

    Kept as the few places where the two texts shift against each other (one per
    run of whitespace that normalising shortened or replaced), not as a list of
    every character: between two such places the offsets differ by a constant.
    """

    def __init__(self, length):
        self.length = length
        self.starts = [0]  # normalised index where each stretch begins
        self.shifts = [0]  # original index minus normalised index along it

    def add(self, normalised_start, original_start):
        self.starts.append(normalised_start)
        self.shifts.append(original_start - normalised_start)

    def __len__(self):
        return self.length

    def __getitem__(self, position):
        if not 0 <= position < self.length:
            raise IndexError(position)
        return position + self.shifts[bisect_right(self.starts, position) - 1]

    def position_of(self, origin):
        """The normalised position of the character that came from `origin`, or None."""
        for stretch in range(len(self.starts) - 1, -1, -1):
            position = origin - self.shifts[stretch]
            if position >= self.starts[stretch]:
                end = self.starts[stretch + 1] if stretch + 1 < len(self.starts) else self.length
                return position if position < end else None
        return None


def _normalise(text: str) -> tuple[str, Origins]:
    """Normalised text and where each of its characters came from (`Origins`).

    Each run of whitespace becomes one space, standing at the run's first
    character; everything else keeps its place. Only the runs that change are
    visited, so a long source is normalised in well under a millisecond.
    """
    translated = text.translate(_EQUIVALENT)
    pieces: list[str] = []
    origins = Origins(0)
    kept_from = normalised = 0
    # A whole run matches: at its first character, two or more is tried first.
    for run in _CHANGED_WHITESPACE.finditer(translated):
        pieces.append(translated[kept_from : run.start()])
        normalised += run.start() - kept_from
        origins.add(normalised, run.start())
        pieces.append(" ")
        normalised += 1
        kept_from = run.end()
        origins.add(normalised, kept_from)
    pieces.append(translated[kept_from:])
    normalised += len(translated) - kept_from
    origins.length = normalised
    return "".join(pieces), origins


def normalise_quote(quote: str) -> str:
    return _normalise(quote.strip())[0]


class NormalisedText:
    """A source's text normalised once, for finding any number of its quotes.

    Normalised when first searched: a passage still standing exactly at its
    stored offsets (`stands_at`) needs no normalising at all.
    """

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def _normalised(self) -> tuple[str, Origins]:
        return _normalise(self.text)

    @property
    def haystack(self) -> str:
        return self._normalised[0]

    @property
    def origins(self) -> Origins:
        return self._normalised[1]

    def stands_at(self, quote: str, start: int, end: int) -> bool:
        """Whether the text holds `quote` exactly, character for character, at start..end."""
        return self.text[start:end] == quote

    def find(self, quote: str, start_hint: int | None = None) -> tuple[int, int] | None:
        """Offsets (start, end) of `quote` in the text, or None when it is not there.

        When the passage occurs several times, the occurrence at `start_hint`
        (if any) wins, so re-checking a stored citation keeps its place;
        otherwise the first occurrence is taken.
        """
        needle = normalise_quote(quote)
        if not needle:
            return None
        position = self._at(start_hint, needle)
        if position is None:
            position = self.haystack.find(needle)
            if position < 0:
                return None
        last = position + len(needle) - 1
        return self.origins[position], self.origins[last] + 1

    def _at(self, start_hint, needle):
        """The normalised position of `start_hint` if the needle stands there."""
        if start_hint is None:
            return None
        position = self.origins.position_of(start_hint)
        if position is None:
            return None
        return position if self.haystack.startswith(needle, position) else None


def find_quote(text: str, quote: str, start_hint: int | None = None) -> tuple[int, int] | None:
    """Offsets (start, end) of `quote` in `text`, or None when it is not there (see NormalisedText)."""
    return NormalisedText(text).find(quote, start_hint)
