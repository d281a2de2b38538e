"""Spreadsheet cells that a spreadsheet would run as formulas, and how exports guard them.

Text taken from news sources must not run as a formula on a reader's
machine: an export writes such a cell with a leading apostrophe, and an
import of that export reads it back without. No Django imports.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """A cell as written before an export guarded it: "'=1+1" -> "=1+1"."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
