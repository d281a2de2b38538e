"""Template tags for the public pages: partial dates, footnotes and highlighted sources."""

from collections import Counter
from string import ascii_lowercase

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.pages import index
from cases.text import partial_dates
from cases.text.highlight import runs
from cases.text.scripts import language_tag

register = template.Library()

# `<time datetime>` accepts "2021", "2021-01" and "2021-01-17", matching each precision.
_MACHINE_FORMAT = {partial_dates.YEAR: "%Y", partial_dates.MONTH: "%Y-%m"}


def _formats():
    """Django date formats for each precision, translated so each language writes dates its way
    (Russian "17 января 2021" for the English "17 Jan 2021")."""
    return {
        partial_dates.DAY: pgettext("date format, known to the day", "j M Y"),
        partial_dates.MONTH: pgettext("date format, known to the month", "M Y"),
        partial_dates.YEAR: "Y",
    }


@register.filter
def day(value):
    """A date (or the day of a datetime) as the reader's language writes it: "17 Jan 2021"."""
    if not value:
        return ""
    return date_format(value, _formats()[partial_dates.DAY])


def display_partial_date(record, field_name) -> str:
    """A partial date at its precision, as the reader's language writes it; "" when unknown."""
    value = getattr(record, field_name)
    if value is None:
        return ""
    precision = getattr(record, f"{field_name}_precision") or partial_dates.DAY
    return date_format(value, _formats()[precision])


@register.simple_tag
def partial_date(record, field_name, unknown=""):
    """`<time>` for a partial date at the precision its source gives ("Jan 2021", "2019")."""
    value = getattr(record, field_name)
    if value is None:
        return unknown
    precision = getattr(record, f"{field_name}_precision") or partial_dates.DAY
    return format_html(
        '<time datetime="{}">{}</time>',
        value.strftime(_MACHINE_FORMAT.get(precision, "%Y-%m-%d")),
        display_partial_date(record, field_name),
    )


@register.simple_tag
def native_name(person, tag="span", css="native-name"):
    """The person's name in their own script, marked with its language (cases.text.scripts)."""
    language = language_tag(person.native_name, [c.code for c in person.citizenships])
    return format_html(
        '<{} class="{}"{}>{}</{}>',
        tag,
        css,
        format_html(' lang="{}"', language) if language else "",
        person.native_name,
        tag,
    )


@register.inclusion_tag("cases/_citations.html", takes_context=True)
def footnotes(context, citations):
    """Footnote links for a fact, numbered by the source list on the page.

    Two passages of one source cited for the same fact are told apart as
    [1a] and [1b]: they lead to different places in the text.
    """
    numbers = context["source_numbers"]
    per_source = Counter(numbers[citation.source_id] for citation in citations)
    seen = Counter()
    footnotes = []
    for citation in citations:
        number = numbers[citation.source_id]
        label = str(number)
        if per_source[number] > 1:
            index = seen[number]
            label += ascii_lowercase[index] if index < len(ascii_lowercase) else f".{index + 1}"
            seen[number] += 1
        footnotes.append((label, citation))
    return {"footnotes": footnotes}


@register.simple_tag
def highlighted_text(text, spans):
    """The source's text, escaped, with each cited passage in `<mark>`.

    `spans` are `(start, end, citation)`. A passage's first `<mark>` carries
    `id="citation-<id>"`, the target of the case page's footnotes, and a link
    after its last one leads back to the claim on the case page.
    """
    return highlight_citations(text, spans, public_claim_link)


def public_claim_link(citation):
    """Where a highlighted passage on a public page links back to: its footnote on the case page."""
    return f"{citation.case.get_absolute_url()}#cite-ref-{citation.pk}", claim_label(citation)


def located_spans(text, citations):
    """`(start, end, citation)` for each citation found in `text`, its source's current text.

    Found from the stored offsets (Citation.located_in): an edit earlier in
    the text shifts a passage without breaking it.
    """
    return [
        (*found, citation)
        for citation in citations
        if (found := citation.located_in(text)) is not None
    ]


def highlight_citations(text, spans, claim_link):
    """`text`, escaped, with each passage of `spans` (`(start, end, citation)`) in `<mark>`.

    Overlapping passages nest: each run of text gets one `<mark>` per passage
    covering it, the first carrying `id="citation-<id>"`. After a passage's
    last run comes a link to the claim it supports; `claim_link(citation)`
    gives its `(url, label)`, so the public pages and the admin each link to
    their own page of the claim.
    """
    parts = []
    for run in runs(text, spans):
        html = escape(run.text)
        for citation in reversed(run.keys):
            if citation in run.starting:
                html = format_html(
                    '<mark id="citation-{}" class="citation">{}</mark>', citation.pk, html
                )
            else:
                html = format_html('<mark class="citation">{}</mark>', html)
        parts.append(html)
        for citation in run.ending:
            url, label = claim_link(citation)
            parts.append(
                format_html(
                    '<a class="backref" href="{}">'
                    '<span aria-hidden="true">↩</span>'
                    '<span class="visually-hidden">{}</span>'
                    "</a>",
                    url,
                    _("Back to the claim: %(claim)s") % {"claim": label},
                )
            )
    # Every part above is either escaped text or built by format_html.
    return mark_safe("".join(parts))


@register.filter
def claim_label(citation):
    """What a passage supports, in words: "the charge Espionage in the case of Paul Whelan"."""
    person = citation.case.person.name
    if citation.claim_kind != citation.Claim.CASE:
        return _("the %(fact)s in the case of %(person)s") % {
            "fact": citation.supports_label,
            "person": person,
        }
    # A passage citing no particular fact supports the record's dates and place.
    return _("the case record of %(person)s") % {"person": person}


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: what a template cannot write as `mapping.key` for a computed key."""
    return mapping.get(key)


@register.filter
def actor_country(actor):
    """The actor's country, or that of the body it is part of (cases.pages.index.actor_country)."""
    return index.actor_country(actor) or None
