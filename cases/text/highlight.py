"""Cutting a text into runs for highlighting cited passages.

Citations are stored as offsets into a source's text and may overlap, even
cross one another ("A called for B's release" cited for a position, "B's
release" for an event). HTML elements cannot cross, so the text is cut at
every start and end offset into runs, each knowing which passages cover it;
the template tag then wraps each run in one `<mark>` per covering passage.
No Django imports: this is offset arithmetic only.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key")


@dataclass(frozen=True)
class Run(Generic[Key]):
    text: str
    # The passages covering the run, the one starting first outermost.
    keys: tuple[Key, ...]
    # Passages whose first run this is (where their anchor goes) ...
    starting: tuple[Key, ...]
    # ... and whose last run this is (where their link back goes).
    ending: tuple[Key, ...]


def runs(text: str, spans: list[tuple[int, int, Key]]) -> list[Run[Key]]:
    """`text` cut into runs, each with the keys of the `(start, end, key)` spans covering it.

    Spans outside the text are clipped to it and empty ones dropped, so a
    stale offset never raises or duplicates text; every character of `text`
    appears in exactly one run, in order.
    """
    length = len(text)
    clipped = []
    for start, end, key in spans:
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if start < end:
            clipped.append((start, end, key))
    # Longer passages first among those starting together, so they nest outside.
    clipped.sort(key=lambda span: (span[0], -span[1]))

    cuts = sorted({0, length, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    result = []
    started = set()
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [(s, e, k) for s, e, k in clipped if s <= left and right <= e]
        keys = tuple(k for _, _, k in covering)
        starting = tuple(k for s, _, k in covering if s == left and k not in started)
        started.update(starting)
        ending = tuple(k for _, e, k in covering if e == right)
        result.append(Run(text[left:right], keys, starting, ending))
    return result
