"""Turning saved articles into sources: parse, store once, suggest links.

Three kinds of file are read:

- plain text in the registry's layout (title, byline, blank line, body),
  parsed by `cases.text.bylines`;
- Markdown with a YAML front matter, as web archives keep statements
  (title, publication time with its offset, source URL), parsed by
  `cases.text.markdown`;
- saved HTML pages, whose title, author, outlet, date and body text are
  extracted by trafilatura.

A source is identified by the SHA-256 of its text, so importing the same
article twice finds the first copy and changes nothing.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases.ingest.mentions import Suggestion, suggest_links
from cases.models import Source
from cases.models.sources import text_sha256
from cases.text import bylines, markdown
from cases.text.encodings import LEGACY_ENCODINGS, UnknownEncoding, decode

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
# What a directory import picks up; a file named explicitly is read whatever its suffix.
ARTICLE_SUFFIXES = {".txt", ".text", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES}
# C0 controls other than tab, line feed, form feed and carriage return: no text has them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Fields an importer may set or override from the command line.
OVERRIDABLE_FIELDS = ("url", "outlet", "language", "published_at", "kind")
# Sections of a government's archive that hold its own words (the White House briefing
# room's tags), and hosts that are a government's own.
OFFICIAL_SECTIONS = {
    "statements-releases",
    "speeches-remarks",
    "press-briefings",
    "presidential-actions",
    "readouts",
}
_GOVERNMENT_HOST = re.compile(
    r"(?:^|\.)(?:gov|mil)(?:\.[a-z]{2})?$|(?:^|\.)(?:gouv|gob|gc)\.[a-z]{2}$"
    r"|(?:^|\.)(?:kremlin|government|mid)\.ru$|(?:^|\.)europa\.eu$"
)


class ArticleError(Exception):
    """An article that cannot be read or stored; the message says why, in the current language."""


@dataclass
class ImportResult:
    path: Path
    source: Source
    created: bool
    suggestions: list[Suggestion] = field(default_factory=list)
    # How the file's bytes were read as text (cases.text.encodings), e.g. "utf-8" or "cp1251".
    encoding: str = "utf-8"
    # Sources already at the new source's address: earlier versions of a corrected text.
    earlier_versions: list[Source] = field(default_factory=list)

    @property
    def encoding_guessed(self) -> bool:
        return self.encoding in LEGACY_ENCODINGS


def parse_when(value: str, tz: datetime.tzinfo) -> datetime.datetime:
    """An aware datetime from "2021-02-06", "2021-02-06 09:12" or ISO 8601.

    A value without a zone is read in `tz`; a bare date is midnight there.
    Raises ValueError when the value is not a date.
    """
    moment = bylines.parse_datetime(value)
    if moment is None:
        raise ValueError(f"“{value.strip()}” is not a date or date and time")
    return _aware(moment, tz)


def _aware(moment: datetime.datetime | None, tz: datetime.tzinfo) -> datetime.datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, tz)


def parse_plain_text(text: str, tz: datetime.tzinfo) -> dict:
    """Source fields from text in the registry's layout; raises ArticleError."""
    try:
        first_lines = bylines.split_first_lines(text)
    except bylines.LayoutError as error:
        raise ArticleError(error.translated(gettext)) from error
    fields = {"title": first_lines.title, "text": first_lines.body}
    byline = first_lines.byline
    if byline is not None:
        fields.update(
            byline=byline.raw,
            author=byline.author,
            dateline=byline.place,
            outlet=byline.outlet,
            published_at=_aware(byline.published, tz),
            updated_at=_aware(byline.updated, tz),
        )
    return fields


def parse_markdown(text: str, tz: datetime.tzinfo) -> dict:
    """Source fields from Markdown with a YAML front matter; raises ArticleError.

    A time in the front matter keeps its own UTC offset; a date alone is
    midnight in `tz`.
    """
    try:
        article = markdown.parse_markdown_article(text)
    except markdown.MarkdownError as error:
        raise ArticleError(error.translated(gettext)) from error
    return {
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "kind": likely_kind(article.url, article.tags),
        "published_at": _moment(article.published, tz),
        "updated_at": _moment(article.updated, tz),
    }


def likely_kind(url: str, sections=()) -> str:
    """An official statement when its address is a government's (whitehouse.gov, an archive of
    it, state.gov, gov.uk, kremlin.ru) or its archive files it among a government's releases;
    else a news article. What the importer says (--kind) wins."""
    host = (urlsplit(url).hostname or "").lower()
    if _GOVERNMENT_HOST.search(host) or OFFICIAL_SECTIONS & set(sections):
        return Source.Kind.OFFICIAL_STATEMENT
    return Source.Kind.NEWS_ARTICLE


def _moment(value, tz: datetime.tzinfo) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return _aware(value, tz)
    return _aware(datetime.datetime.combine(value, datetime.time()), tz)


def parse_article_text(text: str, tz: datetime.tzinfo) -> dict:
    """Source fields from an article's text: Markdown with a front matter, else the plain layout."""
    if markdown.has_front_matter(text):
        return parse_markdown(text, tz)
    return parse_plain_text(text, tz)


def parse_html(html: bytes | str, tz: datetime.tzinfo) -> dict:
    """Source fields from a saved web page, through trafilatura; raises ArticleError.

    Struck-through words (<s>, <del>, <strike>) are left out, as the Markdown
    reading leaves them out: a transcript strikes what it corrects.
    """
    page = lxml.html.fromstring(html)
    struck = page.xpath("//s | //del | //strike")
    for element in struck:
        element.drop_tree()  # Its tail, the text after it, stays.
    if struck:
        html = lxml.html.tostring(page, encoding="unicode")
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if document is None or not (document.text or "").strip():
        raise ArticleError(gettext("no article text found in the page"))
    if not document.title:
        raise ArticleError(gettext("no title found in the page"))
    text = document.text.strip()
    # trafilatura keeps the article's heading as the body's first line; the
    # title has a field of its own.
    heading, _, rest = text.partition("\n")
    if heading.strip() == document.title.strip() and rest.strip():
        text = rest.strip()
    fields = {
        "title": " ".join(document.title.split()),
        "text": text,
        "author": bylines.title_case_name(document.author or ""),
        "outlet": bylines.title_case_outlet(document.sitename or ""),
        "url": document.url if (document.url or "").startswith(("http://", "https://")) else "",
        "language": _page_language(page) or (document.language or ""),
        "published_at": _meta_time(page, "article:published_time", tz),
        "updated_at": _meta_time(page, "article:modified_time", tz),
    }
    if fields["published_at"] is None and document.date:
        # trafilatura's date is a day only, read from metadata or the page.
        fields["published_at"] = parse_when(document.date, tz)
    fields["kind"] = likely_kind(fields["url"])
    return fields


def _page_language(page) -> str:
    language = (page.get("lang") or "").strip()
    primary, _, region = language.partition("-")
    return f"{primary.lower()}-{region}" if region else primary.lower()


def _meta_time(page, name: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    """The time in an Open Graph <meta property=...>, which carries a zone, unlike
    trafilatura's date, which keeps the day only."""
    for value in page.xpath("//meta[@property=$name or @name=$name]/@content", name=name):
        try:
            return parse_when(value, tz)
        except ValueError:
            continue
    return None


def is_html(name: str, content: bytes) -> bool:
    """Whether a file is a saved web page: by its name, else by how it begins."""
    if PurePath(name).suffix.lower() in HTML_SUFFIXES:
        return True
    start = content.lstrip()[:100].lower()
    return start.startswith((b"<!doctype html", b"<html"))


def read_article(path: Path, tz: datetime.tzinfo) -> tuple[dict, str]:
    """Source fields from a saved article file, and how its bytes were read as text (an
    HTML page says so itself); raises ArticleError."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ArticleError(error.strerror or str(error)) from error
    if is_html(path.name, content):
        return parse_html(content, tz), "html"
    text, encoding = article_text(content)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return parse_markdown(text, tz), encoding
    return parse_article_text(text, tz), encoding


def article_text(content: bytes) -> tuple[str, str]:
    """The text of an article file and how it was read: UTF-8 or UTF-16, else the likeliest
    legacy code page (a guess, which the importer reports); raises ArticleError."""
    try:
        text, encoding = decode(content)
    except UnknownEncoding as error:
        raise ArticleError(gettext("not text: its encoding could not be recognised")) from error
    if _CONTROL_CHARACTERS.search(text):
        raise ArticleError(gettext("not text: it holds control characters (a binary file?)"))
    return text, encoding


def article_paths(paths: list[Path]) -> list[Path]:
    """The files to import: files as given, and the article files in each directory.

    A directory contributes its visible files ending in .txt, .text, .md/.markdown
    or .html/.htm (not subdirectories), in name order; a path that does not exist
    is kept so that the import reports it.
    """
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.is_file()
                    and not child.name.startswith(".")
                    and child.suffix.lower() in ARTICLE_SUFFIXES
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def fill_source_from_text(source: Source, text: str, tz: datetime.tzinfo | None = None) -> Source:
    """Read pasted text in the article layout, or Markdown with a front matter, into `source`.

    The text loses its first lines (title and byline, or the front matter)
    and becomes the source's text; title, byline, author, outlet, dateline,
    URL and dates are taken from them only where the source's field is still
    empty, so what an editor typed wins. Times without a zone are read in
    `tz` (default: the site's time zone). Raises ArticleError when the text
    has no title or body. For the admin's "paste an article" form.
    """
    fields = parse_article_text(text, tz or timezone.get_default_timezone())
    source.text = fields.pop("text")
    for name, value in fields.items():
        if value and not getattr(source, name):
            setattr(source, name, value)
    return source


def source_from_text(text: str, tz: datetime.tzinfo | None = None, **fields) -> Source:
    """An unsaved Source built from pasted text; `fields` set what the text does not say."""
    return fill_source_from_text(Source(**fields), text, tz)


def existing_source(text: str, other_than: Source | None = None) -> Source | None:
    """The source (other than `other_than`) already holding exactly this text, if any."""
    holding = Source.objects.filter(sha256=text_sha256(text)).exclude(text="")
    if other_than is not None:
        holding = holding.exclude(pk=other_than.pk)
    # What a message naming it reads, not the full text.
    return holding.only("id", "title", "outlet").first()


def import_article(
    path: Path, tz: datetime.tzinfo = datetime.UTC, overrides: dict | None = None
) -> ImportResult:
    """Store the article in `path` unless its text is already a source; suggest links.

    `overrides` sets any of OVERRIDABLE_FIELDS over what the file says.
    Raises ArticleError, naming the reason, when the file cannot be read or
    the source would be invalid.
    """
    fields, encoding = read_article(path, tz)
    fields.update({name: value for name, value in (overrides or {}).items() if value})
    fields = {name: value for name, value in fields.items() if value is not None}
    found = existing_source(fields["text"])
    if found is not None:
        return ImportResult(path, found, created=False, encoding=encoding)
    source = Source(**fields)
    try:
        source.full_clean()
    except ValidationError as error:
        raise ArticleError(_describe(error)) from error
    try:
        with transaction.atomic():
            source.save()
            suggestions = suggest_links(source)
    except IntegrityError:
        # Another import stored the same text meanwhile.
        found = existing_source(fields["text"])
        if found is None:
            raise
        return ImportResult(path, found, created=False, encoding=encoding)
    same_address = Source.objects.filter(url=source.url).exclude(pk=source.pk)
    return ImportResult(
        path,
        source,
        created=True,
        suggestions=suggestions,
        encoding=encoding,
        earlier_versions=list(same_address.only("id", "title", "outlet")) if source.url else [],
    )


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def get_timezone(name: str) -> datetime.tzinfo:
    """The zone named e.g. "Europe/Moscow"; raises ValueError for an unknown name."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone “{name}”") from error
