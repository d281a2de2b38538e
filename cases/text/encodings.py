"""Reading the text of a file whatever its encoding: UTF-8, UTF-16, or a legacy code page.

Lists and articles come from Windows machines in cp1251 or cp1252, from
Excel as UTF-16, from Notepad with a byte-order mark. charset-normalizer
guesses a legacy code page among those such files are written in; the caller
says how a text was read (the guess), so a person can check it.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# The single-byte and East Asian encodings files are written in, the more common
# first. Left free, charset-normalizer may prefer a rarer code page (mac_cyrillic)
# that decodes a short Russian list almost the same way, but not quite.
LEGACY_ENCODINGS = ["cp1252", "cp1251", "cp1250", "koi8_r", "gb18030", "big5", "shift_jis"]
_WORD = re.compile(r"[^\W\d_]{3,}")
_LETTERS = re.compile(r"[^\W\d_]+")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnknownEncoding(ValueError):
    """No encoding reads the file as text."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and how it was read: by its byte-order mark, as UTF-16 if
    every other byte is zero, as UTF-8, or as the likeliest legacy encoding (a guess).

    Raises UnknownEncoding when no encoding reads it.
    """
    # A byte-order mark or zero bytes that the rest does not bear out (a truncated file,
    # binary data) are left to the guess below, which may find no encoding either.
    for bom, encoding in BOMS:
        if data.startswith(bom):
            label = encoding.removesuffix("-sig")
            try:
                return data.decode(encoding).lstrip("\ufeff"), f"{label} with byte-order mark"
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    for encoding in ([utf16] if utf16 else []) + ["utf-8"]:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    matches = list(from_bytes(data, cp_isolation=LEGACY_ENCODINGS))
    if not matches:
        raise UnknownEncoding("its text encoding could not be recognised")
    best = min(matches, key=_unlikeliness)
    return str(best), _most_common(best)


def _most_common(match) -> str:
    """The more common of the code pages giving the same text (cp1252 and cp1250 read English
    alike: the text is the same, the name said should be the one it was likely written in)."""
    encodings = [name for name in match.could_be_from_charset if name in LEGACY_ENCODINGS]
    return min(encodings, key=LEGACY_ENCODINGS.index, default=match.encoding)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark, by its zero bytes, which no other text has.

    Digits, delimiters and line ends are zero in one byte of two: the first
    (big-endian) or the second (little-endian).
    """
    if b"\x00" not in data or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < 0.9 * (even + odd):
        return None
    return "utf-16-be" if even > odd else "utf-16-le"


def _unlikeliness(match) -> tuple:
    """How unlikely a legacy decoding is, least first.

    charset-normalizer's measures often tie on a short list of names, between
    code pages that share most letters (cp1252 and cp1250 both read "Núñez" as
    letters). Oddities then tell the wrong one; next comes charset-normalizer's
    language coherence, and last the more common code page (LEGACY_ENCODINGS).
    """
    return (
        round(match.chaos, 3),
        _oddities(str(match)),
        -round(match.coherence, 3),
        LEGACY_ENCODINGS.index(match.encoding),
    )


def _oddities(text: str) -> int:
    """What a wrong code page makes of names: symbols for letters ("£ukasz ¯ó³æ", Polish
    read as cp1252), words of accented letters only ("Čâŕí", Russian read as cp1250), and
    words of two scripts ("It抯", an English apostrophe read as gb18030)."""
    symbols = sum(
        1
        for character in text
        if not character.isascii() and unicodedata.category(character)[0] not in "LMZ"
    )
    accented_words = sum(
        1 for word in _WORD.findall(text) if all(_accented_latin(letter) for letter in word)
    )
    mixed_words = sum(1 for word in _LETTERS.findall(text) if _mixes_scripts(word))
    return symbols + accented_words + mixed_words


def _mixes_scripts(word: str) -> bool:
    """Latin letters and letters of another script in one word."""
    latin = [_is_latin(letter) for letter in word]
    return any(latin) and not all(latin)


def _is_latin(letter: str) -> bool:
    return letter.isascii() or unicodedata.name(letter, "").startswith("LATIN")


def _accented_latin(letter: str) -> bool:
    return not letter.isascii() and unicodedata.name(letter, "").startswith("LATIN")
