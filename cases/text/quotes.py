"""Finding a quoted passage in a source's text.

Editors copy quotes from browsers, PDFs and e-mails, which change whitespace
and turn straight quotes into curly ones (or back). A quote counts as verbatim
when it matches the text after both are normalised the same way; the match is
reported as offsets into the original, unnormalised text so the stored
passage is exactly what the source says. No Django imports.
"""

import re

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
_WHITESPACE = re.compile(r"\s")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index it came from."""
    characters: list[str] = []
    origins: list[int] = []
    previous_was_space = False
    for index, character in enumerate(text.translate(_EQUIVALENT)):
        if _WHITESPACE.match(character):
            if previous_was_space:
                continue
            character = " "
            previous_was_space = True
        else:
            previous_was_space = False
        characters.append(character)
        origins.append(index)
    return "".join(characters), origins


def normalise_quote(quote: str) -> str:
    return _normalise(quote.strip())[0]


def find_quote(text: str, quote: str, start_hint: int | None = None) -> tuple[int, int] | None:
    """Offsets (start, end) of `quote` in `text`, or None when it is not there.

    When the passage occurs several times, the occurrence at `start_hint`
    (if any) wins, so re-checking a stored citation keeps its place;
    otherwise the first occurrence is taken.
    """
    needle = normalise_quote(quote)
    if not needle:
        return None
    haystack, origins = _normalise(text)
    matches = [m.start() for m in re.finditer(re.escape(needle), haystack)]
    if not matches:
        return None
    position = matches[0]
    if start_hint is not None:
        for candidate in matches:
            if origins[candidate] == start_hint:
                position = candidate
                break
    last = position + len(needle) - 1
    return origins[position], origins[last] + 1
