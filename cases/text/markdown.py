"""Reading an article saved as Markdown with a YAML front matter, as web archives keep them.

    ---
    title: "Statement from President Joe\\_Biden on the Return of Trevor\\_Reed"
    published_time: 2022-04-27 07:57:24-04:00
    source_url: https://...
    ---

    Today, we welcome home Trevor Reed and celebrate his return to the
    family that missed him dearly. ...

    \\###

The body becomes plain text that reads as the statement reads, so quotes
cited from it match the published wording:

- Markdown escapes are undone (`\\###` is "###", `\\[the\\]` is "[the]"); an
  escaped character is never markup.
- Hard-wrapped lines are joined into paragraphs with one space; paragraphs
  are separated by one blank line.
- Trailing spaces are dropped, including the two that make a Markdown line
  break: in the archived transcripts such a break falls mid-sentence as often
  as not, so it is joined like any wrapped line.
- The converter's markup is read as a reader sees the page: a link keeps its
  text (`[the statement](https://...)` is "the statement", however its URL
  was wrapped), an image is left out with the space before it, emphasis
  loses its `*` and `_` (not inside a word: "snake_case" and "2*3*4" stay),
  headings their `#`, quotations their `>`, and a thematic break (`* * *`)
  is left out. A heading, and each list item, is a paragraph of its
  own; a bullet is left out, an ordered item keeps its number, as the page
  shows it. A list marker counts only where a paragraph or another item
  begins: a hard-wrapped line may start with "- " or "2020. " by chance.
- Words struck through (`<s>his</s>`, also `<del>`, `<strike>`, with or
  without attributes, and `~~his~~`) are left out with the space before them:
  the transcript struck them and put its correction in their place ("target
  <s>his</s> \\[the\\] citizens" reads "target [the] citizens"). A strike ends
  within its paragraph; a tag left unclosed there is dropped, its words kept.
- HTML entities ending in ";" are decoded after the escapes are undone
  (`&amp;` and `\\&amp;` are "&", `&#8217;` is "’"); an ampersand without one
  ("AT&T") stays as written.
- Non-breaking spaces inside the body are kept as they are; quotes match them
  as spaces (cases.text.quotes).

The title's YAML escapes are decoded, and its non-breaking spaces (the
archive's `\\_`, which only keep the last words of a headline together) become
plain spaces, so the stored title is the headline as a reader sees it and as
one would search for it. A field written `null`, `~` or left empty is absent.

No Django imports.
"""

import datetime
import html
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import yaml

from cases.text.lines import unix_lines
from cases.text.messages import ReadError, gettext_noop

# Blank lines may come before it, and YAML's document end "..." may close it.
_FRONT_MATTER = re.compile(
    r"\A\ufeff?(?:[ \t]*\n)*---[ \t]*\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.M | re.S
)
# Where the publication time is, best first.
PUBLICATION_KEYS = ("published_time", "date", "modified_time")

# What a line starts with, read before its paragraph is joined.
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+[ \t]?")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?=[ \t]|$)")
_THEMATIC_BREAK = re.compile(r"[ \t]*([*_-])(?:[ \t]*\1){2,}[ \t]*")
# Ends where an item's text begins: after a bullet, or at an ordered item's number.
_LIST_ITEM = re.compile(r"[ \t]*(?:[*+-][ \t]+|(?=\d{1,9}[.)][ \t]))(?=\S)")

# CommonMark: a backslash before ASCII punctuation makes it literal. Until the markup
# is read, an escaped character stands in as one of the 32 noncharacters U+FDD0-U+FDEF,
# which Unicode keeps for a program's own use and out of published text, so no pattern
# below takes it for markup.
_ESCAPE = re.compile(rf"\\([{re.escape(string.punctuation)}])")
_STAND_INS = {char: chr(0xFDD0 + index) for index, char in enumerate(string.punctuation)}
_LITERALS = str.maketrans({stand_in: char for char, stand_in in _STAND_INS.items()})

# Struck words and the whitespace before them. A strike's text stops at the next tag of
# its name, so each character is looked at a few times however many tags are left open;
# `(?<!\s)` starts the whitespace at its first character for the same reason.
_STRUCK = re.compile(
    r"(?<!\s)\s*(?:<(?P<tag>s|del|strike)(?=[\s>])[^<>]*>"
    r"(?:[^<]|<(?!/?(?P=tag)[\s>]))*+</(?P=tag)\s*>"
    r"|~~(?=\S)(?:[^~]|~(?!~))*+(?<=\S)~~)",
    re.I,
)
_STRIKE_TAG = re.compile(r"</?(?:s|del|strike)(?=[\s>])[^<>]*>", re.I)
# A link's destination: spaces where a hard-wrapped line was joined, and one level of
# parentheses, as in Wikipedia's "Name_(disambiguation)".
_DESTINATION = r"\((?:[^()]|\([^()]*\))*\)"
_IMAGE = re.compile(rf"(?<!\s)\s*!\[[^\[\]]*\]{_DESTINATION}")
_LINK = re.compile(rf"\[(?P<text>[^\[\]]*)\]{_DESTINATION}")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _emphasis(mark: str) -> re.Pattern:
    """One to three `mark`s each side of a text, neither side inside a word."""
    mark = re.escape(mark)
    return re.compile(
        rf"(?<![\w{mark}])(?P<run>{mark}{{1,3}})(?![\s{mark}])"
        rf"(?P<text>[^{mark}]+?)(?<![\s{mark}])(?P=run)(?![\w{mark}])"
    )


# Underscores first: the converter writes a strong text in emphasis `_**so**_`.
_EMPHASES = (_emphasis("_"), _emphasis("*"))


class _FrontMatterLoader(yaml.BaseLoader):
    """Every value a string, as BaseLoader reads it, except that a plain `null`, `~` or
    nothing is None, so `modified_time: null` is read as no time at all. A quoted
    "null" stays a string."""


_FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:null", lambda loader, node: None)


class MarkdownError(ReadError):
    """A text that is not a Markdown article with a front matter; the message says why."""


@dataclass(frozen=True)
class MarkdownArticle:
    title: str
    text: str
    url: str
    # Aware when the front matter gives a time with its offset; a date alone otherwise.
    published: datetime.datetime | datetime.date | None
    updated: datetime.datetime | datetime.date | None
    # The archive's sections for it, e.g. ["statements-releases"].
    tags: list[str] = field(default_factory=list)


def has_front_matter(text: str) -> bool:
    return _FRONT_MATTER.match(unix_lines(text)) is not None


def parse_markdown_article(text: str) -> MarkdownArticle:
    """The article in `text`; raises MarkdownError when it cannot be read."""
    text = unix_lines(text)
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise MarkdownError(
            gettext_noop("no YAML front matter (a first line “---”, the fields, then “---”)")
        )
    try:
        # Values stay strings, so dates are read below, with their offsets, rather than
        # by YAML's own rules (which drop the offset).
        fields = yaml.load(match["yaml"], Loader=_FrontMatterLoader)  # noqa: S506
    except yaml.YAMLError as error:
        raise MarkdownError(
            gettext_noop("the front matter is not valid YAML: %(detail)s"), detail=error
        ) from error
    if not isinstance(fields, dict):
        raise MarkdownError(gettext_noop("the front matter is not a list of fields"))
    title = " ".join(str(fields.get("title") or "").replace("\u00a0", " ").split())
    if not title:
        raise MarkdownError(gettext_noop("the front matter has no title"))
    body = markdown_to_text(text[match.end() :])
    if not body:
        raise MarkdownError(gettext_noop("the article has no text"))
    published = next(
        (_moment(fields[key], key) for key in PUBLICATION_KEYS if fields.get(key)), None
    )
    updated = (
        _moment(fields["modified_time"], "modified_time") if fields.get("modified_time") else None
    )
    url = str(fields.get("source_url") or "").strip()
    tags = fields.get("tags") or []
    return MarkdownArticle(
        title=title,
        text=body,
        url=url,
        published=published,
        updated=updated,
        tags=[str(tag).strip() for tag in (tags if isinstance(tags, list) else [tags])],
    )


def _moment(value, key) -> datetime.datetime | datetime.date:
    value = str(value).strip()
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise MarkdownError(
            gettext_noop("%(field)s “%(value)s” is not a date or date and time"),
            field=key,
            value=value,
        ) from error


def markdown_to_text(markdown: str) -> str:
    """The body's plain text: paragraphs of joined lines, markup and escapes read, struck
    words left out."""
    paragraphs = (_plain_text(" ".join(lines)) for lines in _paragraphs(unix_lines(markdown)))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _paragraphs(markdown: str) -> Iterator[list[str]]:
    """The stripped lines of each paragraph, heading and list item, block markers off."""
    for block in _blocks(markdown.split("\n")):
        if _QUOTE_MARKERS.match(block[0]):
            # The quotation's own blank lines (">" alone) separate its paragraphs.
            yield from _paragraphs("\n".join(_QUOTE_MARKERS.sub("", line) for line in block))
        elif heading := _HEADING.match(block[0]):
            yield [_heading_text(block[0][heading.end() :])]
        elif _LIST_ITEM.match(block[0]):
            yield from _list_items(block)
        else:
            yield [line.strip() for line in block]


def _blocks(lines: Iterable[str]) -> Iterator[list[str]]:
    """Runs of lines between blank lines; a heading is a block of its own, and a thematic
    break separates blocks as a blank line does."""
    block = []
    for line in lines:
        if line.strip() and not _HEADING.match(line) and not _THEMATIC_BREAK.fullmatch(line):
            block.append(line)
            continue
        if block:
            yield block
            block = []
        if _HEADING.match(line):
            yield [line]
    if block:
        yield block


def _heading_text(text: str) -> str:
    """A heading's text without the `#`s that may close it ("Title ##", not "C#")."""
    text = text.strip()
    opened = text.rstrip("#")
    return opened.strip() if not opened or opened[-1] in " \t" else text


def _list_items(block: list[str]) -> Iterator[list[str]]:
    """The lines of each item; a line without a marker continues the item before it."""
    item = []
    for line in block:
        marker = _LIST_ITEM.match(line)
        if marker and item:
            yield item
            item = []
        item.append(line[marker.end() :].strip() if marker else line.strip())
    yield item


def _plain_text(paragraph: str) -> str:
    """A joined paragraph as a reader sees it: markup read, escapes undone, entities decoded."""
    text = _ESCAPE.sub(lambda escape: _STAND_INS[escape[1]], paragraph)
    text = _STRIKE_TAG.sub("", _STRUCK.sub("", text))
    text = _LINK.sub(r"\g<text>", _IMAGE.sub("", text))
    for emphasis in _EMPHASES:
        text = emphasis.sub(r"\g<text>", text)
    text = _ENTITY.sub(lambda entity: html.unescape(entity[0]), text.translate(_LITERALS))
    return text.strip()
