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

- Markdown escapes are undone (`\\###` is "###", `\\[the\\]` is "[the]").
- Hard-wrapped lines are joined into paragraphs with one space; paragraphs
  are separated by one blank line.
- Trailing spaces are dropped, including the two that make a Markdown line
  break: in the archived transcripts such a break falls mid-sentence as often
  as not, so it is joined like any wrapped line.
- Words struck through (`<s>his</s>`) are left out with the space before
  them: the transcript struck them and put its correction in their place
  ("target <s>his</s> \\[the\\] citizens" reads "target [the] citizens").
- Non-breaking spaces inside the body are kept as they are; quotes match them
  as spaces (cases.text.quotes).

The title's YAML escapes are decoded, and its non-breaking spaces (the
archive's `\\_`, which only keep the last words of a headline together) become
plain spaces, so the stored title is the headline as a reader sees it and as
one would search for it.

No Django imports.
"""

import datetime
import re
from dataclasses import dataclass

import yaml

from cases.text.lines import unix_lines
from cases.text.messages import ReadError, gettext_noop

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)^---[ \t]*$\n?", re.M | re.S)
# CommonMark: a backslash before ASCII punctuation makes it literal.
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_STRUCK = re.compile(r"\s*<(s|del|strike)>.*?</\1>", re.S | re.I)
_BLANK_LINES = re.compile(r"\n\s*\n")
# Where the publication time is, best first.
PUBLICATION_KEYS = ("published_time", "date", "modified_time")


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
        # The base loader keeps every value a string, so dates are read below, with
        # their offsets, rather than by YAML's own rules (which drop the offset).
        fields = yaml.load(match["yaml"], Loader=yaml.BaseLoader)  # noqa: S506
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
    return MarkdownArticle(title=title, text=body, url=url, published=published, updated=updated)


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
    """The body's plain text: paragraphs of joined lines, escapes undone, struck words left out."""
    markdown = _STRUCK.sub("", unix_lines(markdown))
    paragraphs = []
    for block in _BLANK_LINES.split(markdown):
        lines = [line.strip() for line in block.split("\n")]
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(_ESCAPE.sub(r"\1", paragraph))
    return "\n\n".join(paragraphs)
