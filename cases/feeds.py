"""Atom feeds of what changes in the registry: new cases, status changes, new positions.

Each feed covers the cases an index view shows: registry-wide, or narrowed
by the index's own filters (`/feeds/status-changes/?detaining_country=RU`,
`?citizenship=US`, any `CaseFilter` parameter), so the index links the feed
of exactly what it lists; `/cases/<slug>/feed/` follows one case. Entries
belong to the cases `Case.objects.visible_to(user)` gives, as on every page,
so a draft never appears to a reader who may not see it. Each entry says
what changed, when (the date the sources give) and on what citation; its
`updated` time is when the registry recorded it.
"""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import CharField, OuterRef, Prefetch, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Citation, Position, StatusChange
from cases.models.visibility import ExistsProbe
from cases.search.filters import CaseFilter
from cases.templatetags.case_pages import display_partial_date

ENTRIES = 50


class Scope:
    """The cases a feed covers: those a filtered index shows, or one case."""

    def __init__(self, request, case=None):
        self.request = request
        self.case = case
        self.query = request.GET.copy()
        self.query.pop("page", None)

    def cases(self):
        visible = Case.objects.visible_to(self.request.user)
        if self.case is not None:
            return visible.filter(pk=self.case.pk)
        case_filter = CaseFilter(self.query, queryset=visible, request=self.request)
        if not case_filter.is_valid():
            # An unknown filter names no cases; a 404 rather than an empty feed that looks valid.
            raise Http404(_("Unknown filter values"))
        # As ids: the filter's ordering and ranking mean nothing inside a subquery.
        return case_filter.qs.order_by().values("id")

    def covers(self, case_field):
        """Whether the case in `case_field` of each record is one of the feed's, asked of each
        record in turn as the feed walks its newest-first index (`ExistsProbe`) until it has
        its entries. As `IN (...)`, the feed read every matching record and sorted them
        (at 1,000,000 cases, 1 s for the new cases).

        The feed's cases are among those the reader may see (`cases()`), so a
        status change's or position's feed needs no `visible_to()` of its own: that would
        join every published case, and SQLite would start from them and sort.
        """
        return ExistsProbe(self.cases().filter(pk=OuterRef(case_field)))

    def index_url(self):
        if self.case is not None:
            return self.case.get_absolute_url()
        query = self.query.urlencode()
        return reverse("cases:case-list") + (f"?{query}" if query else "")

    def words(self):
        """What the feed is about, for its title: "Paul Whelan", or "detained in Russia"."""
        if self.case is not None:
            return self.case.person.name
        return _("filtered cases") if self.query else _("all cases")


def _newest(records, scope):
    """The newest entries first, each with its citations and the site's address (a feed reader
    follows no link relative to the page it was read from).

    A citation names its source's title and outlet, never its whole text.
    """
    citations = Citation.objects.select_related("source").defer("source__text")
    site = Value(scope.request.build_absolute_uri("/"), output_field=CharField())
    return (
        records.annotate(site=site)
        .prefetch_related(Prefetch("citations", queryset=citations))
        .order_by("-created_at", "-id")[:ENTRIES]
    )


class RegistryFeed(Feed):
    feed_type = Atom1Feed
    kind = ""
    # Atom asks for an author of the feed when entries have none of their own.
    author_name = gettext_lazy("Detained citizens registry")

    def get_object(self, request, slug=None):
        case = None
        if slug is not None:
            case = get_object_or_404(
                Case.objects.visible_to(request.user).select_related("person"), slug=slug
            )
        return Scope(request, case)

    def title(self, scope):
        return f"{self.kind}: {scope.words()} · {self.author_name}"

    def feed_url(self, scope):
        """This feed with its filters: a reader subscribing through it gets the same entries."""
        query = scope.query.urlencode()
        return scope.request.path + (f"?{query}" if query else "")

    def feed_guid(self, scope):
        # Its own address: the feeds of one page (new cases, status changes, ...) differ.
        return scope.request.build_absolute_uri(self.feed_url(scope))

    def link(self, scope):
        return scope.index_url()

    def subtitle(self, scope):
        return self.description

    def item_link(self, item):
        return item.case.get_absolute_url() + self.anchor(item)

    def anchor(self, item):
        return ""

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_description(self, item):
        return format_html(
            "<p>{}</p>{}",
            self.what(item),
            format_html_join("", "{}", ((_cited(c, item.site),) for c in item.citations.all())),
        )


def _cited(citation, site):
    source = citation.source
    path = reverse("cases:source-detail", args=[source.pk]) + f"#citation-{citation.pk}"
    url = urljoin(site, path)
    published = source.dated_on.isoformat() if source.dated_on else _("undated")
    return format_html(
        '<blockquote><p>“{}”</p></blockquote><p>— <a href="{}">{}</a>{}, {}</p>',
        citation.quote,
        url,
        source.title,
        f", {source.outlet}" if source.outlet else "",
        published,
    )


class NewCasesFeed(RegistryFeed):
    kind = gettext_lazy("New cases")
    description = gettext_lazy("Cases added to the registry, newest first.")

    def items(self, scope):
        return _newest(Case.objects.filter(scope.covers("pk")).select_related("person"), scope)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_title(self, item):
        detained = display_partial_date(item, "detained_on")
        words = {"name": item.person.name, "country": item.detaining_country.name, "date": detained}
        # The detention, whatever became of it since (the status follows in the entry).
        if item.detaining_country and detained:
            return _("%(name)s: detained in %(country)s on %(date)s") % words
        if item.detaining_country:
            return _("%(name)s: detained in %(country)s") % words
        return _("%(name)s: detained, country unknown") % words

    def what(self, item):
        status = _("Status: %(status)s.") % {"status": item.get_status_display()}
        return f"{self.item_title(item)}. {status}"

    def item_description(self, item):
        # The case record's own citations, not those of each fact.
        record = [c for c in item.citations.all() if c.claim_kind == c.Claim.CASE]
        return format_html(
            "<p>{}</p>{}",
            self.what(item),
            format_html_join("", "{}", ((_cited(c, item.site),) for c in record)),
        )


class StatusChangesFeed(RegistryFeed):
    kind = gettext_lazy("Status changes")
    description = gettext_lazy("Changes of status (detained, released, …), each with its source.")

    def items(self, scope):
        changes = StatusChange.objects.filter(scope.covers("case_id"))
        return _newest(changes.select_related("case__person"), scope)

    def anchor(self, item):
        return f"#status-change-{item.pk}"

    def item_title(self, item):
        when = display_partial_date(item, "changed_on") or _("date not given")
        return f"{item.case.person.name}: {item.get_status_display()} ({when})"

    def what(self, item):
        certainty = item.get_certainty_display().lower()
        return f"{self.item_title(item)}, {certainty}. {item.description}".strip()


class PositionsFeed(RegistryFeed):
    kind = gettext_lazy("New positions")
    description = gettext_lazy("Official positions taken on cases, each with its source.")

    def items(self, scope):
        positions = Position.objects.filter(scope.covers("case_id"))
        return _newest(positions.select_related("case__person", "actor"), scope)

    def anchor(self, item):
        return f"#position-{item.pk}"

    def item_title(self, item):
        when = display_partial_date(item, "stated_on")
        title = _("%(actor)s on %(name)s: %(stance)s") % {
            "actor": item.actor.name,
            "name": item.case.person.name,
            "stance": item.get_stance_display().lower(),
        }
        return f"{title} ({when})" if when else title

    def what(self, item):
        return f"{self.item_title(item)}. {item.summary}".strip()


FEEDS = {
    "cases": NewCasesFeed,
    "status-changes": StatusChangesFeed,
    "positions": PositionsFeed,
}
