"""Every route of the site, asked about the draft by each kind of reader.

The routes come from the URL configuration, so a new endpoint or page is
walked without being listed here; a route the suite does not know how to
exercise fails `test_the_suite_knows_how_to_exercise_every_route`, and a
filter it does not know fails the walk of its list.

For a reader who may not see drafts, every request naming the draft (its id,
slug, words, country) must answer exactly as the same request naming a ghost,
and no response may hold a marker word or id of the draft. Editors and viewers
must find the draft wherever it is asked for.
"""

import html
import re
import string
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cases.api import urls as api_urls
from cases.search.filters import AnyOfFilter, CaseFilter

from .conftest import DRAFT, DRAFT_ID, GHOST, MARKERS, ROLES, SEES_DRAFTS, country_name

ROUTER = api_urls.router


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the view's dotted path when unnamed
    pattern: str


def walk(patterns=None, prefix="", namespace=""):
    """Every route of the URL configuration, as (name, pattern)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, pattern, inner)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            name = entry.name or f"{callback.__module__}.{callback.__name__}"
            yield Route(f"{namespace}{name}", pattern)


# The admin's many routes are one: staff only, walked by tests/admin/.
ADMIN = Route("admin", "admin/")
ROUTES = sorted(
    {ADMIN if route.name.startswith("admin:") else route for route in walk()},
    key=lambda route: (route.name, route.pattern),
)


@dataclass
class Probe:
    """One request, written with {placeholders} that DRAFT, GHOST or the public values fill."""

    path: str
    params: dict = field(default_factory=dict)
    method: str = "get"
    headers: dict = field(default_factory=dict)
    # Whether editors and viewers must find the draft in the answer.
    shows_draft: bool = False
    # Writes are sent only by readers who may not write (and so change nothing).
    writes: bool = False

    def names(self):
        texts = [self.path, *self.params.values()]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}

    def draft_names(self):
        """The placeholders naming the draft, whose values the ghost replaces."""
        return sorted(self.names() & set(DRAFT))

    def send(self, client, values):
        path = self.path.format(**values)
        params = {name: value.format(**values) for name, value in self.params.items()}
        if self.method in ("get", "head", "options") and params:
            path = f"{path}?{urlencode(params)}"
        return getattr(client, self.method)(path, **self.headers)


# Probes per resource and per filter

VIEWSETS = {basename: viewset for _, viewset, basename in ROUTER.registry}
# A record's placeholder per resource, and the words its search finds the draft by.
LOOKUPS = {
    "case": "{case_slug}",
    "person": "{person_slug}",
    "charge": "{charge_id}",
    "event": "{event_id}",
    "actor": "{actor_id}",
    "position": "{position_id}",
    "source": "{source_id}",
    "statuschange": "{status_change_id}",
    "citation": "{citation_id}",
}
SEARCH_WORDS = {"case": "{name_word}", "person": "{name_word}", "source": "{source_word}"}
# Filters naming the draft: asked for with the draft's value, then a ghost's; each
# value with whether the draft matches it (a body above the draft's actor has no position).
NAMING_FILTERS = {
    "case": [("{case_slug}", True), ("{case_id}", True)],
    "source": [("{source_id}", True)],
    "actor": [("{actor_id}", True), ("{parent_actor_id}", False)],
    "charge": [("{charge_word}", True)],
    "outlet": [("{outlet}", True)],
    "close_to": [("{name_word}", True)],
    "detaining_country": [("{country}", True)],
    "citizenship": [("{country}", True)],
    "country": [("{country}", True)],
    "actor_country": [("{country}", True)],
}
# Filters on values many records share: asked for with a value the draft matches, or not.
SHARED_VALUE_FILTERS = {
    "status": ("house_arrest", True),
    "outcome": ("dropped", True),
    "stance": ("disputes_charges", True),
    "published": ("false", True),
    "released": ("false", True),
    "detained_after": ("2020-01-01", True),
    "detained_before": ("2020-12-31", True),
    "released_after": ("2000-01-01", False),  # the draft has no release date
    "released_before": ("2030-12-31", False),
    "published_after": ("2020-01-01", True),
    "published_before": ("2020-12-31", True),
    "ordering": ("-updated_at", True),
    "certainty": ("confirmed", True),
    "last_sourced_after": ("2020-01-01", True),
    "last_sourced_before": ("2020-12-31", True),
    "stale": ("true", True),
    "from_list": ("false", True),
    "needs_citation": ("false", True),
    "review_state": ("draft", True),
}
KINDS = {"event": "transfer", "actor": "court"}


def known(table, key, what):
    """`table[key]`, or a failure saying what the suite must be taught."""
    if key not in table:
        pytest.fail(f"The security suite does not know {what} `{key}`: add it to this module.")
    return table[key]


def filter_probes(basename, path, filterset_class):
    probes = []
    for name, filter_ in filterset_class.base_filters.items():
        if name == "search":
            values = [(known(SEARCH_WORDS, basename, "the draft's words for searching"), True)]
        elif name == "kind" and isinstance(filter_, AnyOfFilter):
            values = [(known(KINDS, basename, "the draft's kind of"), True)]
        elif name in NAMING_FILTERS:
            values = NAMING_FILTERS[name]
        elif name in SHARED_VALUE_FILTERS:
            values = [SHARED_VALUE_FILTERS[name]]
        else:
            pytest.fail(
                f"The security suite does not know how to exercise the filter `{name}` "
                f"of {filterset_class.__name__}: add it to NAMING_FILTERS or SHARED_VALUE_FILTERS."
            )
        probes += [Probe(path, {name: value}, shows_draft=shows) for value, shows in values]
    return probes


def api_list_probes(basename, path):
    viewset = VIEWSETS[basename]
    probes = [
        Probe(path, shows_draft=True),
        Probe(path, {"page_size": "200"}, shows_draft=True),
        Probe(path, {"format": "api"}, shows_draft=True),
        Probe(path, {"format": "json", "page": "2"}),
        Probe(path, method="options"),
        *filter_probes(basename, path, viewset.filterset_class),
    ]
    if "csv" in {renderer.format for renderer in viewset.renderer_classes}:
        probes += [
            Probe(path, {"format": "csv"}, shows_draft=True),
            Probe(path, headers={"HTTP_ACCEPT": "text/csv"}, shows_draft=True),
            Probe(path, {"format": "csv", "search": "{name_word}"}, shows_draft=True),
        ]
    return probes


def api_detail_probes(basename, path):
    probes = [
        Probe(path, shows_draft=True),
        Probe(path, {"format": "api"}, shows_draft=True),
        Probe(path, method="options"),
        Probe(path, method="patch", writes=True),
        Probe(path, method="put", writes=True),
        Probe(path, method="delete", writes=True),
    ]
    if basename == "actor":  # the body an actor of the draft is part of
        parent = path.replace("{actor_id}", "{parent_actor_id}")
        probes += [Probe(parent, shows_draft=True), Probe(parent, method="options")]
    return probes


def api_route_probes(route):
    """Probes of a router route, or None when `route` is not one."""
    basename, _, action = route.name.rpartition("-")
    if basename not in VIEWSETS:
        return None
    prefix = "/api/v1/" + next(p for p, _, b in ROUTER.registry if b == basename) + "/"
    # A pattern with a format suffix (`/cases.json`) is the same view asked for JSON.
    suffix = ".json" if "(?P<format>" in route.pattern else ""
    detail = f"{prefix}{known(LOOKUPS, basename, 'the draft record of the resource')}"
    if action == "list":
        probes = api_list_probes(basename, f"{prefix.rstrip('/')}{suffix}" if suffix else prefix)
        return probes if not suffix else probes[:1]
    if action == "detail":
        probes = api_detail_probes(basename, f"{detail}{suffix}" if suffix else f"{detail}/")
        return probes if not suffix else probes[:1]
    if action == "history":
        probes = [Probe(f"{detail}/history{suffix or '/'}", shows_draft=True)]
        return probes + [Probe(f"{detail}/history/", {"page_size": "1", "page": "2"})]
    return None


def index_probes():
    return [
        Probe("/", shows_draft=True),
        Probe("/", {"page": "1", "search": "{name_word}"}, shows_draft=True),
        *filter_probes("case", "/", CaseFilter),
    ]


PAGE_PROBES = {
    "cases:case-list": index_probes,
    # The downloads filter exactly as the index does.
    "cases:case-download": lambda: [
        Probe("/cases.csv", shows_draft=True),
        Probe("/cases.json", shows_draft=True),
        Probe("/cases.json", {"search": "{name_word}"}, shows_draft=True),
        *filter_probes("case", "/cases.csv", CaseFilter),
    ],
    "cases:data": lambda: [Probe("/data/")],
    "cases:about": lambda: [Probe("/about/")],
    "cases:language": lambda: [
        Probe("/language/", {"language": "ru", "next": "/cases/{case_slug}/"}),
    ],
    **{
        f"cases:feed-{kind}": lambda kind=kind: [
            Probe(f"/feeds/{kind}/", shows_draft=True),
            Probe(f"/feeds/{kind}/", {"detaining_country": "{country}"}, shows_draft=True),
            Probe(f"/feeds/{kind}/", {"search": "{name_word}"}, shows_draft=True),
        ]
        for kind in ("cases", "status-changes", "positions")
    },
    **{
        f"cases:case-feed-{kind}": lambda kind=kind: [
            Probe(f"/cases/{{case_slug}}/feeds/{kind}/", shows_draft=True),
            Probe(f"/cases/{{public_case_slug}}/feeds/{kind}/"),
        ]
        for kind in ("status-changes", "positions")
    },
    "cases:case-detail": lambda: [
        Probe("/cases/{case_slug}/", shows_draft=True),
        Probe("/cases/{public_case_slug}/"),
    ],
    "cases:source-detail": lambda: [
        Probe("/sources/{source_id}/", shows_draft=True),
        Probe("/sources/{public_source_id}/"),
    ],
    "api-root": lambda: [Probe("/api/v1/"), Probe("/api/v1/", {"format": "api"})],
    "schema": lambda: [Probe("/api/schema/"), Probe("/api/schema/", {"format": "json"})],
    "api-docs": lambda: [Probe("/api/docs/"), Probe("/api/docs/", method="options")],
    "cases.api.urls.not_found": lambda: [
        Probe("/api/v1/{case_slug}/"),
        Probe("/api/v1/cases/{case_slug}/charges/"),
    ],
}


def probes_for(route):
    if route == ADMIN:
        # Staff only: none of the four readers gets past the login page.
        return [Probe("/admin/"), Probe("/admin/cases/case/{case_id}/change/")]
    if route.name in PAGE_PROBES:
        return PAGE_PROBES[route.name]()
    return api_route_probes(route)


def test_the_suite_knows_how_to_exercise_every_route():
    unknown = [route for route in ROUTES if probes_for(route) is None]
    assert not unknown, (
        "Routes the security suite does not know how to exercise; teach probes_for() "
        f"about them: {unknown}"
    )


# Comparing answers


def body_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


VOLATILE = [
    # A fresh CSRF token on every page a signed-in reader gets.
    (re.compile(r'(csrfmiddlewaretoken" value="|"csrfToken": "|csrftoken=)[^"\s;]*'), r"\1…"),
    # The language switcher's links carry the page's own address, the probe's words included.
    (re.compile(r"(/language/\?language=\w+&amp;next=)[^\"]*"), r"\1…"),
    # An Atom feed with no entries is dated at the moment it is asked for.
    (re.compile(r"(<feed [^>]*>(?:(?!<entry>).)*?<updated>)[^<]*"), r"\1…"),
]


def normalised(response, values, names):
    """The body, with what the probe sent (in any encoding) replaced by its placeholder's name."""
    text = body_of(response)
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    for name in names:
        value = values[name]
        forms = {value, html.escape(value), quote(value), quote_plus(value)}
        if name == "country":
            forms |= {value.lower(), country_name(value), html.escape(country_name(value))}
        for form in sorted(forms, key=len, reverse=True):
            text = re.sub(rf"(?<![\w.]){re.escape(form)}(?!\w)", f"⟨{name}⟩", text)
    return text


def leaks(text):
    found = [word for word in MARKERS if word.lower() in text.lower()]
    return found + DRAFT_ID.findall(text)


def check(probe, reader, role, public):
    draft_values, ghost_values = {**DRAFT, **public}, {**GHOST, **public}
    names = probe.draft_names()
    response = probe.send(reader, draft_values)
    where = f"{probe.method.upper()} {probe.path} {probe.params} as {role}"
    assert response.status_code < 500, where
    text = normalised(response, draft_values, names)
    if not SEES_DRAFTS[role]:
        assert not leaks(text), f"{where} shows the draft: {leaks(text)}"
        if names:
            ghost = probe.send(reader, ghost_values)
            assert response.status_code == ghost.status_code, where
            assert text == normalised(ghost, ghost_values, names), (
                f"{where} answers otherwise than for a record that does not exist"
            )
    elif probe.shows_draft:
        assert response.status_code == 200, where
        assert leaks(text), f"{where} does not show the draft to a reader who may see it"
    elif probe.method == "options":
        assert response.status_code in (200, 405), where


@pytest.mark.parametrize("reader", ROLES, indirect=True)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: f"{route.name} {route.pattern}")
def test_no_route_shows_the_draft_to_readers_who_may_not_see_it(registry, reader, route, request):
    role = request.node.callspec.params["reader"]
    probes = probes_for(route)
    assert probes is not None, f"Unknown route {route}"
    for probe in probes:
        if probe.writes and SEES_DRAFTS[role]:
            continue
        check(probe, reader, role, registry)
